"""RFC 6962 known answers (tests/assets/ledger/tlog/rfc6962-known-answers.json)."""

from __future__ import annotations

import json

import pytest

from sabt.errors import InvalidProof
from sabt.ledger import EMPTY_ROOT, MemoryTree, leaf_hash, node_hash, tree_root
from sabt.ledger.hashing import check_hash
from support import ASSETS

KAT = json.loads((ASSETS / "ledger/tlog/rfc6962-known-answers.json").read_text())
LEAVES = [bytes.fromhex(x) for x in KAT["leaf_inputs_hex"]]


def test_empty_tree_and_empty_leaf() -> None:
    assert EMPTY_ROOT.hex() == KAT["empty_root_hex"]
    assert tree_root([]).hex() == KAT["empty_root_hex"]
    assert leaf_hash(b"").hex() == KAT["empty_leaf_hash_hex"]


def test_leaf_and_node_hash_of_ascii_inputs() -> None:
    assert leaf_hash(b"L123456").hex() == KAT["leaf_L123456_hex"]
    assert node_hash(b"N123", b"N456").hex() == KAT["node_N123_N456_hex"]


def test_leaf_hashes_of_the_reference_tree() -> None:
    assert [leaf_hash(x).hex() for x in LEAVES] == KAT["leaf_hashes_hex"]


def test_every_node_by_level() -> None:
    level = [leaf_hash(x) for x in LEAVES]
    for want in KAT["node_hashes_by_level_hex"]:
        assert [h.hex() for h in level] == want
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]


@pytest.mark.parametrize("size", range(9))
def test_root_of_every_size(size: int) -> None:
    hashes = [leaf_hash(x) for x in LEAVES[:size]]
    assert tree_root(hashes).hex() == KAT["root_hashes_hex_by_size"][size]
    assert MemoryTree(hashes).root(size).hex() == KAT["root_hashes_hex_by_size"][size]


@pytest.mark.parametrize("bad", [b"", b"\x00" * 31, b"\x00" * 33])
def test_a_hash_that_is_not_32_bytes_is_refused(bad: bytes) -> None:
    with pytest.raises(InvalidProof, match="32-byte"):
        check_hash(bad, "root")
