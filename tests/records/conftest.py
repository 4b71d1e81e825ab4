"""Fixtures for the records tests: a fresh case on SQLite or PostgreSQL, and
three graded sources to cite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.records import store


def open_case(path: Path, db_url: str | None = None) -> Case:
    path.mkdir(parents=True, exist_ok=True)
    return Case.init(
        path,
        origin="test.invalid/records",
        case="records",
        title="records tests",
        database_url=db_url,
    )


@pytest.fixture(scope="session")
def vault_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    try:
        from sabt.vault.keys import write_key_file
    except ImportError:  # the vault's key ring is not merged yet
        return None
    return Path(write_key_file(tmp_path_factory.mktemp("vault") / "test.key"))


@pytest.fixture(autouse=True)
def _vault_key(monkeypatch: pytest.MonkeyPatch, vault_key_file: Path | None) -> None:
    """Unlock the vault with a key file (HKDF, instant) rather than a passphrase
    (Argon2id, about a second per case on this machine)."""
    monkeypatch.delenv("SABT_PASSPHRASE", raising=False)
    if vault_key_file is not None:
        monkeypatch.setenv("SABT_KEY_FILE", str(vault_key_file))


@pytest.fixture
def case(tmp_path: Path, db_url: str | None) -> Iterator[Case]:
    with open_case(tmp_path / "case", db_url) as c:
        yield c


@pytest.fixture
def sqlite_case(tmp_path: Path) -> Iterator[Case]:
    with open_case(tmp_path / "case") as c:
        yield c


@pytest.fixture
def sources(case: Case) -> tuple[str, str, str]:
    return add_sources(case)


def add_sources(c: Case) -> tuple[str, str, str]:
    """An NGO report (B), a survivor's testimony (C) and a press article with no origin (D)."""
    a = store.add_record(
        c,
        "source",
        actor="t",
        fields={"title": "Report A", "type": "document", "reliability": "B", "origin": "Org One"},
    )
    b = store.add_record(
        c,
        "source",
        actor="t",
        fields={
            "title": "Testimony B",
            "type": "testimony",
            "reliability": "C",
            "origin": "Org Two",
        },
    )
    d = store.add_record(
        c,
        "source",
        actor="t",
        fields={"title": "Article C", "type": "web_capture", "reliability": "D"},
    )
    return a, b, d
