"""Drafts in SQLite under the data folder: saved atomically after every turn, listed, loaded, deleted.

What it does: one table ``drafts`` (id, timestamps, status, the draft as JSON) in
``<data_dir>/drafts.sqlite3``, created owner-only (0600; SQLite gives its WAL and shared-memory files the
same mode). WAL journal, a fresh connection per call (safe from many threads and processes), and
``transaction()`` holds a write lock (BEGIN IMMEDIATE) so that load-handle-save of one turn is atomic: a
process killed mid-turn leaves the previous turn's draft intact.
What it leaves to others: what a draft is (``draft``), the conversation (``machine``/``service``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.drafting.draft import Draft, now

DB_NAME = "drafts.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_updated ON drafts(updated_at);
"""
_init_lock = threading.Lock()


class DraftStore:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / DB_NAME
        with _init_lock:
            self._create()

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        for suffix in ("", "-wal", "-shm"):
            # another connection closing may remove its -wal/-shm file at any moment: never an error
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").chmod(0o600)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: everything in it is saved together or not at all."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # one draft -------------------------------------------------------------------------------------
    @staticmethod
    def get(conn: sqlite3.Connection, draft_id: str) -> Draft | None:
        row = conn.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return Draft.from_json(row[0]) if row else None

    @staticmethod
    def put(conn: sqlite3.Connection, draft: Draft) -> None:
        draft.updated_at = now()
        conn.execute(
            "INSERT INTO drafts (id, created_at, updated_at, status, data) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, status = excluded.status, "
            "data = excluded.data",
            (draft.id, draft.created_at, draft.updated_at, draft.status, draft.to_json()),
        )

    def load(self, draft_id: str) -> Draft | None:
        with self._connect() as conn:
            return self.get(conn, draft_id)

    def delete(self, draft_id: str) -> bool:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount > 0

    def all(self) -> list[Draft]:
        with self._connect() as conn:
            rows = conn.execute("SELECT data FROM drafts ORDER BY updated_at DESC, id").fetchall()
        return [Draft.from_json(row[0]) for row in rows]

    def ids_starting(self, prefix: str) -> list[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._connect() as conn:
            rows = conn.execute("SELECT id FROM drafts WHERE id LIKE ? ESCAPE '\\' LIMIT 3",
                                (escaped + "%",)).fetchall()
        return [row[0] for row in rows]
