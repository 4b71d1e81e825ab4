"""Hypothesis properties of the Merkle log (STYLE.md): every leaf proves
inclusion in every later tree, consistency verifies for every m <= n, flipping
any byte of a proof or root fails, and a TileLog built by many extend() calls
equals one built at once and the naive in-memory tree."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sabt.errors import InvalidProof
from sabt.ledger import MemoryTree, TileLog, leaf_hash, verify_consistency, verify_inclusion
from support import ASSETS

FIXTURE = TileLog(ASSETS / "ledger/tlog/c2sp-fixture/log")
BIG = 70000
LEAVES = [leaf_hash(b"evidence-event-%06d" % i) for i in range(BIG)]
SMALL = 40
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def small_log(tmp_path_factory: pytest.TempPathFactory) -> TileLog:
    log = TileLog(tmp_path_factory.mktemp("small"))
    for i in range(SMALL):
        log.extend(i, [LEAVES[i]])
    return log


def test_every_leaf_proves_inclusion_in_every_later_tree(small_log: TileLog) -> None:
    tree = MemoryTree(LEAVES[:SMALL])
    for n in range(1, SMALL + 1):
        root = small_log.root(n)
        assert root == tree.root(n)
        for i in range(n):
            proof = small_log.inclusion_proof(i, n)
            assert proof == tree.inclusion_proof(i, n)
            verify_inclusion(LEAVES[i], i, n, proof, root)


def test_consistency_verifies_for_every_m_up_to_n(small_log: TileLog) -> None:
    tree = MemoryTree(LEAVES[:SMALL])
    for n in range(SMALL + 1):
        for m in range(n + 1):
            proof = small_log.consistency_proof(m, n)
            assert proof == tree.consistency_proof(m, n)
            verify_consistency(m, n, proof, small_log.root(m), small_log.root(n))


@SETTINGS
@given(st.data())
def test_inclusion_in_large_trees_read_from_tiles(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, BIG), label="size")
    i = data.draw(st.integers(0, n - 1), label="index")
    verify_inclusion(LEAVES[i], i, n, FIXTURE.inclusion_proof(i, n), FIXTURE.root(n))


@SETTINGS
@given(st.data())
def test_consistency_in_large_trees_read_from_tiles(data: st.DataObject) -> None:
    n = data.draw(st.integers(0, BIG), label="size2")
    m = data.draw(st.integers(0, n), label="size1")
    verify_consistency(m, n, FIXTURE.consistency_proof(m, n), FIXTURE.root(m), FIXTURE.root(n))


def _flip(values: list[bytes], at: int, bit: int) -> list[bytes]:
    flat = bytearray(b"".join(values))
    flat[at] ^= 1 << bit
    return [bytes(flat[k : k + 32]) for k in range(0, len(flat), 32)]


@SETTINGS
@given(st.data())
def test_flipping_any_byte_of_an_inclusion_proof_or_root_fails(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, BIG), label="size")
    i = data.draw(st.integers(0, n - 1), label="index")
    proof, root = FIXTURE.inclusion_proof(i, n), FIXTURE.root(n)
    values = [*proof, root]
    at = data.draw(st.integers(0, 32 * len(values) - 1), label="byte")
    bad = _flip(values, at, data.draw(st.integers(0, 7), label="bit"))
    with pytest.raises(InvalidProof):
        verify_inclusion(LEAVES[i], i, n, bad[:-1], bad[-1])


@SETTINGS
@given(st.data())
def test_flipping_any_byte_of_a_consistency_proof_or_root_fails(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, BIG), label="size2")
    m = data.draw(st.integers(1, n - 1), label="size1")
    values = [*FIXTURE.consistency_proof(m, n), FIXTURE.root(m), FIXTURE.root(n)]
    at = data.draw(st.integers(0, 32 * len(values) - 1), label="byte")
    bad = _flip(values, at, data.draw(st.integers(0, 7), label="bit"))
    with pytest.raises(InvalidProof):
        verify_consistency(m, n, bad[:-2], bad[-2], bad[-1])


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 700), min_size=1, max_size=12))
def test_many_extends_equal_one_extend_and_the_naive_tree(batches: list[int]) -> None:
    with tempfile.TemporaryDirectory() as d:
        stepwise, at_once = TileLog(Path(d) / "a"), TileLog(Path(d) / "b")
        size = 0
        for b in batches:
            root = stepwise.extend(size, LEAVES[size : size + b])
            size += b
            assert root == MemoryTree(LEAVES[:size]).root(size)
        assert at_once.extend(0, LEAVES[:size]) == root
        # The step-by-step log keeps the partial tiles of every size it passed;
        # the tiles of the final size are identical in both.
        one = _files(Path(d) / "b")
        assert {k: v for k, v in _files(Path(d) / "a").items() if k in one} == one
        assert stepwise.verify(size, LEAVES[:size]) == root
