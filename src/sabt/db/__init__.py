"""Storage adapter: SQLAlchemy engines (SQLite embedded, PostgreSQL on a server),
Alembic migrations, the event store, and the projection registry."""
