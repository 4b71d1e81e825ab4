"""Checkpoints (c2sp.org/tlog-checkpoint, "Note text").

A checkpoint is the text of a signed note: the origin line, the tree size in
decimal, the root hash in base64, then optional non-empty extension lines.
Parsing is strict (no leading zeros, canonical base64 of exactly 32 bytes), so
one tree head has exactly one text and one set of signatures.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from sabt.errors import MalformedNote
from sabt.ledger.hashing import HASH_SIZE

MAX_SIZE = (1 << 64) - 1


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or any(ord(c) < 0x20 for c in self.origin):
            raise MalformedNote(
                f"checkpoint origin must be non-empty and on one line, got {self.origin!r}"
            )
        if not 0 <= self.size <= MAX_SIZE:
            raise MalformedNote(f"checkpoint size must be 0..2^64-1, got {self.size}")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise MalformedNote(f"checkpoint root must be a {HASH_SIZE}-byte hash")
        object.__setattr__(self, "extensions", tuple(self.extensions))
        for line in self.extensions:
            if not line or any(ord(c) < 0x20 for c in line):
                raise MalformedNote(
                    f"checkpoint extension lines must be non-empty single lines, got {line!r}"
                )

    def to_text(self) -> str:
        root = base64.b64encode(self.root).decode()
        return "".join(
            f"{line}\n" for line in (self.origin, str(self.size), root, *self.extensions)
        )

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        if not text.endswith("\n"):
            raise MalformedNote("checkpoint text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise MalformedNote(
                f"checkpoint needs origin, size and root lines, got {len(lines)} line(s)"
            )
        origin, size_text, root_text, *ext = lines
        if (
            not size_text.isascii()
            or not size_text.isdigit()
            or (size_text != "0" and size_text.startswith("0"))
        ):
            raise MalformedNote(
                f"checkpoint size {size_text!r} is not a decimal without leading zeros"
            )
        try:
            root = base64.b64decode(root_text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError) as e:
            raise MalformedNote(f"checkpoint root {root_text!r} is not base64") from e
        if len(root) != HASH_SIZE or base64.b64encode(root).decode() != root_text:
            raise MalformedNote(
                f"checkpoint root {root_text!r} is not the base64 of a {HASH_SIZE}-byte hash"
            )
        return cls(origin, int(size_text), root, tuple(ext))
