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


@pytest.fixture
def app(tmp_path: Path, template_case: Path) -> Iterator[FastAPI]:
    from sabt.case import Case
    from sabt.web.app import Settings, create_app

    root = tmp_path / "case"
    shutil.copytree(template_case, root)
    case = Case.open(root)
    app = create_app(case, Settings(secure_cookies=False))
    yield app
    case.close()


@pytest.fixture
def client_as(app: FastAPI) -> Callable[[str], TestClient]:
    """``client_as("analyst")``: a client logged in with that role's account."""

    def make(role: str) -> TestClient:
        return login(TestClient(app), role)

    return make
