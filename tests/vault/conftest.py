"""Fixtures for the vault tests: a cheap KeyRing and a small-chunk blob store."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sabt.vault.blobstore import FsBlobStore
from sabt.vault.keys import KeyRing
from support import Ran, sabt_env

# Argon2id at its minimum cost: the tests are about behaviour, not KDF strength.
CHEAP = {"iterations": 1, "lanes": 1, "memory_cost": 8}


@pytest.fixture
def ring(tmp_path: Path) -> KeyRing:
    return KeyRing.create(tmp_path / "data" / "keys", passphrase="test", kdf_params=CHEAP)


@pytest.fixture
def store(tmp_path: Path, ring: KeyRing) -> FsBlobStore:
    return FsBlobStore(tmp_path / "data" / "blobs", ring, chunk_size=64)


@pytest.fixture
def cli(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Ran]:
    """The ``sabt`` entry point (``sabt.cli.main``) run in this process."""
    from sabt.cli import main

    monkeypatch.setenv("SABT_PASSPHRASE", sabt_env()["SABT_PASSPHRASE"])

    def run(data: Path, *args: str, input: bytes = b"") -> Ran:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(input)))
        capsysbinary.readouterr()
        try:
            main(["--data", str(data), *args])
            code = 0
        except SystemExit as e:
            code = int(e.code or 0)
        out, err = capsysbinary.readouterr()
        return Ran(code, out.decode(), err.decode())

    return run
