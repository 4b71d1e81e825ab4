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


def _body(stored: Any) -> dict[str, Any]:
    body = stored.event.body
    assert isinstance(body, dict)
    return body


@projector.on("account.created")
def _created(conn: sa.Connection, stored: Any) -> None:
    body = _body(stored)
    conn.execute(
        accounts_table.insert().values(
            username=body["username"],
            role=body["role"],
            password_hash=body["password_hash"],
            active=True,
            epoch=1,
            created_at=str(stored.event.at),
            created_by=str(stored.event.actor),
        )
    )


def _update(conn: sa.Connection, stored: Any, **values: Any) -> None:
    conn.execute(
        accounts_table.update()
        .where(accounts_table.c.username == _body(stored)["username"])
        .values(epoch=accounts_table.c.epoch + 1, **values)
    )


@projector.on("account.role_changed")
def _role(conn: sa.Connection, stored: Any) -> None:
    _update(conn, stored, role=_body(stored)["role"])


@projector.on("account.password_changed")
def _password(conn: sa.Connection, stored: Any) -> None:
    _update(conn, stored, password_hash=_body(stored)["password_hash"])


@projector.on("account.disabled")
def _disabled(conn: sa.Connection, stored: Any) -> None:
    _update(conn, stored, active=False)


@projector.on("account.enabled")
def _enabled(conn: sa.Connection, stored: Any) -> None:
    _update(conn, stored, active=True)


@projector.on("sensitive.read")
def _read(conn: sa.Connection, stored: Any) -> None:
    body = _body(stored)
    conn.execute(
        sensitive_reads_table.insert().values(
            seq=stored.seq,
            at=str(stored.event.at),
            actor=str(stored.event.actor),
            subject=body["subject"],
            field=body["field"],
            reason=body.get("reason", ""),
        )
    )
