"""Conversations (the Ask tab's history) in the state store: each user's own, turn by turn.

What it does: ``Conversations(store)`` appends one turn at a time (question, the question as answered,
the retrieval context and the answer with its citations, as a JSON object), each in its own transaction,
so a process killed mid-turn keeps every turn committed before; reads a conversation's turns back; lists,
renames and deletes a user's conversations. A conversation is keyed by (owner, id): an id from another
account reaches nothing of theirs. Deleting one goes in the audit trail (its id only).
What it leaves to others: what a turn means and how follow-ups use it (``assistant.answers.chat``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update

from assistant.state import audit, schema
from assistant.state.db import aware, utcnow

C, T = schema.conversations, schema.conversation_turns
TITLE_CHARS = 80


@dataclass(frozen=True)
class ConversationInfo:
    id: str
    title: str
    updated: datetime
    turns: int


class Conversations:
    def __init__(self, store):
        self.store = store

    def append(self, user: str, conversation_id: str, record: dict) -> int:
        """Add one turn (``question``, ``resolved``, ``context``, ``answer`` dict); returns its number."""
        now = utcnow()
        with self.store.write() as conn:
            mine = (C.c.owner == user, C.c.id == conversation_id)
            if conn.execute(select(C.c.id).where(*mine).with_for_update()).first() is None:
                title = " ".join(str(record["question"]).split())[:TITLE_CHARS]
                conn.execute(insert(C).values(owner=user, id=conversation_id, title=title, created_at=now,
                                              updated_at=now))
            else:
                conn.execute(update(C).where(*mine).values(updated_at=now))
            seq = conn.execute(select(func.coalesce(func.max(T.c.seq), 0))
                               .where(T.c.owner == user, T.c.conversation_id == conversation_id)).scalar_one() + 1
            conn.execute(insert(T).values(owner=user, conversation_id=conversation_id, seq=seq,
                                          question=record["question"], resolved=record["resolved"],
                                          context=record.get("context", ""), created_at=now,
                                          answer=json.dumps(record["answer"], ensure_ascii=False)))
        return seq

    def turns(self, user: str, conversation_id: str, last: int | None = None) -> list[dict]:
        """The turns, oldest first (only the ``last`` ones when given)."""
        query = (select(T.c.seq, T.c.question, T.c.resolved, T.c.context, T.c.answer)
                 .where(T.c.owner == user, T.c.conversation_id == conversation_id).order_by(T.c.seq.desc()))
        with self.store.read() as conn:
            rows = conn.execute(query.limit(last) if last else query).all()
        return [{"question": r.question, "resolved": r.resolved, "context": r.context,
                 "answer": json.loads(r.answer)} for r in reversed(rows)]

    def list(self, user: str) -> list[ConversationInfo]:
        count = (select(T.c.conversation_id, func.count().label("n")).where(T.c.owner == user)
                 .group_by(T.c.conversation_id).subquery())
        query = (select(C.c.id, C.c.title, C.c.updated_at, func.coalesce(count.c.n, 0))
                 .outerjoin(count, count.c.conversation_id == C.c.id).where(C.c.owner == user)
                 .order_by(C.c.updated_at.desc(), C.c.id))
        with self.store.read() as conn:
            return [ConversationInfo(r[0], r[1], aware(r[2]), int(r[3])) for r in conn.execute(query)]

    def rename(self, user: str, conversation_id: str, title: str) -> bool:
        title = " ".join(str(title or "").split())[:200]
        with self.store.write() as conn:
            return conn.execute(update(C).where(C.c.owner == user, C.c.id == conversation_id)
                                .values(title=title)).rowcount > 0

    def delete(self, user: str, conversation_id: str) -> bool:
        with self.store.write() as conn:
            conn.execute(delete(T).where(T.c.owner == user, T.c.conversation_id == conversation_id))
            gone = conn.execute(delete(C).where(C.c.owner == user, C.c.id == conversation_id)).rowcount > 0
            if gone:
                audit.record(conn, user, "conversation_deleted", conversation_id)
        return gone
