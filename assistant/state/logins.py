"""The web app's login sessions in the state store, so that every app instance knows every login.

What it does: ``LoginTokens(store)`` is the mapping token -> user name that gradio keeps its logins in
(``app.tokens``), backed by the ``web_logins`` table: a token is stored only as its SHA-256 hash, expires
after ``LIFETIME`` (12 hours), and a login made on one instance is valid on all. Iterating gives the
stored hashes as ``sha256:<hex>`` keys, which the mapping accepts back (gradio's "log out everywhere"
walks the keys and deletes those of one user). ``cookie_suffix(url)`` is a cookie name suffix that every
instance of one database shares.
What it leaves to others: checking passwords (``accounts``), setting cookies (gradio).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, MutableMapping
from datetime import timedelta

from sqlalchemy import delete, func, insert, select

from assistant.state import schema
from assistant.state.db import utcnow

W = schema.web_logins
LIFETIME = timedelta(hours=12)
HASHED = "sha256:"


def cookie_suffix(database_url: str) -> str:
    return hashlib.sha256(b"assistant-login:" + database_url.encode()).hexdigest()[:32]


def _hash(token: str) -> str:
    token = str(token)
    return token[len(HASHED):] if token.startswith(HASHED) else hashlib.sha256(token.encode()).hexdigest()


class LoginTokens(MutableMapping):
    def __init__(self, store):
        self.store = store

    def __getitem__(self, token: str) -> str:
        if not token:
            raise KeyError(token)
        query = select(W.c.username).where(W.c.token_hash == _hash(token), W.c.expires_at > utcnow())
        with self.store.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise KeyError(token)
        return row.username

    def __setitem__(self, token: str, username: str) -> None:
        now = utcnow()
        with self.store.write() as conn:
            conn.execute(delete(W).where(W.c.expires_at <= now))
            conn.execute(insert(W).values(token_hash=_hash(token), username=str(username)[:64], created_at=now,
                                          expires_at=now + LIFETIME))

    def __delitem__(self, token: str) -> None:
        with self.store.write() as conn:
            if not conn.execute(delete(W).where(W.c.token_hash == _hash(token))).rowcount:
                raise KeyError(token)

    def __iter__(self) -> Iterator[str]:
        with self.store.read() as conn:
            hashes = [row.token_hash for row in conn.execute(select(W.c.token_hash))]
        return iter(HASHED + h for h in hashes)

    def __len__(self) -> int:
        with self.store.read() as conn:
            return conn.execute(select(func.count()).select_from(W)).scalar_one()
