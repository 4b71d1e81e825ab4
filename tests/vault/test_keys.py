"""KeyRing: unlocking, wrapping, subject keys and crypto-shredding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sabt.errors import Forgotten, IntegrityError, InvalidInput, NotAuthenticated, NotFound
from sabt.vault.keys import KeyRing, write_key_file

CHEAP = {"iterations": 1, "lanes": 1, "memory_cost": 8}


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "keys"


def test_passphrase_round_trip_and_nothing_secret_on_disk(keys_dir: Path) -> None:
    ring = KeyRing.create(keys_dir, passphrase="correct horse", kdf_params=CHEAP)
    wrapped = ring.wrap(b"k" * 32, b"ctx")
    again = KeyRing.open(keys_dir, passphrase="correct horse")
    assert again.unwrap(wrapped, b"ctx") == b"k" * 32
    doc = json.loads((keys_dir / "vault.json").read_text())
    assert doc["kdf"]["name"] == "argon2id" and doc["kdf"]["memory_cost"] == 8
    on_disk = b"".join(p.read_bytes() for p in keys_dir.rglob("*") if p.is_file())
    assert b"correct horse" not in on_disk


def test_default_kdf_is_argon2id_rfc9106(keys_dir: Path) -> None:
    KeyRing.create(keys_dir, passphrase="p")
    kdf = json.loads((keys_dir / "vault.json").read_text())["kdf"]
    assert (kdf["iterations"], kdf["lanes"], kdf["memory_cost"]) == (3, 4, 65536)


def test_wrong_passphrase_is_a_clear_error(keys_dir: Path) -> None:
    KeyRing.create(keys_dir, passphrase="right", kdf_params=CHEAP)
    with pytest.raises(NotAuthenticated, match="Wrong passphrase"):
        KeyRing.open(keys_dir, passphrase="wrong")


def test_key_file_must_live_outside_the_data_directory(keys_dir: Path, tmp_path: Path) -> None:
    inside = keys_dir.parent / "vault.key"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"x" * 32)
    with pytest.raises(InvalidInput, match="outside the data directory"):
        KeyRing.create(keys_dir, key_file=inside)
    outside = write_key_file(tmp_path / "elsewhere" / "vault.key")
    ring = KeyRing.create(keys_dir, key_file=outside)
    token = ring.wrap(b"data key")
    assert KeyRing.open(keys_dir, key_file=outside).unwrap(token) == b"data key"
    other = write_key_file(tmp_path / "other.key")
    with pytest.raises(NotAuthenticated, match="Wrong key file"):
        KeyRing.open(keys_dir, key_file=other)
    with pytest.raises(NotAuthenticated, match="locked by a key file"):
        KeyRing.open(keys_dir, passphrase="guess")


def test_short_key_file_and_missing_credentials_are_refused(keys_dir: Path, tmp_path: Path) -> None:
    short = tmp_path / "short.key"
    short.write_bytes(b"123")
    with pytest.raises(InvalidInput, match="at least 32 bytes"):
        KeyRing.create(keys_dir, key_file=short)
    with pytest.raises(NotAuthenticated, match="locked"):
        KeyRing.create(keys_dir)
    assert not (keys_dir / "vault.json").exists()


def test_unwrap_detects_tampering_and_wrong_context(keys_dir: Path) -> None:
    ring = KeyRing.create(keys_dir, passphrase="p", kdf_params=CHEAP)
    wrapped = bytearray(ring.wrap(b"secret", b"blob-1"))
    with pytest.raises(IntegrityError):
        ring.unwrap(bytes(wrapped), b"blob-2")
    wrapped[-1] ^= 1
    with pytest.raises(IntegrityError):
        ring.unwrap(bytes(wrapped), b"blob-1")
    other = KeyRing.create(keys_dir.parent / "k2", passphrase="p", kdf_params=CHEAP)
    with pytest.raises(IntegrityError, match="another vault"):
        other.unwrap(ring.wrap(b"secret"))


def test_seal_unseal_and_forget_subject(keys_dir: Path) -> None:
    ring = KeyRing.create(keys_dir, passphrase="p", kdf_params=CHEAP)
    token = ring.seal("witness-7", "نام شاهد".encode(), b"name")
    assert ring.unseal("witness-7", token, b"name") == "نام شاهد".encode()
    with pytest.raises(IntegrityError):
        ring.unseal("witness-7", token, b"address")  # sealed for another field
    with pytest.raises(NotFound):
        ring.unseal("witness-8", token, b"name")
    assert not any("witness" in p.name for p in keys_dir.rglob("*"))

    # Another process (a fresh KeyRing) forgets the subject.
    KeyRing.open(keys_dir, passphrase="p").forget_subject("witness-7")
    for call in (
        lambda: ring.unseal("witness-7", token, b"name"),
        lambda: ring.seal("witness-7", b"again"),
        lambda: ring.subject_key("witness-7", create=True),
    ):
        with pytest.raises(Forgotten, match="witness-7.*forgotten"):
            call()
    assert list((keys_dir / "subjects").glob("*.key")) == []


def test_unlock_early_runs_only_when_no_prompt_is_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sabt add` unlocks the vault in a thread while the case opens; without
    credentials in the environment it must not (the prompt needs the terminal)."""
    from sabt.vault.unlock import unlock_early

    keys = tmp_path / "keys"
    ring = KeyRing.create(keys, passphrase="early", kdf_params=CHEAP)
    monkeypatch.delenv("SABT_PASSPHRASE", raising=False)
    monkeypatch.delenv("SABT_KEY_FILE", raising=False)
    assert unlock_early(keys) is None
    assert unlock_early(tmp_path / "no-vault-here") is None
    monkeypatch.setenv("SABT_PASSPHRASE", "early")
    early = unlock_early(keys)
    assert early is not None
    assert early.result().keyed_name(b"x") == ring.keyed_name(b"x")
    monkeypatch.setenv("SABT_PASSPHRASE", "wrong")
    wrong = unlock_early(keys)
    assert wrong is not None
    with pytest.raises(NotAuthenticated, match="Wrong passphrase"):
        wrong.result()
