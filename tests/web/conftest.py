"""Fixtures for the web tests: a fresh case with one account per role, and
TestClients logged in as each role (in-process, no server)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sabt.web.testing import scratch_app

sys.path.insert(0, str(Path(__file__).parent))
from webtools import login  # noqa: E402


@pytest.fixture(scope="session")
def template_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One case with an account per role, built once; each test gets a copy
    (building it, with six Argon2 hashes and the migrations, takes seconds)."""
    root = tmp_path_factory.mktemp("template") / "case"
    scratch_app(root).state.case.close()
    return root


def _open_copy(template: Path, root: Path) -> FastAPI:
    from sabt.case import Case
    from sabt.web.app import Settings, create_app

    shutil.copytree(template, root)
    case = Case.open(root)
    case.keyring  # noqa: B018 - unlocked at start, as `sabt serve` does
    return create_app(case, Settings(secure_cookies=False))


@pytest.fixture
def app(tmp_path: Path, template_case: Path) -> Iterator[FastAPI]:
    app = _open_copy(template_case, tmp_path / "case")
    yield app
    app.state.case.close()


@pytest.fixture(scope="session")
def template_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The template case plus the fictional sample records (``sabt.web.samples``)."""
    from sabt.web.samples import add_sample_records

    root = tmp_path_factory.mktemp("template-records") / "case"
    app = scratch_app(root)
    ids = add_sample_records(app.state.case)
    app.state.case.close()
    return root, ids


@pytest.fixture
def records_app(tmp_path: Path, template_records: tuple[Path, dict[str, str]]) -> Iterator[FastAPI]:
    """An app over a copy of the sample records; ``app.state.ids`` names them."""
    app = _open_copy(template_records[0], tmp_path / "case")
    app.state.ids = template_records[1]
    yield app
    app.state.case.close()


@pytest.fixture
def client_as(app: FastAPI) -> Callable[[str], TestClient]:
    """``client_as("analyst")``: a client logged in with that role's account."""

    def make(role: str) -> TestClient:
        return login(TestClient(app), role)

    return make


@pytest.fixture(scope="session")
def template_linked(
    tmp_path_factory: pytest.TempPathFactory, template_records: tuple[Path, dict[str, str]]
) -> tuple[Path, dict[str, str]]:
    """The sample records plus three simulated FICTIONAL lists imported and
    linked (a linkage run with pairs in the review band)."""
    pytest.importorskip("sabt.linkage.queries", reason="the linkage package has not landed")
    from sabt.case import Case
    from sabt.linkage.importer import import_list
    from sabt.linkage.mapping import Mapping
    from sabt.linkage.run import link_case
    from sabt.linkage.simulate import SimulationConfig, simulate
    from sabt.linkage.simulate.write import write_simulation

    base = tmp_path_factory.mktemp("template-linked")
    write_simulation(simulate(SimulationConfig(size=120, lists=3, seed=5)), base / "sim")
    root = base / "case"
    shutil.copytree(template_records[0], root)
    with Case.open(root) as case:
        for n in "abc":
            mapping = Mapping.load(base / "sim" / f"list_{n}.mapping.toml")
            import_list(case, base / "sim" / f"list_{n}.csv", f"list-{n}", mapping, actor="test")
        link_case(case, actor="test")
    return root, template_records[1]


@pytest.fixture
def linked_app(tmp_path: Path, template_linked: tuple[Path, dict[str, str]]) -> Iterator[FastAPI]:
    """Records and a linkage run: every page has something on it."""
    app = _open_copy(template_linked[0], tmp_path / "case")
    app.state.ids = template_linked[1]
    yield app
    app.state.case.close()
