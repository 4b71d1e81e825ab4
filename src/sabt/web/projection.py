"""The web package's projection: accounts and the audit of sensitive reads.

Tables are declared on the shared projection metadata; the Alembic branch "web"
(``sabt/db/migrations/versions/web_0001_accounts.py``) creates them. Handlers run
inside the transaction that stores each event, and again on ``sabt rebuild``.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sabt.db.projection import metadata, projector
from sabt.events.event import Event
from sabt.events.types import register

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
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)


estimates_table = sa.Table(
    "web_estimates",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("method", sa.String(40), nullable=False),
    sa.Column("run", sa.String(80)),
    sa.Column("result", sa.Text, nullable=False),
)

register("ledger.verified", doc="The log was verified through the web.", required=("size", "root"))


@projector.on("account.created", required=("username", "role", "password_hash"))
def _created(conn: Connection, seq: int, event: Event) -> None:
    """A web account was created."""
    body = event.body
    conn.execute(
        accounts_table.insert().values(
            username=body["username"],
            role=body["role"],
            password_hash=body["password_hash"],
            active=True,
            epoch=1,
            created_at=event.at,
            created_by=event.actor,
        )
    )


def _update(conn: Connection, event: Event, **values: Any) -> None:
    conn.execute(
        accounts_table.update()
        .where(accounts_table.c.username == event.body["username"])
        .values(epoch=accounts_table.c.epoch + 1, **values)
    )


@projector.on("account.role_changed", required=("username", "role"))
def _role(conn: Connection, seq: int, event: Event) -> None:
    """A web account's role changed (its sessions end)."""
    _update(conn, event, role=event.body["role"])


@projector.on("account.password_changed", required=("username", "password_hash"))
def _password(conn: Connection, seq: int, event: Event) -> None:
    """A web account's password changed (its sessions end)."""
    _update(conn, event, password_hash=event.body["password_hash"])


@projector.on("account.disabled", required=("username",))
def _disabled(conn: Connection, seq: int, event: Event) -> None:
    """A web account was disabled (its sessions end)."""
    _update(conn, event, active=False)


@projector.on("account.enabled", required=("username",))
def _enabled(conn: Connection, seq: int, event: Event) -> None:
    """A disabled web account was enabled again."""
    _update(conn, event, active=True)


@projector.on("sensitive.read", required=("subject", "field", "reason"))
def _read(conn: Connection, seq: int, event: Event) -> None:
    """Someone read a sensitive field (a witness's identity, a family's contact)."""
    body = event.body
    conn.execute(
        sensitive_reads_table.insert().values(
            seq=seq,
            at=event.at,
            actor=event.actor,
            subject=body["subject"],
            field=body["field"],
            reason=body["reason"],
        )
    )


@projector.on("estimate.recorded", required=("method", "result"))
def _estimate(conn: Connection, seq: int, event: Event) -> None:
    """An analyst computed an estimate of the total from the linkage clusters."""
    body = event.body
    conn.execute(
        estimates_table.insert().values(
            seq=seq, at=event.at, actor=event.actor, method=body["method"], run=body.get("run"),
            result=json.dumps(body["result"], ensure_ascii=False, sort_keys=True),
        )
    )  # fmt: skip
