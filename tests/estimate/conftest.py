"""Fixtures for the estimate tests: the Kosovo table and synthetic tables."""

from __future__ import annotations

import pytest

from sabt.estimate import CaptureTable, read_patterns
from support import ASSETS

KOSOVO = ASSETS / "estimate" / "kosovo_aggregate_tabular.csv"


@pytest.fixture(scope="session")
def kosovo() -> CaptureTable:
    return read_patterns(KOSOVO)["all"]
