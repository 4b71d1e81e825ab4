"""Tile paths and the tile inventory (c2sp.org/tlog-tiles; Go sumdb's path table)."""

from __future__ import annotations

import json

import pytest

from sabt.errors import InvalidInput, MalformedNote
from sabt.ledger import Tile, tiles_for_size
from sabt.ledger.tilepath import encode_index, format_entry_bundle, parse_entry_bundle
from support import ASSETS

C2SP = json.loads((ASSETS / "ledger/tlog/c2sp-spec-examples.json").read_text())
GO = json.loads((ASSETS / "ledger/tlog/go-xmod-sumdb-vectors.json").read_text())


def test_index_encoding_example() -> None:
    for n, path in C2SP["tile_index_encoding_example"].items():
        assert encode_index(int(n)) == path
    assert encode_index(0) == "000"
    assert encode_index(1000) == "x001/000"


def _c2sp(go_path: str) -> str:
    # Go's sumdb paths carry the tile height (always 8 in C2SP, where it is
    # dropped) and name entry tiles "data"; see the vector file's comment.
    parts = go_path.split("/")
    level = "entries" if parts[2] == "data" else parts[2]
    return "/".join(["tile", level, *parts[3:]])


@pytest.mark.parametrize(
    "row", [r for r in GO["tile_paths_go_sumdb"] if not r.get("invalid")], ids=lambda r: r["path"]
)
def test_go_sumdb_paths_without_the_height(row: dict[str, int | str]) -> None:
    tile = Tile.from_path(_c2sp(str(row["path"])))
    assert (tile.level, tile.index) == (row["L"], row["N"])
    # Go's widths are counted in tiles of height H; only the partial suffix carries over.
    assert tile.path == _c2sp(str(row["path"]))


@pytest.mark.parametrize(
    "path",
    [
        "tile/5/123/456/078",
        "tile/-1/x123/456",
        "tile/0/x000/001",
        "tile/00/000",
        "tile/0/000.p/256",
        "tile/0/000.p/0",
        "tile/0/000.p/07",
    ],
)
def test_invalid_paths(path: str) -> None:
    with pytest.raises(InvalidInput):
        Tile.from_path(path)


def test_inventory_for_size_70000() -> None:
    inv = C2SP["tile_inventory_example"]
    tiles = tiles_for_size(inv["tree_size"])
    for level in range(3):
        want = inv[f"level{level}"]
        full = [t for t in tiles if t.level == level and t.width == 256]
        partial = [t for t in tiles if t.level == level and t.width < 256]
        assert len(full) == want["full"]
        assert [t.width for t in partial] == [want["partial_width"]]
    assert max(t.level for t in tiles) == 2


def test_inventory_for_size_256() -> None:
    assert [t.path for t in tiles_for_size(256)] == ["tile/0/000", "tile/1/000.p/1"]
    assert tiles_for_size(0) == []


def test_entry_bundles_round_trip_and_truncation() -> None:
    entries = [b"", b"a", b"x" * 300]
    data = format_entry_bundle(entries)
    assert parse_entry_bundle(data) == entries
    with pytest.raises(MalformedNote, match="past the end"):
        parse_entry_bundle(data[:-1], where="tile/entries/000")
