"""The web package's projection: accounts and the audit of sensitive reads.

Tables are declared on the shared projection metadata; the Alembic branch "web"
(``sabt/db/migrations/versions/web_0001_accounts.py``) creates them. Handlers run
inside the transaction that stores each event, and again on ``sabt rebuild``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from sabt.db.projection import metadata, projector

accounts_table = sa.Table(
    "web_accounts",
    metadata,
    sa.Column("username", sa.String(63), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("epoch", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
)

sensitive_reads_table = sa.Table(
    "web_sensitive_reads",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)
