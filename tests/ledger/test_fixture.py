"""The 70,000-entry C2SP fixture (tests/assets/ledger/tlog/c2sp-fixture),
written by an independent implementation and checked with Go's x/mod tlog."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from sabt.errors import InvalidProof, InvalidSignature
from sabt.ledger import (
    Checkpoint,
    TileLog,
    Verifier,
    create_tlog_proof,
    leaf_hash,
    open_note,
    verify_consistency,
    verify_inclusion,
    verify_tlog_proof,
)
from sabt.ledger.tilepath import Tile, parse_entry_bundle
from support import ASSETS

FIX = ASSETS / "ledger/tlog/c2sp-fixture"
META = json.loads((FIX / "fixture.json").read_text())
LOG_KEY = Verifier.from_vkey(META["log_vkey"])
WITNESS_KEY = Verifier.from_vkey(META["witness_vkey_cosignature_v1"])
ROOT = bytes.fromhex(META["root_hex"])
OLD_ROOT = bytes.fromhex(META["old_root_hex"])


def _b64s(items: list[str]) -> list[bytes]:
    return [base64.b64decode(x) for x in items]


def _entries(log_dir: Path, size: int) -> list[bytes]:
    out: list[bytes] = []
    for n in range((size + 255) // 256):
        width = min(256, size - n * 256)
        tile = Tile(-1, n, width)
        out.extend(parse_entry_bundle((log_dir / tile.path).read_bytes(), where=tile.path))
    return out


@pytest.fixture(scope="module")
def leaves() -> list[bytes]:
    entries = _entries(FIX / "log", META["tree_size"])
    assert entries[12345] == (FIX / "proofs/entry-12345.bin").read_bytes()
    assert entries == [b"evidence-event-%06d" % i for i in range(META["tree_size"])]
    return [leaf_hash(e) for e in entries]


def test_root_is_recomputed_from_the_tiles(leaves: list[bytes]) -> None:
    log = TileLog(FIX / "log")
    assert log.root(70000) == ROOT
    assert log.verify(70000, leaves) == ROOT
    assert log.root(1000) == OLD_ROOT
    assert log.verify(1000, leaves[:1000]) == OLD_ROOT
    assert log.leaf_hash(12345) == leaves[12345]


def test_checkpoint_signed_by_the_log_and_cosigned_by_the_witness() -> None:
    note = open_note((FIX / "log/checkpoint").read_text(), [LOG_KEY, WITNESS_KEY])
    assert [s.name for s in note.signatures] == [LOG_KEY.name, WITNESS_KEY.name]
    assert note.signatures[1].timestamp is not None
    cp = Checkpoint.from_text(note.text)
    assert (cp.origin, cp.size, cp.root) == (META["origin"], 70000, ROOT)
    old = Checkpoint.from_text(
        open_note((FIX / "checkpoint.old-1000").read_text(), [LOG_KEY, WITNESS_KEY]).text
    )
    assert (old.size, old.root) == (1000, OLD_ROOT)


def test_cosignature_by_an_untrusted_witness_is_only_unverified() -> None:
    note = open_note((FIX / "log/checkpoint").read_text(), [LOG_KEY])
    assert [s.name for s in note.unverified] == [WITNESS_KEY.name]


def test_consistency_1000_to_70000() -> None:
    proof = _b64s((FIX / "consistency-1000-70000.txt").read_text().split())
    assert proof == _b64s(META["consistency_1000_70000_b64"])
    verify_consistency(1000, 70000, proof, OLD_ROOT, ROOT)
    assert TileLog(FIX / "log").consistency_proof(1000, 70000) == proof
    with pytest.raises(InvalidProof):
        verify_consistency(1000, 70000, proof[:-1], OLD_ROOT, ROOT)


def test_inclusion_of_entry_12345(leaves: list[bytes]) -> None:
    proof = TileLog(FIX / "log").inclusion_proof(12345, 70000)
    assert proof == _b64s(META["inclusion_path_b64"])
    verify_inclusion(leaves[12345], 12345, 70000, proof, ROOT)


def test_tlog_proof_for_entry_12345_verifies() -> None:
    text = (FIX / "proofs/entry-12345.tlog-proof").read_text()
    leaf = leaf_hash((FIX / "proofs/entry-12345.bin").read_bytes())
    result = verify_tlog_proof(text, leaf, LOG_KEY, [WITNESS_KEY], quorum=1)
    assert (result.index, result.checkpoint.size, result.extra) == (
        12345,
        70000,
        b"case-0042/exhibit-7",
    )
    assert result.witnesses == (WITNESS_KEY.name,)


def test_tlog_proof_is_recreated_byte_for_byte() -> None:
    text = (FIX / "proofs/entry-12345.tlog-proof").read_text()
    made = create_tlog_proof(
        TileLog(FIX / "log"), 12345, (FIX / "log/checkpoint").read_text(), b"case-0042/exhibit-7"
    )
    assert made == text


def test_tlog_proof_for_another_entry_or_without_quorum_fails() -> None:
    text = (FIX / "proofs/entry-12345.tlog-proof").read_text()
    with pytest.raises(InvalidProof):
        verify_tlog_proof(text, leaf_hash(b"evidence-event-012346"), LOG_KEY, [WITNESS_KEY])
    with pytest.raises(InvalidSignature, match="0 of the trusted witnesses"):
        verify_tlog_proof(
            text.replace("— witness", "— other"),
            leaf_hash(b"evidence-event-012345"),
            LOG_KEY,
            [WITNESS_KEY],
            quorum=1,
        )
