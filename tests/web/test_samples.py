"""The web's FICTIONAL sample records: made without touching the process's environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.vault.keys import KeyRing
from sabt.web.samples import PASSPHRASE, add_sample_records


def test_sample_records_leave_the_environment_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They once put their passphrase into os.environ, so that every later case
    in the same test process was silently unlocked with it."""
    monkeypatch.delenv("SABT_PASSPHRASE", raising=False)
    monkeypatch.delenv("SABT_KEY_FILE", raising=False)
    with Case.init(tmp_path / "c", origin="test.invalid/samples", case="samples") as case:
        ids = add_sample_records(case)
    assert "witness" in ids and "SABT_PASSPHRASE" not in os.environ
    KeyRing.open(tmp_path / "c" / "keys", passphrase=PASSPHRASE)  # the witness's keys
