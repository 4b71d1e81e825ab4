"""Fixtures for the linkage tests: a small simulated set of fictional lists,
written once per session, and fresh cases to import them into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.linkage.simulate import SimulationConfig, simulate
from sabt.linkage.simulate.write import write_simulation

SMALL = SimulationConfig(size=400, lists=4, seed=7)


@pytest.fixture(scope="session")
def small_sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    write_simulation(simulate(SMALL), out)
    return out


def new_case(root: Path, db_url: str | None = None) -> Case:
    return Case.init(
        root / "data",
        origin="test.invalid/linkage",
        case="t",
        title="linkage test",
        database_url=db_url,
    )


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    c = new_case(tmp_path)
    try:
        yield c
    finally:
        c.close()
