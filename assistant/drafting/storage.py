"""One user's drafts in the state store: saved in the same transaction as each turn, with every value kept.

What it does: ``DraftStore(settings, user)`` reads and writes the drafts of ``user`` only: a draft is one
JSON document (``drafts.data``) plus one ``draft_values`` row per changed field per turn, so the history of
every value is kept. Every read by id filters on the owner, so another account's id is "no such draft".
``transaction()`` is a write transaction in which ``get`` locks the draft's row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's write lock is taken at BEGIN), so that load-handle-save of one turn is atomic across
threads, processes and app instances: a process killed mid-turn leaves the previous turn intact. Creating,
changing and deleting a draft go in the audit trail (ids only).
What it leaves to others: what a draft is (``draft``), the conversation (``machine``, ``api``), the
database (``assistant.state``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, delete, insert, select, update

from assistant.drafting.draft import Draft, now
from assistant.state import audit, schema
from assistant.state.db import open_state

T, V = schema.drafts, schema.draft_values


def _text(value) -> str | None:
    """A field's value for the history: text as it is, anything else (a list, a number) as JSON."""
    return value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class DraftStore:
    def __init__(self, settings, user: str):
        self.state = open_state(settings)
        self.user = user

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: everything in it is saved together or not at all."""
        with self.state.write() as conn:
            yield conn

    # one draft -------------------------------------------------------------------------------------
    def get(self, conn: Connection, draft_id: str, lock: bool = True) -> Draft | None:
        query = select(T.c.data).where(T.c.id == draft_id, T.c.owner == self.user)
        row = conn.execute(query.with_for_update() if lock else query).first()
        return Draft.from_json(row.data) if row else None

    def put(self, conn: Connection, draft: Draft) -> None:
        """Save ``draft`` and one history row per field whose value changed since it was last saved."""
        old = conn.execute(select(T.c.data).where(T.c.id == draft.id, T.c.owner == self.user)).first()
        before = json.loads(old.data).get("fields", {}) if old else {}
        draft.updated_at = now()
        values = {"updated_at": draft.updated_at, "status": draft.stage, "data": draft.to_json()}
        if old is None:
            conn.execute(insert(T).values(id=draft.id, owner=self.user, created_at=draft.created_at, **values))
            audit.record(conn, self.user, "draft_created", draft.id)
        else:
            conn.execute(update(T).where(T.c.id == draft.id, T.c.owner == self.user).values(**values))
        changes = [{"draft_id": draft.id, "turn": draft.turns, "field": key, "value": _text(draft.fields.get(key)),
                    "changed_at": draft.updated_at}
                   for key in sorted(set(before) | set(draft.fields)) if before.get(key) != draft.fields.get(key)]
        if changes:
            conn.execute(insert(V), changes)
            if old is not None:
                audit.record(conn, self.user, "draft_changed", draft.id)

    def load(self, draft_id: str) -> Draft | None:
        with self.state.read() as conn:
            return self.get(conn, draft_id, lock=False)

    def delete(self, draft_id: str) -> bool:
        with self.transaction() as conn:
            if self.get(conn, draft_id) is None:
                return False
            conn.execute(delete(V).where(V.c.draft_id == draft_id))
            conn.execute(delete(T).where(T.c.id == draft_id, T.c.owner == self.user))
            audit.record(conn, self.user, "draft_deleted", draft_id)
            return True

    def all(self) -> list[Draft]:
        query = select(T.c.data).where(T.c.owner == self.user).order_by(T.c.updated_at.desc(), T.c.id)
        with self.state.read() as conn:
            return [Draft.from_json(row.data) for row in conn.execute(query)]

    def history(self, draft_id: str) -> list[dict]:
        """Every value the draft's fields have had, oldest first: turn, field, value (None: removed), when."""
        query = (select(V.c.turn, V.c.field, V.c.value, V.c.changed_at).join(T, T.c.id == V.c.draft_id)
                 .where(V.c.draft_id == draft_id, T.c.owner == self.user).order_by(V.c.id))
        with self.state.read() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def ids_starting(self, prefix: str) -> list[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (select(T.c.id).where(T.c.owner == self.user, T.c.id.like(escaped + "%", escape="\\"))
                 .limit(3))
        with self.state.read() as conn:
            return [row.id for row in conn.execute(query)]
