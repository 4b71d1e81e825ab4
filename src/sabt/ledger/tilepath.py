"""Tile coordinates and paths (C2SP tlog-tiles, "Merkle Tree" and "Log
Entries" sections).

A tile at level L and index N holds up to 256 consecutive hashes of tree level
8*L. A full tile has 256 hashes and lives at ``tile/<L>/<N>``; a partial tile
of width W (1..255) at ``tile/<L>/<N>.p/<W>``. N is written in groups of three
decimal digits, every group but the last prefixed with ``x``:
1234067 -> ``x001/x234/067``. Entry bundles use ``tile/entries/<N>`` and hold
entries as big-endian uint16 length-prefixed data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sabt.errors import InvalidInput, MalformedNote

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_LEVEL = 63 // TILE_HEIGHT  # tree sizes are uint64

_GROUP = re.compile(r"(?:x\d{3}/)*\d{3}")


def encode_index(n: int) -> str:
    """The tile index path element: groups of three digits, ``x``-prefixed but the last."""
    if n < 0:
        raise InvalidInput(f"tile index must not be negative, got {n}")
    digits = str(n)
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    return "/".join([*("x" + g for g in groups[:-1]), groups[-1]])


def decode_index(text: str) -> int:
    """Inverse of ``encode_index``; rejects non-canonical forms (``x000/001``)."""
    if not _GROUP.fullmatch(text):
        raise InvalidInput(f"not a tile index path element: {text!r}")
    n = int(text.replace("x", "").replace("/", ""))
    if encode_index(n) != text:
        raise InvalidInput(
            f"tile index {text!r} is not in canonical form (expected {encode_index(n)!r})"
        )
    return n


@dataclass(frozen=True)
class Tile:
    """A tile's coordinates: ``level`` (-1 for entry bundles), ``index`` and ``width``."""

    level: int
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if not -1 <= self.level <= MAX_LEVEL:
            raise InvalidInput(
                f"tile level must be -1 (entries) or 0..{MAX_LEVEL}, got {self.level}"
            )
        if self.index < 0:
            raise InvalidInput(f"tile index must not be negative, got {self.index}")
        if not 1 <= self.width <= TILE_WIDTH:
            raise InvalidInput(f"tile width must be 1..{TILE_WIDTH}, got {self.width}")

    @property
    def path(self) -> str:
        level = "entries" if self.level == -1 else str(self.level)
        tail = "" if self.width == TILE_WIDTH else f".p/{self.width}"
        return f"tile/{level}/{encode_index(self.index)}{tail}"

    @classmethod
    def from_path(cls, path: str) -> Tile:
        m = re.fullmatch(r"tile/(entries|\d+)/((?:x\d{3}/)*\d{3})(?:\.p/(\d+))?", path)
        if not m:
            raise InvalidInput(f"not a C2SP tile path: {path!r}")
        level_text, index_text, width_text = m.groups()
        if level_text != "entries" and str(int(level_text)) != level_text:
            raise InvalidInput(f"tile level in {path!r} has leading zeros")
        if width_text is not None and (
            str(int(width_text)) != width_text or not 1 <= int(width_text) < TILE_WIDTH
        ):
            raise InvalidInput(f"partial tile width in {path!r} must be 1..{TILE_WIDTH - 1}")
        level = -1 if level_text == "entries" else int(level_text)
        return cls(level, decode_index(index_text), int(width_text) if width_text else TILE_WIDTH)


def tiles_for_size(size: int) -> list[Tile]:
    """Every hash tile of a tree of ``size`` (full tiles, then the partial one), level by level."""
    out: list[Tile] = []
    level = 0
    count = size
    while count > 0:
        out.extend(Tile(level, n) for n in range(count // TILE_WIDTH))
        if count % TILE_WIDTH:
            out.append(Tile(level, count // TILE_WIDTH, count % TILE_WIDTH))
        level += 1
        count >>= TILE_HEIGHT
    return out


def parse_entry_bundle(data: bytes, *, where: str = "entry bundle") -> list[bytes]:
    """Split a C2SP entry bundle into entries (each a big-endian uint16 length, then data)."""
    entries: list[bytes] = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise MalformedNote(f"{where}: truncated length prefix at byte {pos}")
        n = int.from_bytes(data[pos : pos + 2], "big")
        if pos + 2 + n > len(data):
            raise MalformedNote(
                f"{where}: entry {len(entries)} claims {n} bytes at byte {pos}, past the end"
            )
        entries.append(data[pos + 2 : pos + 2 + n])
        pos += 2 + n
    return entries


def format_entry_bundle(entries: list[bytes]) -> bytes:
    """The inverse of ``parse_entry_bundle``."""
    out = bytearray()
    for e in entries:
        if len(e) > 0xFFFF:
            raise InvalidInput(
                f"an entry of {len(e)} bytes does not fit an entry bundle (max 65535)"
            )
        out += len(e).to_bytes(2, "big") + e
    return bytes(out)
