"""Alembic migrations, run in code (no alembic.ini): one branch per package,
all applied with ``upgrade heads``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from sabt.db.projection import load_all

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def heads() -> set[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(cfg).get_heads())


def upgrade(engine: Engine) -> None:
    """Bring the schema to every branch's head (a no-op when it is there)."""
    load_all()
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == heads():
        return
    with engine.begin() as conn:
        command.upgrade(_config(conn), "heads")


def upgrade_connection(conn: Connection) -> None:
    """Upgrade inside a transaction the caller holds (used by rebuild)."""
    load_all()
    command.upgrade(_config(conn), "heads")
