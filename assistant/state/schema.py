"""The state store's tables, as SQLAlchemy Core ``Table`` objects (the migrations create them).

What it does: names every table and column once: users, drafts and the history of their values,
conversations and their turns, quiz progress, the audit trail, the web app's login sessions. Every per-user row carries its ``owner``
(a user name), and every read by id filters on it. What it leaves to others: creating the tables
(``migrations``), reading and writing them (``accounts``, ``audit``, ``conversations``, ``progress``,
``assistant.drafting.storage``).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
NAME = 64  # user names, profiles, draft and conversation ids

users = Table(
    "users", metadata,
    Column("name", String(NAME), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),  # "officer" | "admin"
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
)

drafts = Table(
    "drafts", metadata,
    Column("id", String(NAME), primary_key=True),
    Column("owner", String(NAME), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("status", String(16), nullable=False),
    Column("data", Text, nullable=False),  # the whole draft as one JSON document
    Index("drafts_owner_updated", "owner", "updated_at"),
)

draft_values = Table(  # one row per change of one field of one draft: the history of every value
    "draft_values", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("draft_id", String(NAME), nullable=False),
    Column("turn", Integer, nullable=False),
    Column("field", String(NAME), nullable=False),
    Column("value", Text),  # None: the value was removed
    Column("changed_at", String(40), nullable=False),
    ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
    Index("draft_values_draft", "draft_id", "id"),
)

conversations = Table(  # keyed by (owner, id): one user's id never reaches another user's conversation
    "conversations", metadata,
    Column("owner", String(NAME), primary_key=True),
    Column("id", String(NAME), primary_key=True),
    Column("title", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("conversations_owner_updated", "owner", "updated_at"),
)

conversation_turns = Table(
    "conversation_turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(NAME), nullable=False),
    Column("conversation_id", String(NAME), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("resolved", Text, nullable=False),
    Column("context", Text, nullable=False, default=""),
    Column("answer", Text, nullable=False),  # Answer.as_dict() as JSON, citations included
    Column("created_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(["owner", "conversation_id"], ["conversations.owner", "conversations.id"],
                         ondelete="CASCADE"),
    UniqueConstraint("owner", "conversation_id", "seq", name="conversation_turns_seq"),
)

progress = Table(
    "progress", metadata,
    Column("owner", String(NAME), primary_key=True),
    Column("profile", String(NAME), primary_key=True),
    Column("article", String(NAME), primary_key=True),
    Column("correct", Integer, nullable=False, default=0),
    Column("wrong", Integer, nullable=False, default=0),
)

audit_events = Table(  # append-only: the migrations add triggers that refuse UPDATE and DELETE
    "audit_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(NAME), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(NAME)),
    Index("audit_events_at", "at"),
)

web_logins = Table(  # the web app's login sessions, shared by every instance: only a hash of each token
    "web_logins", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("web_logins_username", "username"),
)
