"""The login limit, kept in the database so that every worker counts the same failures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from webtools import csrf_of

from sabt.web.ratelimit import LoginLimiter
from sabt.web.state import login_failures_table
from sabt.web.testing import PASSWORD, new_case


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(db_url: str | None, tmp_path: Path) -> Iterator[sa.Engine]:
    case = new_case(tmp_path / "case", database_url=db_url)
    yield case.engine
    case.close()


def _rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(login_failures_table)).scalar_one()
        )


def test_five_failures_lock_the_name_until_the_window_passes(engine: sa.Engine) -> None:
    clock = Clock()
    limiter = LoginLimiter(engine, max_failures=5, window=300, clock=clock)
    for _ in range(5):
        assert limiter.retry_after("10.0.0.1", "alice") == 0
        limiter.failed("10.0.0.1", "alice")
    assert limiter.retry_after("10.0.0.2", "Alice") == 301  # another address, same name
    assert limiter.retry_after("10.0.0.1", "bob") == 301  # same address, another name
    clock.now += 120
    assert limiter.retry_after("10.0.0.2", "alice") == 181
    clock.now += 181
    assert limiter.retry_after("10.0.0.2", "alice") == 0


def test_a_success_clears_the_names_count_not_the_addresss(engine: sa.Engine) -> None:
    limiter = LoginLimiter(engine, max_failures=2, window=300, clock=Clock())
    limiter.failed("10.0.0.1", "alice")
    limiter.failed("10.0.0.2", "alice")
    assert limiter.retry_after("10.0.0.3", "alice") > 0
    limiter.succeeded("Alice")
    assert limiter.retry_after("10.0.0.3", "alice") == 0
    limiter.failed("10.0.0.1", "carol")
    assert limiter.retry_after("10.0.0.1", "dave") > 0  # 10.0.0.1 has two failures


def test_made_up_names_do_not_grow_the_table(engine: sa.Engine) -> None:
    clock = Clock()
    limiter = LoginLimiter(engine, window=300, clock=clock)
    for i in range(100):
        limiter.retry_after("10.0.0.9", f"nobody-{i}")
    assert _rows(engine) == 0  # checking writes nothing
    for i in range(50):
        limiter.failed(f"10.0.1.{i}", f"nobody-{i}")
    assert _rows(engine) == 100
    clock.now += 301
    limiter.failed("10.0.0.9", "last")
    assert _rows(engine) == 2  # the expired ones went


def test_a_very_long_name_is_counted(engine: sa.Engine) -> None:
    limiter = LoginLimiter(engine, max_failures=1, clock=Clock())
    limiter.failed("10.0.0.1", "x" * 5000)
    assert limiter.retry_after("10.0.0.2", "x" * 5000) > 0


def test_guesses_spread_over_two_workers_share_one_limit(
    tmp_path: Path, template_case: Path
) -> None:
    """Two app instances over one data directory, as ``sabt serve --workers 2`` runs."""
    from sabt.case import Case
    from sabt.web.app import Settings, create_app

    root = tmp_path / "case"
    shutil.copytree(template_case, root)
    workers = [create_app(Case.open(root), Settings(secure_cookies=False)) for _ in range(2)]
    try:
        clients = [TestClient(w) for w in workers]
        tokens = [csrf_of(c.get("/login").text) for c in clients]

        def attempt(i: int, password: str) -> int:
            c, token = clients[i % 2], tokens[i % 2]
            data = {"username": "admin", "password": password, "csrf": token}
            return c.post("/login", data=data).status_code

        codes = [attempt(i, f"guess-{i}-xxxxx") for i in range(7)]
        assert codes == [401] * 5 + [429, 429]
        assert attempt(0, PASSWORD) == attempt(1, PASSWORD) == 429
    finally:
        for w in workers:
            w.state.case.close()
