"""c2sp.org/tlog-proof@v1: round trip, and every malformed or tampered proof refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from sabt.errors import InvalidProof, InvalidSignature, MalformedNote, TileMismatch
from sabt.ledger import (
    Checkpoint,
    Signer,
    TileLog,
    TlogProof,
    Verifier,
    create_tlog_proof,
    generate_signer_key,
    leaf_hash,
    sign_note,
    verify_tlog_proof,
)

ORIGIN = "log.example/fictional-case"
SKEY, VKEY = generate_signer_key(ORIGIN)
LEAVES = [leaf_hash(b"entry %d" % i) for i in range(40)]


@pytest.fixture()
def made(tmp_path: Path) -> str:
    log = TileLog(tmp_path)
    root = log.extend(0, LEAVES)
    note = sign_note(Checkpoint(ORIGIN, 40, root).to_text(), [Signer.from_skey(SKEY)])
    return create_tlog_proof(log, 7, note)


def test_round_trip(made: str) -> None:
    parsed = TlogProof.from_text(made)
    assert parsed.to_text() == made and parsed.extra is None
    assert made.startswith("c2sp.org/tlog-proof@v1\nindex 7\n")
    result = verify_tlog_proof(made, LEAVES[7], Verifier.from_vkey(VKEY))
    assert (result.index, result.checkpoint.size) == (7, 40)


def test_wrong_leaf_or_flipped_proof_line(made: str) -> None:
    log_key = Verifier.from_vkey(VKEY)
    with pytest.raises(InvalidProof):
        verify_tlog_proof(made, LEAVES[8], log_key)
    lines = made.split("\n")
    lines[2] = lines[2][:5] + ("A" if lines[2][5] != "A" else "B") + lines[2][6:]
    with pytest.raises((InvalidProof, MalformedNote)):
        verify_tlog_proof("\n".join(lines), LEAVES[7], log_key)


def test_missing_or_extra_proof_lines(made: str) -> None:
    head, _, checkpoint = made.partition("\n\n")
    lines = head.split("\n")
    log_key = Verifier.from_vkey(VKEY)
    with pytest.raises(InvalidProof, match="too few"):
        verify_tlog_proof("\n".join(lines[:-1]) + "\n\n" + checkpoint, LEAVES[7], log_key)
    with pytest.raises(InvalidProof, match="more than"):
        verify_tlog_proof("\n".join([*lines, lines[-1]]) + "\n\n" + checkpoint, LEAVES[7], log_key)


def test_untrusted_log_key_or_wrong_origin(made: str) -> None:
    with pytest.raises(InvalidSignature):
        verify_tlog_proof(made, LEAVES[7], Verifier.from_vkey(generate_signer_key(ORIGIN)[1]))
    with pytest.raises(MalformedNote, match="origin"):
        verify_tlog_proof(made, LEAVES[7], Verifier.from_vkey(VKEY), origin="other.example")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda t: t.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"), "first line"),
        (lambda t: t.replace("index 7", "index 07"), "leading zeros"),
        (lambda t: t.replace("index 7", "idx 7"), "index <n>"),
        (lambda t: t.replace("\n\n", "\n", 1), "no empty line|not valid base64"),
        (lambda t: t.replace("index 7\n", "index 7\nAAAA\n"), "not a 32-byte hash"),
    ],
)
def test_malformed_proofs(made: str, change: object, match: str) -> None:
    assert callable(change)
    with pytest.raises(MalformedNote, match=match):
        verify_tlog_proof(change(made), LEAVES[7], Verifier.from_vkey(VKEY))


def test_create_refuses_a_checkpoint_the_tiles_do_not_match(tmp_path: Path) -> None:
    log = TileLog(tmp_path)
    log.extend(0, LEAVES)
    note = sign_note(Checkpoint(ORIGIN, 40, LEAVES[0]).to_text(), [Signer.from_skey(SKEY)])
    with pytest.raises(TileMismatch, match="size 40"):
        create_tlog_proof(log, 7, note)
