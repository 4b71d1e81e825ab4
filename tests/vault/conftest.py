"""Fixtures for the vault tests: a cheap KeyRing and a small-chunk blob store."""

from __future__ import annotations

from pathlib import Path

import pytest

from sabt.vault.blobstore import FsBlobStore
from sabt.vault.keys import KeyRing

# Argon2id at its minimum cost: the tests are about behaviour, not KDF strength.
CHEAP = {"iterations": 1, "lanes": 1, "memory_cost": 8}


@pytest.fixture
def ring(tmp_path: Path) -> KeyRing:
    return KeyRing.create(tmp_path / "data" / "keys", passphrase="test", kdf_params=CHEAP)


@pytest.fixture
def store(tmp_path: Path, ring: KeyRing) -> FsBlobStore:
    return FsBlobStore(tmp_path / "data" / "blobs", ring, chunk_size=64)
