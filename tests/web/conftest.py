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
    return create_app(Case.open(root), Settings(secure_cookies=False))


@pytest.fixture
def app(tmp_path: Path, template_case: Path) -> Iterator[FastAPI]:
    app = _open_copy(template_case, tmp_path / "case")
    yield app
    app.state.case.close()


@pytest.fixture(scope="session")
def template_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The template case plus the fictional sample records (``sabt.web.samples``)."""
    pytest.importorskip("sabt.records.queries", reason="the records package has not landed")
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
