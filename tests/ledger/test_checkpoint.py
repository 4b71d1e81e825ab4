"""Checkpoints (c2sp.org/tlog-checkpoint) and the C2SP spec examples."""

from __future__ import annotations

import base64
import json

import pytest

from sabt.errors import MalformedNote
from sabt.ledger import Checkpoint, leaf_hash
from sabt.ledger.keys import cosignature_message
from support import ASSETS

C2SP = json.loads((ASSETS / "ledger/tlog/c2sp-spec-examples.json").read_text())
GO = json.loads((ASSETS / "ledger/tlog/go-xmod-sumdb-vectors.json").read_text())


def test_c2sp_checkpoint_example_parses() -> None:
    text = C2SP["checkpoint_example_unverifiable_no_vkey_given"].split("\n\n")[0] + "\n"
    cp = Checkpoint.from_text(text)
    assert (cp.origin, cp.size) == ("example.com/behind-the-sofa", 20852163)
    assert cp.to_text() == text


def test_go_tree_note_golden() -> None:
    cp = Checkpoint("go.sum database tree", 123456789012, leaf_hash(b"hello world"))
    assert cp.to_text() == GO["tlog_note"]["FormatTree_golden"]


def test_cosignature_v1_signed_message_example() -> None:
    text = C2SP["checkpoint_example_unverifiable_no_vkey_given"].split("\n\n")[0] + "\n"
    assert (
        cosignature_message(text, 1679315147).decode()
        == C2SP["cosignature_v1_signed_message_example"]
    )


def test_c2sp_cosignature_line_carries_key_id_and_timestamp() -> None:
    line = C2SP["cosignature_example_line_unverifiable"]
    dash, name, b64 = line.split(" ")
    raw = base64.b64decode(b64)
    assert (dash, name, len(raw)) == ("\u2014", "witness.example.com/w1", 4 + 8 + 64)
    assert int.from_bytes(raw[4:12], "big") == 1679315147


def test_extensions_round_trip() -> None:
    cp = Checkpoint("sabt.example/case-1", 7, b"\x01" * 32, ("ext one", "ext two"))
    assert Checkpoint.from_text(cp.to_text()) == cp


ROOT = base64.b64encode(b"\x00" * 32).decode()


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (f"o\n1\n{ROOT}", "end with a newline"),
        ("o\n1\n", "origin, size and root"),
        (f"o\n01\n{ROOT}\n", "leading zeros"),
        (f"o\n-1\n{ROOT}\n", "decimal"),
        (f"o\n1\n{ROOT[:-4]}\n", "32-byte"),
        ("o\n1\n%%%\n", "not base64"),
        (f"\n1\n{ROOT}\n", "origin"),
        (f"o\n1\n{ROOT}\n\n", "extension"),
    ],
)
def test_malformed_checkpoints(text: str, match: str) -> None:
    with pytest.raises(MalformedNote, match=match):
        Checkpoint.from_text(text)
