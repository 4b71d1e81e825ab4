"""The text extracted at intake is sealed under the item's own key.

Nothing a note or a PDF says is written in plaintext to the database or the
log; ``sabt show``, the API and search still read it; a shred makes it
unreadable in the append-only log too; an altered seal is an error naming the
blob; events written before sealing are read as they are.
"""

from __future__ import annotations

import base64
import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import zstandard
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sabt.case import Case
from sabt.errors import Forgotten, IntegrityError
from sabt.vault import samples, textseal
from sabt.vault.evidence import blob_store
from sabt.vault.projection import evidence
from support import Ran

# Words that appear nowhere else in a case: if they are on disk, the text leaked.
WITNESS_EN = "Fictional testimony: the kingfisher-lantern trench by the orchard wall."
WITNESS_FA = "شهادت ساختگی: سنگرِ چراغ‌ماهی‌خوار کنار دیوار باغ."
PDF_LINE = "Fictional report on the marmalade-comet site."


@pytest.fixture
def case_dir(tmp_path: Path, cli: Callable[..., Ran]) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "case"
    assert cli(data, "init", "--origin", "test.invalid/seal", "--case", "seal").returncode == 0
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(f"{WITNESS_EN}\n{WITNESS_FA}\n", "utf-8")
    (inputs / "b.pdf").write_bytes(samples.pdf([PDF_LINE], title="Report"))
    r = cli(data, "add", str(inputs), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    return data, {Path(row["name"]).name: row["hash"] for row in rows}


def added(case: Case, hash: str) -> dict[str, Any]:
    """The ``evidence.added`` event body of ``hash``, as the log holds it."""
    (body,) = [
        s.event.body for s in case.events(types={"evidence.added"}) if s.event.body["hash"] == hash
    ]
    return body


def on_disk(data: Path, needle: str) -> list[str]:
    """Files under ``data`` holding ``needle`` (UTF-8, or JSON-escaped)."""
    forms = {needle.encode(), json.dumps(needle).strip('"').encode()}
    found = []
    for path in data.rglob("*"):
        if path.is_file() and any(form in path.read_bytes() for form in forms):
            found.append(str(path.relative_to(data)))
    return found


def raw_seal(case: Case, hash: str, version: int, packed: bytes) -> tuple[bytes, str]:
    """The item's text key, and ``packed`` sealed by hand in the documented
    format: version ‖ nonce ‖ AES-256-GCM, the associated data the context
    (``sabt/text/v1`` ‖ address), preceded by the version from version 2 on."""
    key = textseal.key_for(blob_store(case), hash)
    assert key is not None
    nonce = os.urandom(12)
    aad = b"sabt/text/v1\x00" + bytes.fromhex(hash)
    if version >= 2:
        aad = bytes([version]) + aad
    token = bytes([version]) + nonce + AESGCM(key).encrypt(nonce, packed, aad)
    return key, base64.b64encode(token).decode()


def test_extracted_text_is_sealed_in_the_log_and_database_and_still_read(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    data, hashes = case_dir
    for needle in ("kingfisher-lantern", "چراغ‌ماهی‌خوار", "marmalade-comet"):
        assert on_disk(data, needle) == [], needle  # database, WAL, log tiles, blobs
    with Case.open(data, publish=False) as case:
        bodies = {s.event.body["name"]: s.event.body for s in case.events(types={"evidence.added"})}
    meta = bodies["a.txt"]["metadata"]
    assert "text" not in meta and meta["encoding"] == "utf_8" and meta["text_truncated"] is False
    assert base64.b64decode(meta["text_sealed"])[0] == textseal.VERSION

    shown = json.loads(cli(data, "show", hashes["a.txt"], "--json").stdout)["evidence"]["meta"]
    assert shown["text"] == f"{WITNESS_EN}\n{WITNESS_FA}\n" and "text_sealed" not in shown
    human = cli(data, "show", hashes["b.pdf"]).stdout
    assert PDF_LINE in human

    r = cli(data, "search", "query", "marmalade-comet", "--json")
    assert [json.loads(line)["ref"] for line in r.stdout.splitlines()] == [hashes["b.pdf"]]


def test_the_sealed_text_is_kept_once_in_the_log_not_again_in_the_projection(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    data, hashes = case_dir
    with Case.open(data, publish=False) as case:
        token = added(case, hashes["a.txt"])["metadata"]["text_sealed"]
        with case.engine.connect() as conn:
            metas = dict(conn.execute(sa.select(evidence.c.hash, evidence.c.meta)).all())
        assert metas[hashes["a.txt"]]["text_sealed"] is True  # a mark, not a copy
        assert token not in json.dumps(metas)
    assert cli(data, "rebuild").returncode == 0  # a projection rebuilt from the log: the same
    shown = json.loads(cli(data, "show", hashes["a.txt"], "--json").stdout)["evidence"]["meta"]
    assert shown["text"] == f"{WITNESS_EN}\n{WITNESS_FA}\n"


def test_a_case_projected_with_the_text_in_its_projection_is_upgraded(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    """A case whose projection still holds each sealed text (written before it
    was kept once) is migrated when it opens: rebuild finds it matching its log."""
    data, hashes = case_dir
    h = hashes["a.txt"]
    with Case.open(data, publish=False) as case, case.engine.begin() as conn:
        token = added(case, h)["metadata"]["text_sealed"]
        meta = conn.execute(sa.select(evidence.c.meta).where(evidence.c.hash == h)).scalar()
        conn.execute(
            evidence.update()
            .where(evidence.c.hash == h)
            .values(meta={**meta, "text_sealed": token})
        )
        conn.execute(
            sa.text(
                "update alembic_version set version_num = 'vault_0001' "
                "where version_num = 'vault_0002'"
            )
        )
    r = cli(data, "rebuild")
    assert r.returncode == 0, r.stdout + r.stderr
    with Case.open(data, publish=False) as case, case.engine.connect() as conn:
        meta = conn.execute(sa.select(evidence.c.meta).where(evidence.c.hash == h)).scalar()
    assert meta["text_sealed"] is True
    shown = json.loads(cli(data, "show", h, "--json").stdout)["evidence"]["meta"]
    assert shown["text"] == f"{WITNESS_EN}\n{WITNESS_FA}\n"


def test_a_shred_makes_the_text_in_the_log_unreadable(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    data, hashes = case_dir
    h = hashes["a.txt"]
    with Case.open(data, publish=False) as case:
        body = added(case, h)
        assert WITNESS_FA in (textseal.open_text(body["metadata"], blob_store(case), h) or "")
    r = cli(data, "custody", "shred", h, "--reason", "Witness withdrew consent", "--yes")
    assert r.returncode == 0, r.stderr
    with Case.open(data, publish=False) as case:
        body = added(case, h)
        assert "text_sealed" in body["metadata"]  # the log is never rewritten...
        with pytest.raises(Forgotten):  # ...but what it holds can no longer be opened
            textseal.open_text(body["metadata"], blob_store(case), h)
        _, text, why = textseal.readable(body["metadata"], blob_store(case), h)
        assert text is None and why == "shredded"
    shown = json.loads(cli(data, "show", h, "--json").stdout)["evidence"]["meta"]
    assert "text" not in shown and "text_sealed" not in shown
    # The other item is untouched.
    other = json.loads(cli(data, "show", hashes["b.pdf"], "--json").stdout)["evidence"]["meta"]
    assert PDF_LINE in other["text"]


def test_an_altered_seal_is_an_error_naming_the_blob(
    case_dir: tuple[Path, dict[str, str]],
) -> None:
    data, hashes = case_dir
    h = hashes["a.txt"]
    with Case.open(data, publish=False) as case:
        body = added(case, h)
        store = blob_store(case)
        token = bytearray(base64.b64decode(body["metadata"]["text_sealed"]))
        token[-1] ^= 1
        altered = {**body["metadata"], "text_sealed": base64.b64encode(bytes(token)).decode()}
        with pytest.raises(IntegrityError, match=h):
            textseal.open_text(altered, store, h)
        # Sealed for one item, it does not open as another's (the address is bound in).
        with pytest.raises(IntegrityError):
            textseal.open_text(body["metadata"], store, hashes["b.pdf"])
        assert textseal.readable(altered, store, h)[2] == "damaged"
        assert textseal.readable(body["metadata"], None, h)[1:] == (None, "locked")
        with pytest.raises(IntegrityError, match="not base64"):
            textseal.open_text({"text_sealed": "@@@"}, store, h)
        with pytest.raises(IntegrityError, match="not a string"):
            textseal.open_text({"text_sealed": 5}, store, h)


def test_a_version_1_seal_is_still_read_and_the_version_is_bound_in(
    case_dir: tuple[Path, dict[str, str]],
) -> None:
    """Seals written before Zstandard (version 1: zlib, the address alone as
    associated data) still open; a version-2 seal whose version byte is
    changed does not."""
    data, hashes = case_dir
    h = hashes["a.txt"]
    with Case.open(data, publish=False) as case:
        store = blob_store(case)
        packed = zlib.compress(b"A note sealed by an earlier sabt.", 1)
        key, sealed = raw_seal(case, h, 1, packed)
        v1 = base64.b64decode(sealed)
        old = {"text_sealed": sealed}
        assert textseal.open_text(old, store, h) == "A note sealed by an earlier sabt."
        current = bytearray(base64.b64decode(added(case, h)["metadata"]["text_sealed"]))
        assert current[0] == 2
        current[0] = 1
        with pytest.raises(IntegrityError, match="does not verify"):
            textseal.open_text({"text_sealed": base64.b64encode(bytes(current)).decode()}, store, h)
        flipped = b"\x02" + v1[1:]
        with pytest.raises(IntegrityError, match="does not verify"):
            textseal.open_text({"text_sealed": base64.b64encode(flipped).decode()}, store, h)
        # Sealed again under another key (another writer's copy), it stays version 1.
        other = os.urandom(32)
        moved = textseal.reseal(dict(old), key, other, h)
        assert base64.b64decode(moved["text_sealed"])[0] == 1
        assert textseal.reseal(moved, other, key, h)["text_sealed"] != old["text_sealed"]


def test_a_seal_stating_more_text_than_is_ever_kept_is_refused(
    case_dir: tuple[Path, dict[str, str]],
) -> None:
    """Even authenticated (sealed with the vault's key), a compressed bomb is an
    error naming the blob, not a server's memory taken."""
    data, hashes = case_dir
    h = hashes["a.txt"]
    with Case.open(data, publish=False) as case:
        store = blob_store(case)
        _, token = raw_seal(case, h, 2, zstandard.compress(b"x" * (textseal.MAX_TEXT_BYTES + 1)))
        with pytest.raises(IntegrityError, match=f"blob {h}: the sealed text does not decompress"):
            textseal.open_text({"text_sealed": token}, store, h)
        _, token = raw_seal(case, h, 1, zlib.compress(b"x" * (textseal.MAX_TEXT_BYTES + 1)))
        with pytest.raises(IntegrityError, match="does not decompress"):
            textseal.open_text({"text_sealed": token}, store, h)


def test_an_event_from_before_sealing_is_read_as_it_is(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran], tmp_path: Path
) -> None:
    """A case written by an earlier sabt holds the text in plaintext: shown and found."""
    data, _ = case_dir
    old = tmp_path / "old.txt"
    old.write_text("An older note about the quince-harbour road.\n", "utf-8")
    with Case.open(data, publish=False) as case:
        stored = blob_store(case).put(old.open("rb"))
        case.append(
            "evidence.added",
            {
                "hash": stored.hash,
                "size": stored.size,
                "media_type": "text/plain",
                "name": "old.txt",
                "metadata": {"encoding": "utf_8", "text": old.read_text("utf-8")},
            },
        )
    shown = json.loads(cli(data, "show", stored.hash, "--json").stdout)["evidence"]["meta"]
    assert shown["text"].startswith("An older note")
    r = cli(data, "search", "query", "quince-harbour", "--json")
    assert [json.loads(line)["ref"] for line in r.stdout.splitlines()] == [stored.hash]


def test_indexed_while_locked_the_text_is_added_once_unlocked(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search made with the vault locked indexes the item without its sealed
    text; the first search made with it unlocked adds the text."""
    data, hashes = case_dir
    passphrase = os.environ["SABT_PASSPHRASE"]
    monkeypatch.delenv("SABT_PASSPHRASE")
    r = cli(data, "search", "query", "marmalade-comet", "--json")
    assert r.returncode == 0 and r.stdout == ""  # indexed, without the sealed text
    assert cli(data, "search", "query", "b.pdf", "--json").stdout  # the rest is indexed
    monkeypatch.setenv("SABT_PASSPHRASE", passphrase)
    r = cli(data, "search", "query", "marmalade-comet", "--json")
    assert [json.loads(line)["ref"] for line in r.stdout.splitlines()] == [hashes["b.pdf"]]
    # Completed: the next search with the vault locked still finds it.
    monkeypatch.delenv("SABT_PASSPHRASE")
    r = cli(data, "search", "query", "marmalade-comet", "--json")
    assert [json.loads(line)["ref"] for line in r.stdout.splitlines()] == [hashes["b.pdf"]]


def test_after_a_shred_the_text_is_nowhere_on_disk(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    """The search index holds an item's text in plaintext (for snippets): a
    shred takes it out at once, not at the next search."""
    data, hashes = case_dir
    r = cli(data, "search", "query", "kingfisher-lantern", "--json")
    assert [json.loads(line)["ref"] for line in r.stdout.splitlines()] == [hashes["a.txt"]]
    # Indexed: the text (for snippets) and its search keys are in the database.
    assert on_disk(data, "kingfisher-lantern") and on_disk(data, "kingfisher")
    r = cli(data, "custody", "shred", hashes["a.txt"], "--reason", "Consent withdrawn", "--yes")
    assert r.returncode == 0, r.stderr
    # Neither in the table, nor its keys in the index's segments, nor in free
    # pages or the write-ahead log.
    assert on_disk(data, "kingfisher") == []
    assert on_disk(data, "marmalade-comet")  # the other item is still indexed


@pytest.mark.parametrize("finish", ["verify", "rerun"])
def test_finishing_an_interrupted_shred_clears_the_search_index(
    case_dir: tuple[Path, dict[str, str]], cli: Callable[..., Ran], finish: str
) -> None:
    """A crash between the shred's record and its key's destruction: whatever
    finishes it (``verify --blobs``, or the shred run again) also takes the
    item's text out of the search index."""
    data, hashes = case_dir
    h = hashes["a.txt"]
    assert cli(data, "search", "query", "kingfisher-lantern", "--json").stdout  # indexed
    with Case.open(data) as case:  # the shred recorded, the key intact
        case.append("custody.recorded", {"hash": h, "event": "shredded", "reason": "order"})
    assert on_disk(data, "kingfisher")
    if finish == "verify":
        r = cli(data, "verify", "--blobs", "all")
    else:
        r = cli(data, "custody", "shred", h, "--reason", "order", "--yes")
    assert r.returncode == 0, r.stderr
    assert on_disk(data, "kingfisher") == []
