"""The state store's connection: SQLite in the data folder by default, PostgreSQL when configured.

What it does: ``open_state(settings)`` returns the process's ``StateStore`` for the configured database
(``settings.database_url``, else ``<data_dir>/state.sqlite3``), created once per URL: it builds the
SQLAlchemy engine, runs the Alembic migrations shipped in ``migrations/`` (under a lock, so that instances
starting together migrate once) and imports the files of older versions (``legacy``). SQLite runs in WAL
mode with owner-only files (0600), and every write transaction takes the write lock at once (BEGIN
IMMEDIATE), so a load-change-save is atomic across threads and processes; on PostgreSQL the callers lock
rows with SELECT ... FOR UPDATE. ``write()`` and ``read()`` give a connection inside one transaction.
What it leaves to others: what is stored (``schema``, the repositories in this package and
``assistant.drafting.storage``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

SQLITE_NAME = "state.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 7_102_018  # a PostgreSQL advisory lock key: one migrating instance at a time
_stores: dict[str, StateStore] = {}
_stores_lock = threading.Lock()


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; everything stored is UTC."""
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=UTC)


def database_url(settings) -> str:
    if settings.database_url:
        return settings.database_url
    return f"sqlite+pysqlite:///{(settings.data_dir / SQLITE_NAME).resolve()}"


class StateStore:
    """One database: ``write()``/``read()`` transactions and its dialect (``sqlite`` or ``postgresql``)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        self._reader = engine.execution_options(state_read=True)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._reader.connect() as conn, conn.begin():
            yield conn

    def migrate(self, revision: str = "head") -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.write() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

    def dispose(self) -> None:
        self.engine.dispose()


def open_state(settings) -> StateStore:
    """The state store for ``settings``, migrated and with older files imported (once per process)."""
    url = database_url(settings)
    with _stores_lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = _open(url, settings)
        return store


def close_all() -> None:
    """Close every open store (tests; a process that forks)."""
    with _stores_lock:
        for store in _stores.values():
            store.dispose()
        _stores.clear()


def engine_for(url: str) -> Engine:
    """The SQLAlchemy engine for ``url`` with this store's settings (SQLite pragmas, PostgreSQL pool)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _open(url: str, settings) -> StateStore:
    from assistant.state.legacy import import_legacy

    store = StateStore(engine_for(url))
    store.migrate()
    import_legacy(store, settings)
    return store


def _sqlite_engine(url: str, path: str | None) -> Engine:
    if path and path != ":memory:":
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(file, os.O_CREAT | os.O_RDWR, 0o600))
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # transactions are begun by _on_begin below
        for pragma in ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON", "synchronous=NORMAL"):
            dbapi_connection.execute(f"PRAGMA {pragma}")
        if path and path != ":memory:":
            _owner_only(Path(path))

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("state_read") else "BEGIN IMMEDIATE")

    return engine


def _owner_only(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        # another connection closing may remove its -wal/-shm file at any moment: never an error
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").chmod(0o600)
