"""Alembic's environment for the state store: runs the migrations on the connection the caller passes.

What it does: ``assistant.state.db`` runs ``alembic upgrade head`` programmatically at start-up inside its
own transaction and hands the connection over in ``config.attributes["connection"]``; this file only
configures the migration context on it. There is no offline (SQL script) mode. What it leaves to others:
the engine, locking and when to migrate (``assistant.state.db``); the tables (``versions/``).
"""

from alembic import context

from assistant.state.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
