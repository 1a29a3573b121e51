"""The state store: users, drafts and their history, conversations, quiz progress and the audit trail.

One database for all app instances: SQLite in the data folder by default, PostgreSQL through
``ASSISTANT_DATABASE_URL`` (SQLAlchemy 2 Core, Alembic migrations run at start-up). ``db.open_state``
opens it; ``accounts``, ``audit`` and ``conversations`` read and write their tables;
``assistant.drafting.storage`` and ``assistant.learn.progress`` keep drafts and progress in it.
"""
