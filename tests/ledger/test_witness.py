"""A witness cosigns only checkpoints consistent with the last one it cosigned:
rollbacks, split views and tiles that do not match are each refused with their
own error, and the state file is left unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sabt.errors import (
    CheckpointRollback,
    InvalidInput,
    InvalidSignature,
    NotFound,
    SplitView,
    TileMismatch,
)
from sabt.ledger import (
    Checkpoint,
    Signer,
    TileLog,
    Verifier,
    WitnessState,
    generate_signer_key,
    leaf_hash,
    open_note,
    sign_note,
)
from support import ASSETS

ORIGIN = "log.example/fictional-case"
SKEY, VKEY = generate_signer_key(ORIGIN)


def _log(directory: Path, entries: list[bytes], sizes: list[int]) -> dict[int, str]:
    """Grow a log through ``sizes``; return the signed checkpoint note at each size."""
    log, signer, notes, size = TileLog(directory), Signer.from_skey(SKEY), {}, 0
    for target in sizes:
        root = log.extend(size, [leaf_hash(e) for e in entries[size:target]])
        size = target
        notes[size] = sign_note(Checkpoint(ORIGIN, size, root).to_text(), [signer])
    return notes


ENTRIES = [b"event %d" % i for i in range(600)]
FORKED = [*ENTRIES[:100], b"rewritten", *ENTRIES[101:]]


@pytest.fixture()
def witness(tmp_path: Path) -> WitnessState:
    state = WitnessState.create(tmp_path / "witness.json", "witness.example/w1")
    state.add_log(VKEY)
    return state


def test_cosigns_a_growing_log(tmp_path: Path, witness: WitnessState) -> None:
    notes = _log(tmp_path / "log", ENTRIES, [10, 300, 600])
    tiles = TileLog(tmp_path / "log")
    for size in (10, 300, 600):
        cosigned = witness.cosign(notes[size], tiles, timestamp=1700000000 + size)
        note = open_note(cosigned, [Verifier.from_vkey(VKEY), witness.signer.verifier])
        assert [s.name for s in note.signatures] == [ORIGIN, "witness.example/w1"]
        assert note.signatures[1].timestamp == 1700000000 + size
    saved = json.loads((tmp_path / "witness.json").read_text())
    assert saved["logs"][ORIGIN]["size"] == 600
    assert (tmp_path / "witness.json").stat().st_mode & 0o077 == 0


def test_cosigning_the_same_checkpoint_twice_keeps_one_cosignature(
    tmp_path: Path, witness: WitnessState
) -> None:
    notes = _log(tmp_path / "log", ENTRIES, [20])
    once = witness.cosign(notes[20], TileLog(tmp_path / "log"), timestamp=1)
    twice = witness.cosign(once, TileLog(tmp_path / "log"), timestamp=2)
    assert twice.count("— witness.example/w1 ") == 1


def test_checkpoint_rollback(tmp_path: Path, witness: WitnessState) -> None:
    notes = _log(tmp_path / "log", ENTRIES, [100, 200])
    witness.cosign(notes[200], TileLog(tmp_path / "log"))
    with pytest.raises(CheckpointRollback, match="size 100 is older than size 200"):
        witness.cosign(notes[100], TileLog(tmp_path / "log"))
    assert WitnessState.load(witness.path).logs[ORIGIN].size == 200


def test_split_view_same_size_other_root(tmp_path: Path, witness: WitnessState) -> None:
    honest = _log(tmp_path / "a", ENTRIES, [300])
    forked = _log(tmp_path / "b", FORKED, [300])
    witness.cosign(honest[300], TileLog(tmp_path / "a"))
    with pytest.raises(SplitView, match="two different roots for size 300"):
        witness.cosign(forked[300], TileLog(tmp_path / "b"))


def test_split_view_larger_tree_that_rewrote_history(tmp_path: Path, witness: WitnessState) -> None:
    honest = _log(tmp_path / "a", ENTRIES, [300])
    forked = _log(tmp_path / "b", FORKED, [300, 600])
    witness.cosign(honest[300], TileLog(tmp_path / "a"))
    with pytest.raises(SplitView, match="size 600 does not extend size 300"):
        witness.cosign(forked[600], TileLog(tmp_path / "b"))
    assert WitnessState.load(witness.path).logs[ORIGIN].size == 300


def test_tiles_that_do_not_match_the_checkpoint(tmp_path: Path, witness: WitnessState) -> None:
    honest = _log(tmp_path / "a", ENTRIES, [300])
    _log(tmp_path / "b", FORKED, [300])
    with pytest.raises(TileMismatch, match="do not give the checkpoint root for size 300"):
        witness.cosign(honest[300], TileLog(tmp_path / "b"))


def test_unknown_log_and_wrong_key(tmp_path: Path, witness: WitnessState) -> None:
    other = Signer.generate(ORIGIN)
    note = sign_note(Checkpoint(ORIGIN, 0, leaf_hash(b"")).to_text(), [other])
    with pytest.raises(InvalidSignature):
        witness.cosign(note, TileLog(tmp_path))
    stranger = sign_note(Checkpoint("elsewhere.example", 0, leaf_hash(b"")).to_text(), [other])
    with pytest.raises(NotFound, match="elsewhere.example"):
        witness.cosign(stranger, TileLog(tmp_path))


def test_state_file_rules(tmp_path: Path, witness: WitnessState) -> None:
    with pytest.raises(InvalidInput, match="already exists"):
        WitnessState.create(witness.path, "again")
    with pytest.raises(InvalidInput, match="another key"):
        witness.add_log(generate_signer_key(ORIGIN)[1])
    with pytest.raises(InvalidInput, match="Ed25519 note key"):
        witness.add_log(witness.signer.vkey)
    with pytest.raises(NotFound, match="witness init"):
        WitnessState.load(tmp_path / "nope.json")


def test_cosigning_the_fixture_keeps_the_other_witness_line(tmp_path: Path) -> None:
    fix = ASSETS / "ledger/tlog/c2sp-fixture"
    meta = json.loads((fix / "fixture.json").read_text())
    state = WitnessState.create(tmp_path / "w.json", "witness.example/w2")
    state.add_log(meta["log_vkey"])
    original = (fix / "log/checkpoint").read_text()
    cosigned = state.cosign(original, TileLog(fix / "log"), timestamp=1700000000)
    assert cosigned.startswith(original)
    keys = [
        Verifier.from_vkey(meta["log_vkey"]),
        Verifier.from_vkey(meta["witness_vkey_cosignature_v1"]),
    ]
    note = open_note(cosigned, [*keys, state.signer.verifier])
    assert [s.name for s in note.signatures] == [
        meta["origin"],
        "witness.example.com/w1",
        "witness.example/w2",
    ]
