"""Alembic environment: always given a live connection by sabt.db.migrate."""

from alembic import context

from sabt.db.projection import load_all, metadata

load_all()
connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
