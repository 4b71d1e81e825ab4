"""A Merkle log kept as C2SP tlog-tiles hash tiles on disk (c2sp.org/tlog-tiles).

``TileLog`` never holds the tree in memory: ``extend`` reads the right edge of
the tree from the existing tiles and writes every tile the new leaves touch;
roots and proofs are computed by reading the few tiles they need. A tile at
level L stores hashes of tree level 8*L; a node at level 8*L + r is the fold
of 2**r of them.

Writes are atomic (a temporary file in the same directory, then rename), and
re-extending from an older size with the same leaves rewrites identical tiles,
which is how a crashed append is repaired. Partial tiles are kept after their
tile fills up, so proofs for older tree sizes stay cheap and checkable.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from sabt.errors import InvalidInput, TileMismatch, TruncatedTile
from sabt.ledger.hashing import EMPTY_ROOT, HASH_SIZE, fold, node_hash
from sabt.ledger.merkle import consistency_path, inclusion_path
from sabt.ledger.tilepath import TILE_HEIGHT, TILE_WIDTH, Tile

_TILE_BYTES = TILE_WIDTH * HASH_SIZE


def _split(data: bytes) -> list[bytes]:
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


class _Reader:
    """Reads the hashes of one tree size from tiles, caching tiles for one operation."""

    def __init__(self, log: TileLog, size: int) -> None:
        self.log = log
        self.size = size
        self.cache: dict[tuple[int, int], bytes] = {}

    def hashes(self, level: int, start: int, end: int) -> list[bytes]:
        """Hashes ``[start, end)`` of tile level ``level``; the range lies in one tile."""
        n = start // TILE_WIDTH
        data = self.cache.get((level, n))
        if data is None:
            width = min(TILE_WIDTH, (self.size >> (TILE_HEIGHT * level)) - n * TILE_WIDTH)
            if width <= 0 or end - n * TILE_WIDTH > width:
                raise InvalidInput(
                    f"hashes {start}..{end - 1} of tile level {level} are not part of a tree of size {self.size}"
                )
            data = self.log.read_tile(Tile(level, n, width), self.size)
            self.cache[(level, n)] = data
        off = start - n * TILE_WIDTH
        return _split(data[off * HASH_SIZE : (end - n * TILE_WIDTH) * HASH_SIZE])

    def node(self, height: int, index: int) -> bytes:
        """The root of the complete subtree of 2**height leaves number ``index``."""
        level, r = divmod(height, TILE_HEIGHT)
        start = index << r
        return fold(self.hashes(level, start, start + (1 << r)))

    def range_hash(self, lo: int, hi: int) -> bytes:
        """MTH of leaves [lo, hi), where lo is aligned to a power of two >= hi - lo."""
        n = hi - lo
        if n & (n - 1) == 0:
            height = n.bit_length() - 1
            return self.node(height, lo >> height)
        k = 1 << ((n - 1).bit_length() - 1)
        return node_hash(self.range_hash(lo, lo + k), self.range_hash(lo + k, hi))


class TileLog:
    """The hash tiles of one log under ``directory`` (the tiles go in ``directory/tile/``)."""

    def __init__(self, directory: Path, *, fsync: bool = False) -> None:
        self.directory = Path(directory)
        self.fsync = fsync

    # -- files ---------------------------------------------------------------

    def tile_file(self, tile: Tile) -> Path:
        return self.directory / tile.path

    def read_tile(self, tile: Tile, size: int) -> bytes:
        """The bytes of ``tile`` as seen at tree ``size``.

        The exact partial tile for that size is preferred; a full tile (or a
        wider partial one) written later holds the same hashes as a prefix.
        """
        want = tile.width * HASH_SIZE
        candidates = [tile] if tile.width == TILE_WIDTH else [tile, Tile(tile.level, tile.index)]
        for cand in candidates:
            data = self._read(cand)
            if data is not None:
                self._check_length(cand, data)
                return data[:want]
        if tile.width != TILE_WIDTH:
            wider = self._wider_partials(tile)
            for cand in wider:
                data = self._read(cand)
                if data is not None:
                    self._check_length(cand, data)
                    return data[:want]
        raise TruncatedTile(
            f"tile {tile.path} is missing under {self.directory}: a tree of size {size} needs "
            f"{tile.width} hashes there. Restore the tiles or re-extend the log from its leaves."
        )

    def _read(self, tile: Tile) -> bytes | None:
        try:
            return self.tile_file(tile).read_bytes()
        except FileNotFoundError:
            return None

    def _check_length(self, tile: Tile, data: bytes) -> None:
        want = tile.width * HASH_SIZE
        if len(data) < want:
            raise TruncatedTile(
                f"tile {tile.path} under {self.directory} is {len(data)} bytes, "
                f"expected {want} ({tile.width} hashes of {HASH_SIZE} bytes)"
            )
        if len(data) > want:
            raise TileMismatch(
                f"tile {tile.path} under {self.directory} is {len(data)} bytes, expected {want}"
            )

    def _wider_partials(self, tile: Tile) -> list[Tile]:
        parent = self.tile_file(Tile(tile.level, tile.index)).parent
        name = self.tile_file(Tile(tile.level, tile.index)).name + ".p"
        try:
            widths = sorted(int(p.name) for p in (parent / name).iterdir() if p.name.isdigit())
        except FileNotFoundError:
            return []
        return [Tile(tile.level, tile.index, w) for w in widths if tile.width < w < TILE_WIDTH]

    def _write(self, tile: Tile, data: bytes) -> None:
        path = self.tile_file(tile)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            if self.fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)

    # -- growing -------------------------------------------------------------

    def extend(self, old_size: int, leaf_hashes: Sequence[bytes]) -> bytes:
        """Append ``leaf_hashes`` to the tree of ``old_size``, write every tile
        they touch, and return the new root."""
        if old_size < 0:
            raise InvalidInput(f"old size must not be negative, got {old_size}")
        new = list(leaf_hashes)
        for i, h in enumerate(new):
            if not isinstance(h, bytes) or len(h) != HASH_SIZE:
                raise InvalidInput(f"leaf hash {old_size + i} must be {HASH_SIZE} bytes")
        new_size = old_size + len(new)
        level, lo = 0, old_size
        while new:
            first = lo // TILE_WIDTH
            start = first * TILE_WIDTH
            prefix = _Reader(self, old_size).hashes(level, start, lo) if lo > start else []
            row = prefix + new
            hi = lo + len(new)
            completed: list[bytes] = []
            for n in range(first, (hi - 1) // TILE_WIDTH + 1):
                chunk = row[n * TILE_WIDTH - start : min((n + 1) * TILE_WIDTH, hi) - start]
                self._write(Tile(level, n, len(chunk)), b"".join(chunk))
                if len(chunk) == TILE_WIDTH:
                    completed.append(fold(chunk))
            level, lo, new = level + 1, lo // TILE_WIDTH, completed
        return self.root(new_size)

    # -- reading -------------------------------------------------------------

    def root(self, size: int) -> bytes:
        """The Merkle Tree Hash of the first ``size`` leaves."""
        if size < 0:
            raise InvalidInput(f"tree size must not be negative, got {size}")
        if size == 0:
            return EMPTY_ROOT
        return _Reader(self, size).range_hash(0, size)

    def leaf_hash(self, index: int) -> bytes:
        """Leaf hash number ``index`` (read from the level-0 tiles)."""
        if index < 0:
            raise InvalidInput(f"leaf index must not be negative, got {index}")
        return _Reader(self, index + 1).hashes(0, index, index + 1)[0]

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return inclusion_path(index, size, _Reader(self, size).range_hash)

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        return consistency_path(size1, size2, _Reader(self, size2).range_hash)

    # -- checking ------------------------------------------------------------

    def verify(self, size: int, leaf_hashes: Iterable[bytes]) -> bytes:
        """Recompute every tile of the tree of ``size`` from its leaves and
        compare it with the files byte for byte; return the root.

        Streams: at most one tile per level is held in memory.
        """
        rows: list[list[bytes]] = []
        count = 0

        def push(level: int, h: bytes) -> None:
            if level == len(rows):
                rows.append([])
            row = rows[level]
            row.append(h)
            if len(row) == TILE_WIDTH:
                index = (count >> (TILE_HEIGHT * level)) // TILE_WIDTH - 1
                self._compare(Tile(level, index), row, size)
                rows[level] = []
                push(level + 1, fold(row))

        for h in leaf_hashes:
            if count >= size:
                raise InvalidInput(
                    f"more than {size} leaf hashes given to verify a tree of size {size}"
                )
            if not isinstance(h, bytes) or len(h) != HASH_SIZE:
                raise InvalidInput(f"leaf hash {count} must be {HASH_SIZE} bytes")
            count += 1
            push(0, h)
        if count != size:
            raise InvalidInput(f"{count} leaf hashes given to verify a tree of size {size}")
        for level, row in enumerate(rows):
            if row:
                index = (size >> (TILE_HEIGHT * level)) // TILE_WIDTH
                self._compare(Tile(level, index, len(row)), row, size)
        return self.root(size)

    def _compare(self, tile: Tile, expected: list[bytes], size: int) -> None:
        data = self.read_tile(tile, size)
        want = b"".join(expected)
        if data != want:
            first = next(i for i in range(tile.width) if data[i * 32 : i * 32 + 32] != expected[i])
            what = "leaf" if tile.level == 0 else f"level-{TILE_HEIGHT * tile.level} node"
            raise TileMismatch(
                f"tile {tile.path} under {self.directory} does not match the log's leaves: "
                f"hash {first} ({what} {tile.index * TILE_WIDTH + first}) differs at tree size {size}"
            )
