"""User accounts: names, argon2 password hashes, two roles, and a lock after repeated failed logins.

What it does: ``add_user``, ``remove_user``, ``set_password``, ``list_users`` manage the accounts (each
change in the audit trail); ``check_login`` verifies a password with argon2 (``argon2-cffi``), counts
failures and locks the account for ``LOCK_MINUTES`` after ``MAX_FAILURES`` in a row (a locked account
refuses even the right password until the lock expires). Removing an account or setting its password ends
its web logins; removing an account also moves its drafts, conversations and quiz progress to an archive
owner (``~`` and a random id, which no user name can be, recorded in the audit trail as
"user_data_archived"): nothing is deleted, and an account added later under the same name starts empty. ``ensure_account`` keeps the single
``ASSISTANT_AUTH`` account in the store, so that it logs in and locks like any other. Roles: "officer";
"admin", who manages users and reads the audit trail (and, like everyone, only their own drafts).
``require_admin`` guards the admin commands: while the store has no admin yet, whoever can run the CLI on
this machine may create the first one.
What it leaves to others: asking for passwords (``assistant.cli.users``), the login form (the web app).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, insert, select, update

from assistant.errors import UserError
from assistant.state import audit, schema
from assistant.state.db import aware, utcnow

ROLES = ("officer", "admin")
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
MAX_FAILURES, LOCK_MINUTES = 10, 5
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")  # unknown names cost as much time as known ones


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created_at: datetime
    locked_until: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > utcnow()

    def as_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "created_at": self.created_at.isoformat(),
                "locked_until": self.locked_until.isoformat() if self.locked else None}


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise UserError("a user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or "
                        "digit.")
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD or "\x00" in password:
        raise UserError(f"a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    return password


def add_user(store, actor: str, name: str, password: str, role: str = "officer", *,
             check: bool = True) -> Account:
    check_name(name)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: choose {' or '.join(ROLES)}.")
    hashed = _hasher.hash(check_password(password) if check else password)
    with store.write() as conn:
        if _row(conn, name) is not None:
            raise UserError(f"user {name!r} exists already; `assistant users passwd {name}` sets a password.")
        conn.execute(insert(schema.users).values(name=name, password_hash=hashed, role=role,
                                                 created_at=utcnow(), failed_logins=0))
        audit.record(conn, actor, "user_added", name)
    return Account(name, role, utcnow(), None)


def remove_user(store, actor: str, name: str) -> str:
    """Remove an account; its drafts, conversations and progress go to an archive owner, which is returned
    (see the module docstring)."""
    with store.write() as conn:
        if not conn.execute(delete(schema.users).where(schema.users.c.name == name)).rowcount:
            raise UserError(f"no user {name[:64]!r}; `assistant users list` shows them.")
        conn.execute(delete(schema.web_logins).where(schema.web_logins.c.username == name))
        audit.record(conn, actor, "user_removed", name)
        archive = f"{ARCHIVED}{secrets.token_hex(8)}"
        _move_data(conn, name, archive)
        audit.record(conn, actor, "user_data_archived", archive)
    return archive


ARCHIVED = "~"  # the first character of an archive owner: never the first of a user name (``NAME_RE``)


def _move_data(conn, name: str, archive: str) -> None:
    """Every per-user row of ``name`` to ``archive``, in one transaction. A conversation's turns refer to it by
    (owner, id), so the conversation is copied first, its turns moved, and the old row deleted."""
    for table in (schema.drafts, schema.progress):
        conn.execute(update(table).where(table.c.owner == name).values(owner=archive))
    talks, turns = schema.conversations, schema.conversation_turns
    rows = [dict(r) for r in conn.execute(select(talks).where(talks.c.owner == name)).mappings()]
    if rows:
        conn.execute(insert(talks), [{**r, "owner": archive} for r in rows])
    conn.execute(update(turns).where(turns.c.owner == name).values(owner=archive))
    conn.execute(delete(talks).where(talks.c.owner == name))


def set_password(store, actor: str, name: str, password: str, *, check: bool = True) -> None:
    hashed = _hasher.hash(check_password(password) if check else password)
    with store.write() as conn:
        done = conn.execute(update(schema.users).where(schema.users.c.name == name)
                            .values(password_hash=hashed, failed_logins=0, locked_until=None)).rowcount
        if not done:
            raise UserError(f"no user {name[:64]!r}; `assistant users list` shows them.")
        conn.execute(delete(schema.web_logins).where(schema.web_logins.c.username == name))
        audit.record(conn, actor, "user_password_changed", name)


def list_users(store) -> list[Account]:
    table = schema.users
    with store.read() as conn:
        rows = conn.execute(select(table).order_by(table.c.name)).all()
    return [Account(r.name, r.role, aware(r.created_at), aware(r.locked_until)) for r in rows]


def role_of(store, name: str) -> str | None:
    with store.read() as conn:
        row = _row(conn, name)
    return row.role if row else None


def require_admin(store, name: str, bootstrap: bool = True) -> None:
    """Raise unless ``name`` is an admin, or (``bootstrap``) the store has no admin yet: whoever can run
    the CLI with this store may then create the first one."""
    with store.read() as conn:
        admins = conn.execute(select(func.count()).select_from(schema.users)
                              .where(schema.users.c.role == "admin")).scalar_one()
        row = _row(conn, name)
    if (admins or not bootstrap) and (row is None or row.role != "admin"):
        raise UserError(f"user {name[:64]!r} is not an admin: set ASSISTANT_USER to an admin's name.")


def check_login(store, name: str, password: str) -> bool:
    """True for the right password of an unlocked account; counts failures and locks after too many.
    The password is verified outside any transaction (argon2 takes tens of ms; on SQLite a write
    transaction would hold up every other write meanwhile); the outcome is then applied to the row as it is
    by then, under its lock, so that a lock set meanwhile still refuses."""
    name, password = str(name or "")[:64], str(password or "")[:MAX_PASSWORD]
    with store.read() as conn:
        row = _row(conn, name)
    if row is None or _locked(row):
        _verify(_DUMMY_HASH, password)  # the same time as a real check
        audit.record(store, name or "?", "login_failed" if row is None else "login_locked")
        return False
    right = _verify(row.password_hash, password)
    with store.write() as conn:
        row = _row(conn, name, lock=True)
        if row is None or _locked(row):
            audit.record(conn, name, "login_failed" if row is None else "login_locked")
            return False
        users = update(schema.users).where(schema.users.c.name == name)
        if right:
            conn.execute(users.values(failed_logins=0, locked_until=None))
            audit.record(conn, name, "login")
            return True
        failures = (row.failed_logins if row.locked_until is None else 0) + 1
        locked = utcnow() + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
        conn.execute(users.values(failed_logins=0 if locked else failures, locked_until=locked))
        audit.record(conn, name, "login_failed")
        return False


def _locked(row) -> bool:
    return row.locked_until is not None and aware(row.locked_until) > utcnow()


def ensure_account(store, name: str, password: str, role: str = "officer") -> None:
    """Make the account ``name`` exist with ``password`` (the ``ASSISTANT_AUTH`` single account)."""
    with store.read() as conn:
        row = _row(conn, name)
    if row is None:
        add_user(store, "system", name, password, role, check=False)
    elif not _verify(row.password_hash, password):
        set_password(store, "system", name, password, check=False)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _row(conn, name: str, lock: bool = False):
    query = select(schema.users).where(schema.users.c.name == name)
    return conn.execute(query.with_for_update() if lock else query).first()

