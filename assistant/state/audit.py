"""The audit trail: an append-only record of who did what and when, never of what they wrote.

What it does: ``record(store, actor, action, target)`` appends one event (the time, the user, one of
``ACTIONS``, and at most an id or a user name as the target); ``events(store, since=...)`` reads them back,
oldest first. No question text, answer or draft content ever goes in: the columns have no room for it. The
database itself refuses UPDATE and DELETE on the table (triggers made by the migrations).
What it leaves to others: deciding who may read the trail (``accounts.require_admin``), showing it (the
``assistant audit`` command, the web app's admin view).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select

from assistant.state import schema
from assistant.state.db import aware, utcnow

ACTIONS = (
    "login", "login_failed", "login_locked",
    "draft_created", "draft_changed", "draft_exported", "draft_deleted",
    "conversation_deleted",
    "user_added", "user_removed", "user_password_changed", "user_data_archived",
)


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    action: str
    target: str | None

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action, "target": self.target}


def record(conn_or_store, actor: str, action: str, target: str | None = None) -> None:
    """Append one event; ``conn_or_store`` is an open write connection (same transaction) or the store."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    row = {"at": utcnow(), "actor": str(actor)[:64], "action": action,
           "target": None if target is None else str(target)[:64]}
    if hasattr(conn_or_store, "write"):
        with conn_or_store.write() as conn:
            conn.execute(insert(schema.audit_events).values(**row))
    else:
        conn_or_store.execute(insert(schema.audit_events).values(**row))


def events(store, since: datetime | None = None, newest: int | None = None) -> list[Event]:
    """The events, oldest first: every one (from ``since``), or only the ``newest`` N."""
    table = schema.audit_events
    query = select(table.c.at, table.c.actor, table.c.action, table.c.target)
    if since is not None:  # compared in UTC, as stored (SQLite keeps no offset)
        query = query.where(table.c.at >= aware(since).astimezone(UTC))
    if newest is not None:
        query = query.order_by(table.c.id.desc()).limit(newest)
    else:
        query = query.order_by(table.c.id)
    with store.read() as conn:
        rows = conn.execute(query).all()
    ordered = reversed(rows) if newest is not None else rows
    return [Event(aware(r.at), r.actor, r.action, r.target) for r in ordered]

