"""The web's working state: sessions and failed logins.

These tables are not case data and not projections: no event writes them,
``sabt rebuild`` neither replays nor compares them, and the public log knows
nothing of them. They live in the case's database (not in a worker's memory)
so that every web worker sees the same sessions and the same failures: a
session ended in one worker is refused by all, and an attacker cannot multiply
the login limit by spreading guesses over workers. Losing them only logs
everyone out and forgets recent failures. Created by the Alembic revision
``web_0003``.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

sessions_table = sa.Table(
    "web_sessions",
    metadata,
    # SHA-256 of the session's random id: the cookie holds the id, the table
    # only its hash, so reading the table does not give a usable session.
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(63), nullable=False, index=True),
    sa.Column("created", sa.Float, nullable=False),  # Unix time
    sa.Column("expires", sa.Float, nullable=False, index=True),
)

login_failures_table = sa.Table(
    "web_login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(255), nullable=False),  # "ip:ADDRESS" or "user:NAME"
    sa.Column("at", sa.Float, nullable=False, index=True),  # Unix time
    sa.Index("ix_web_login_failures_key_at", "key", "at"),
)
