"""Alembic migrations, run in code (no alembic.ini): one branch per package,
all applied with ``upgrade heads``.

Opening a case only reads ``alembic_version`` and compares it with ``HEADS``;
Alembic itself (a tenth of a second to import, more to read the scripts) is
loaded only when there is something to upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from sabt.db.projection import load_all

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

# What ``alembic_version`` holds once every branch is at its head (spine_0001
# is not listed there: the other branches depend on it). A test checks it
# against what Alembic writes, so a new migration cannot be forgotten here.
HEADS = frozenset({"linkage_0002", "records_0001", "vault_0002", "web_0003"})


def _config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def heads() -> set[str]:
    """Every branch's head as Alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(_config()).get_heads())


def current(conn: Connection) -> set[str]:
    """The revisions the database is at (none for a new one)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return set()
    return set(conn.execute(sa.text("select version_num from alembic_version")).scalars())


def upgrade(engine: Engine) -> None:
    """Bring the schema to every branch's head (a no-op when it is there)."""
    load_all()
    with engine.connect() as conn:
        at = current(conn)
    if at == HEADS:
        return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), "heads")


def upgrade_connection(conn: Connection) -> None:
    """Upgrade inside a transaction the caller holds (used by rebuild)."""
    from alembic import command

    load_all()
    command.upgrade(_config(conn), "heads")
