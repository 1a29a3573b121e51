"""Brings the files of earlier versions into the state store on first start, losing nothing.

What it does: ``import_legacy`` copies ``<data_dir>/drafts.sqlite3`` (every draft, as stored) and
``<data_dir>/progress.json`` (every profile's counts) into the store, in one transaction, then renames each
file to ``*.imported`` (kept, owner-only, so that nothing is ever deleted). Rows that already exist are left
alone, so instances starting together import once. Earlier versions had no accounts: the data goes to the
one web account of ``ASSISTANT_AUTH`` when it is set, else to the user "local" (the web app without logins;
the CLI reaches it with ``ASSISTANT_USER=local``).
What it leaves to others: the tables (``schema``), the draft format (``assistant.drafting.draft``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from pathlib import Path

from sqlalchemy import insert, select

from assistant.state import schema

log = logging.getLogger(__name__)
LOCAL_USER = "local"


def legacy_owner(settings) -> str:
    if settings.auth and ":" in settings.auth:
        return settings.auth.partition(":")[0]
    return LOCAL_USER


def import_legacy(store, settings) -> None:
    drafts_file = Path(settings.data_dir) / "drafts.sqlite3"
    progress_file = Path(settings.data_dir) / "progress.json"
    if drafts_file.exists():
        rows = _old_drafts(drafts_file)
        with store.write() as conn:
            for row in rows:
                _import_draft(conn, legacy_owner(settings), row)
        _set_aside(drafts_file)
        log.warning("imported %d drafts from %s", len(rows), drafts_file)
    if progress_file.exists():
        profiles = _old_progress(progress_file)
        with store.write() as conn:
            for profile, articles in profiles.items():
                for article, (correct, wrong) in articles.items():
                    _insert_new(conn, schema.progress, {"owner": legacy_owner(settings), "profile": profile,
                                                        "article": article, "correct": int(correct),
                                                        "wrong": int(wrong)})
        if progress_file.exists():
            _set_aside(progress_file)
        log.warning("imported the progress of %d profiles from %s", len(profiles), progress_file)


def _old_drafts(path: Path) -> list[tuple]:
    try:  # read-write (never create): closing checkpoints a WAL left by an older process
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=30)
    except sqlite3.OperationalError:  # another instance set it aside meanwhile
        return []
    try:
        return conn.execute("SELECT id, created_at, updated_at, status, data FROM drafts").fetchall()
    finally:
        conn.close()


def _old_progress(path: Path) -> dict:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8"))["profiles"])
    except FileNotFoundError:
        return {}
    except (ValueError, TypeError, KeyError) as error:
        os.replace(path, path.with_name(path.name + ".damaged"))
        log.warning("progress file %s was damaged (%s); set aside as %s.damaged", path, error, path.name)
        return {}


def _import_draft(conn, owner: str, row: tuple) -> None:
    draft_id, created_at, updated_at, status, data = row
    if conn.execute(select(schema.drafts.c.id).where(schema.drafts.c.id == draft_id)).first():
        return
    conn.execute(insert(schema.drafts).values(id=draft_id, owner=owner, created_at=created_at,
                                              updated_at=updated_at, status=status, data=data))
    document = json.loads(data)
    values = [{"draft_id": draft_id, "turn": int(document.get("turns", 0)), "field": key, "value": value,
               "changed_at": updated_at} for key, value in (document.get("fields") or {}).items()]
    if values:
        conn.execute(insert(schema.draft_values), values)


def _insert_new(conn, table, row: dict) -> None:
    keys = [c for c in table.primary_key.columns]
    if not conn.execute(select(*keys).where(*(c == row[c.name] for c in keys))).first():
        conn.execute(insert(table).values(**row))


def _set_aside(path: Path) -> None:
    target = path.with_name(path.name + ".imported")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        with contextlib.suppress(FileNotFoundError):  # another instance may have moved it already
            os.replace(source, Path(f"{target}{suffix}"))
    with contextlib.suppress(FileNotFoundError):
        target.chmod(0o600)
