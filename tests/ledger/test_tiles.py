"""TileLog: tiles written as the log grows, proofs read from tiles, and every
kind of damaged tile detected with its own error naming the tile path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sabt.errors import InvalidInput, InvalidProof, TileMismatch, TruncatedTile
from sabt.ledger import EMPTY_ROOT, MemoryTree, TileLog, leaf_hash, tiles_for_size, verify_inclusion
from support import ASSETS

FIX = ASSETS / "ledger/tlog/c2sp-fixture"
LEAVES = [leaf_hash(b"evidence-event-%06d" % i) for i in range(70000)]


def _built(tmp_path: Path, size: int) -> TileLog:
    log = TileLog(tmp_path / "log")
    log.extend(0, LEAVES[:size])
    return log


@pytest.fixture()
def fixture_copy(tmp_path: Path) -> TileLog:
    shutil.copytree(
        FIX / "log" / "tile", tmp_path / "log" / "tile", ignore=shutil.ignore_patterns("entries")
    )
    return TileLog(tmp_path / "log")


def test_building_the_fixture_writes_the_same_tiles(tmp_path: Path) -> None:
    log = TileLog(tmp_path / "log")
    log.extend(0, LEAVES[:1000])
    root = log.extend(1000, LEAVES[1000:])
    assert root == TileLog(FIX / "log").root(70000)
    for tile in tiles_for_size(70000) + tiles_for_size(1000):
        assert (tmp_path / "log" / tile.path).read_bytes() == (
            FIX / "log" / tile.path
        ).read_bytes(), tile.path


def test_empty_log() -> None:
    log = TileLog(Path("/nonexistent-sabt-log"))
    assert log.root(0) == EMPTY_ROOT
    assert log.verify(0, []) == EMPTY_ROOT
    assert log.consistency_proof(0, 0) == []


def test_extend_with_nothing_returns_the_current_root(tmp_path: Path) -> None:
    log = _built(tmp_path, 300)
    assert log.extend(300, []) == MemoryTree(LEAVES[:300]).root(300)


def test_re_extending_from_an_older_size_is_idempotent(tmp_path: Path) -> None:
    log = _built(tmp_path, 600)
    before = {p: p.read_bytes() for p in (tmp_path / "log").rglob("*") if p.is_file()}
    assert log.extend(250, LEAVES[250:600]) == log.root(600)
    after = {p: p.read_bytes() for p in (tmp_path / "log").rglob("*") if p.is_file()}
    assert after == before


def test_a_forged_tile_is_named(fixture_copy: TileLog) -> None:
    path = fixture_copy.directory / "tile/0/040"
    data = bytearray(path.read_bytes())
    data[5 * 32] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(TileMismatch, match=r"tile/0/040 .*hash 5 \(leaf 10245\)"):
        fixture_copy.verify(70000, LEAVES)


def test_a_forged_upper_level_tile_is_named(fixture_copy: TileLog) -> None:
    path = fixture_copy.directory / "tile/1/001.p/17"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises(TileMismatch, match=r"tile/1/001\.p/17 .*level-8 node 272"):
        fixture_copy.verify(70000, LEAVES)


def test_a_truncated_tile_is_named(fixture_copy: TileLog) -> None:
    path = fixture_copy.directory / "tile/0/273.p/112"
    path.write_bytes(path.read_bytes()[:-7])
    with pytest.raises(TruncatedTile, match=r"tile/0/273\.p/112 .* is 3577 bytes, expected 3584"):
        fixture_copy.verify(70000, LEAVES)
    with pytest.raises(TruncatedTile, match=r"tile/0/273\.p/112"):
        fixture_copy.inclusion_proof(69999, 70000)


def test_a_missing_tile_is_named(fixture_copy: TileLog) -> None:
    (fixture_copy.directory / "tile/2/000.p/1").unlink()
    with pytest.raises(TruncatedTile, match=r"tile/2/000\.p/1 is missing .* size 70000"):
        fixture_copy.root(70000)


def test_an_overlong_tile_is_a_mismatch(fixture_copy: TileLog) -> None:
    path = fixture_copy.directory / "tile/0/000"
    path.write_bytes(path.read_bytes() + b"\x00" * 32)
    with pytest.raises(TileMismatch, match=r"tile/0/000 .* 8224 bytes, expected 8192"):
        fixture_copy.verify(70000, LEAVES)


def test_verify_needs_exactly_size_leaves(tmp_path: Path) -> None:
    log = _built(tmp_path, 10)
    with pytest.raises(InvalidInput, match="9 leaf hashes"):
        log.verify(10, LEAVES[:9])
    with pytest.raises(InvalidInput, match="more than 10"):
        log.verify(10, LEAVES[:11])


def test_wrong_leaves_are_a_mismatch(tmp_path: Path) -> None:
    log = _built(tmp_path, 10)
    with pytest.raises(TileMismatch, match=r"tile/0/000\.p/10 .*hash 3"):
        log.verify(10, [*LEAVES[:3], LEAVES[99], *LEAVES[4:10]])


def test_proofs_for_sizes_past_the_tiles_fail(tmp_path: Path) -> None:
    log = _built(tmp_path, 10)
    with pytest.raises(TruncatedTile, match="missing"):
        log.root(11)
    with pytest.raises(InvalidProof, match="below the size"):
        log.inclusion_proof(10, 10)
    with pytest.raises(InvalidProof, match="must not exceed"):
        log.consistency_proof(11, 10)


def test_old_sizes_read_from_full_tiles(tmp_path: Path) -> None:
    # Built in one go: no partial tile was ever written for size 100.
    log = _built(tmp_path, 1000)
    tree = MemoryTree(LEAVES[:1000])
    assert log.root(100) == tree.root(100)
    proof = log.inclusion_proof(42, 100)
    verify_inclusion(LEAVES[42], 42, 100, proof, tree.root(100))
    assert log.consistency_proof(100, 1000) == tree.consistency_proof(100, 1000)


def test_bad_leaf_hashes_change_nothing(tmp_path: Path) -> None:
    log = _built(tmp_path, 5)
    before = sorted(p for p in (tmp_path / "log").rglob("*"))
    with pytest.raises(InvalidInput, match="leaf hash 6 must be 32 bytes"):
        log.extend(5, [LEAVES[5], b"short"])
    assert sorted(p for p in (tmp_path / "log").rglob("*")) == before
