"""RFC 6962 / RFC 9162 Merkle tree hashing (RFC 9162 section 2.1.1).

The leaf hash is SHA-256(0x00 || data), an interior node is
SHA-256(0x01 || left || right) and the empty tree hashes to SHA-256("").
``tree_root`` is the plain in-memory definition of the Merkle Tree Hash (MTH),
used for small trees and as the reference the tile code is tested against.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sabt.errors import InvalidProof

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2): RFC 9162's k."""
    return 1 << ((n - 1).bit_length() - 1)


def fold(hashes: Sequence[bytes]) -> bytes:
    """The root of a complete subtree whose ``2**k`` leaves-or-nodes are ``hashes``."""
    level = list(hashes)
    sha = _sha256
    while len(level) > 1:
        level = [sha(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level), 2)]
    return level[0]


def tree_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of a list of leaf hashes, for a tree of any size.

    Works bottom-up (hashing pairs, carrying an odd last node up a level), which
    gives the same result as RFC 9162's recursive split at the largest power of
    two.
    """
    if not leaf_hashes:
        return EMPTY_ROOT
    # Reduce the right edge the RFC way: complete subtrees from the left, then
    # fold the pieces of decreasing size from the right.
    n = len(leaf_hashes)
    pieces: list[bytes] = []
    start = 0
    while start < n:
        size = 1 << ((n - start).bit_length() - 1)
        pieces.append(fold(leaf_hashes[start : start + size]))
        start += size
    root = pieces[-1]
    for piece in reversed(pieces[:-1]):
        root = node_hash(piece, root)
    return root


def check_hash(value: bytes, what: str) -> None:
    """Fail closed on anything that is not a 32-byte SHA-256 hash."""
    if not isinstance(value, bytes) or len(value) != HASH_SIZE:
        got = f"{len(value)} bytes" if isinstance(value, bytes) else type(value).__name__
        raise InvalidProof(f"{what} must be a {HASH_SIZE}-byte SHA-256 hash, got {got}")
