"""Fixtures shared by every test package.

``db_url`` runs a test on the embedded SQLite database and on PostgreSQL. Without
a PostgreSQL server the PostgreSQL run is skipped with its reason, unless
``SABT_REQUIRE_POSTGRES=1`` (set by CI), where it fails instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from support import sabt_env

# Hypothesis's per-example deadline is a timed assertion, which this suite does
# not make (speed is measured in bench/): on a loaded machine it failed
# correct code.
settings.register_profile("sabt", deadline=None)
settings.load_profile("sabt")

# One vault passphrase for the whole run, set before any test module is read
# (vault tests read theirs at import), so that every case a test makes in this
# process is unlocked the same way whatever ran before it in the worker.
os.environ.setdefault("SABT_PASSPHRASE", sabt_env()["SABT_PASSPHRASE"])

PG_ADMIN_URL = os.environ.get(
    "SABT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _require(flag: str) -> bool:
    return os.environ.get(flag, "") not in ("", "0", "false")


def _pg_admin():  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as e:  # noqa: BLE001 - any failure means "no server"
        engine.dispose()
        message = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(e).__name__}"
        if _require("SABT_REQUIRE_POSTGRES"):
            pytest.fail(message + " (SABT_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    return engine


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import sqlalchemy as sa

    admin = _pg_admin()
    name = f"sabt_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'create database "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """``None`` for the embedded SQLite default, or a fresh PostgreSQL URL."""
    if request.param == "sqlite":
        yield None
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def chromium_path() -> str:
    """Debian's chromium for browser tests; skip (or fail in CI) without it."""
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if _require("SABT_REQUIRE_BROWSER"):
            pytest.fail("chromium not found (SABT_REQUIRE_BROWSER=1): apt-get install chromium")
        pytest.skip("chromium not found: apt-get install chromium to run the browser tests")
    return path
