"""Database engines: SQLite (WAL, synchronous=FULL) embedded, PostgreSQL on a server.

Dialect differences live in ``Dialect`` objects, not in ``if`` chains at call sites.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from sabt.errors import BackendError, ConfigError

ENV_URL = "SABT_DATABASE_URL"
# Connections opened with this execution option start their transaction with a
# write lock (SQLite BEGIN IMMEDIATE, PostgreSQL advisory lock), so that reading
# the log's size and appending after it cannot race another writer.
WRITE = {"sabt_write": True}
_APPEND_LOCK = 0x5AB7  # PostgreSQL advisory lock key for the append path


@dataclass(frozen=True)
class Dialect:
    name: str

    @property
    def insert_event_sql(self) -> str:
        mark = "%s" if self.name == "postgresql" else "?"
        return f"insert into events (seq, leaf_hash, type, at, actor, data) values ({', '.join([mark] * 6)})"

    def lock_for_append(self, conn: Connection) -> None:
        if self.name == "postgresql":
            conn.execute(sa.text("select pg_advisory_xact_lock(:k)"), {"k": _APPEND_LOCK})


def url_for(db_path: Path, url: str | None = None) -> str:
    """The database URL: explicit, else ``SABT_DATABASE_URL``, else the embedded file."""
    url = url or os.environ.get(ENV_URL)
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{db_path}"


def _json(value: Any) -> str:
    """JSON columns as UTF-8 text: the default escapes every non-ASCII character
    to six bytes, which tripled the size of Persian text (and the writes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def create(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = sa.create_engine(
                url,
                connect_args={"timeout": 60, "check_same_thread": False},
                json_serializer=_json,
            )
            _sqlite_setup(engine)
        elif url.startswith("postgresql"):
            engine = sa.create_engine(url, pool_pre_ping=True, json_serializer=_json)
        else:
            raise ConfigError(
                f"Unsupported database URL {url!r}: use sqlite:///PATH or postgresql://…"
            )
    except sa.exc.ArgumentError as e:
        raise ConfigError(f"Bad database URL {url!r}: {e}") from e
    return engine


def dialect(engine: Engine) -> Dialect:
    return Dialect(engine.dialect.name)


BUSY_TIMEOUT_MS = 60_000  # SQLite: how long a writer waits for the lock


def _sqlite_setup(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and cannot take a write
    # lock up front; take transaction control ourselves (SQLAlchemy's documented recipe).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # What is deleted is overwritten with zeros, not left in free pages
        # for a copy of the disk to give away: a shredded item's text leaving
        # the search index, and every earlier copy of it that a re-index freed.
        # (Debian's SQLite is built with it on; other builds are not.)
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("sabt_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def check_reachable(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as e:
        raise BackendError(
            f"Cannot reach the database at {engine.url.render_as_string(hide_password=True)}: {e.orig}"
        ) from e
