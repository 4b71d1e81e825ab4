"""Inclusion and consistency proofs: making them (RFC 6962 section 2.1.1 and
2.1.2, PATH and PROOF) and verifying them (RFC 9162 sections 2.1.3.2 and
2.1.4.2).

Proofs are made over a ``range_hash(lo, hi)`` function giving the Merkle Tree
Hash of leaves ``[lo, hi)``, so the same code serves an in-memory tree and a
log kept in hash tiles. Verification is strict: a size of zero, an index past
the tree, a proof with one node too many or too few, or a hash that is not
32 bytes is an ``InvalidProof``, never a quiet ``False``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sabt.errors import InvalidProof
from sabt.ledger.hashing import check_hash, node_hash, split_point, tree_root

RangeHash = Callable[[int, int], bytes]


def inclusion_path(index: int, size: int, range_hash: RangeHash) -> list[bytes]:
    """PATH(index, D[0:size]) from RFC 6962 section 2.1.1, leaf sibling first."""
    if not 0 <= index < size:
        raise InvalidProof(
            f"no inclusion proof for leaf {index} in a tree of size {size}: index must be below the size"
        )
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index < lo + k:
            path.append(range_hash(lo + k, hi))
            hi = lo + k
        else:
            path.append(range_hash(lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def consistency_path(size1: int, size2: int, range_hash: RangeHash) -> list[bytes]:
    """PROOF(size1, D[0:size2]) from RFC 6962 section 2.1.2 (empty when size1 is 0 or equals size2)."""
    if not 0 <= size1 <= size2:
        raise InvalidProof(
            f"no consistency proof from size {size1} to size {size2}: the first size must not exceed the second"
        )
    if size1 == 0 or size1 == size2:
        return []
    path: list[bytes] = []
    lo, hi, m, whole = 0, size2, size1, True
    while True:
        if m == hi - lo:
            if not whole:
                path.append(range_hash(lo, hi))
            break
        k = split_point(hi - lo)
        if m <= k:
            path.append(range_hash(lo + k, hi))
            hi = lo + k
        else:
            path.append(range_hash(lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    path.reverse()
    return path


def root_from_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root implied by an inclusion proof (RFC 9162 section 2.1.3.2, steps 1-5)."""
    check_hash(leaf, "leaf hash")
    if not 0 <= index < size:
        raise InvalidProof(f"leaf index {index} is not below the tree size {size}")
    fn, sn, r = index, size - 1, leaf
    for i, p in enumerate(proof):
        check_hash(p, f"inclusion proof node {i}")
        if sn == 0:
            raise InvalidProof(
                f"inclusion proof for leaf {index} in size {size} has {len(proof)} nodes, more than the tree allows"
            )
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof(
            f"inclusion proof for leaf {index} in size {size} has {len(proof)} nodes, too few for the tree"
        )
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf`` is leaf ``index`` of the tree of ``size`` with ``root``; raise InvalidProof if not."""
    check_hash(root, "root")
    if root_from_inclusion(leaf, index, size, proof) != root:
        raise InvalidProof(
            f"inclusion proof for leaf {index} in tree size {size} does not lead to the expected root"
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree (size2, root2) extends (size1, root1) (RFC 9162 section 2.1.4.2)."""
    check_hash(root1, "first root")
    check_hash(root2, "second root")
    for i, p in enumerate(proof):
        check_hash(p, f"consistency proof node {i}")
    where = f"consistency proof from size {size1} to size {size2}"
    if size1 < 0 or size1 > size2:
        raise InvalidProof(f"{where}: the first size must not exceed the second")
    if size1 == size2:
        if proof:
            raise InvalidProof(f"{where} must be empty for equal sizes, got {len(proof)} nodes")
        if root1 != root2:
            raise InvalidProof(f"{where}: equal sizes with different roots")
        return
    if size1 == 0:
        # Every tree extends the empty tree; the proof is empty by definition.
        if proof:
            raise InvalidProof(f"{where} must be empty from the empty tree, got {len(proof)} nodes")
        return
    if not proof:
        raise InvalidProof(f"{where} is empty")
    # Step 1: when size1 is a power of two, the old root is the first node.
    nodes = [root1, *proof] if size1 & (size1 - 1) == 0 else list(proof)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            raise InvalidProof(f"{where} has {len(proof)} nodes, more than the trees allow")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof(f"{where} has {len(proof)} nodes, too few for the trees")
    if fr != root1:
        raise InvalidProof(f"{where} does not lead to the first root")
    if sr != root2:
        raise InvalidProof(f"{where} does not lead to the second root")


class MemoryTree:
    """A Merkle tree held in memory: the reference for tests and small logs."""

    def __init__(self, leaf_hashes: Sequence[bytes] = ()) -> None:
        self.leaves: list[bytes] = list(leaf_hashes)

    def append(self, leaf: bytes) -> None:
        self.leaves.append(leaf)

    def range_hash(self, lo: int, hi: int) -> bytes:
        return tree_root(self.leaves[lo:hi])

    def root(self, size: int) -> bytes:
        return self.range_hash(0, size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return inclusion_path(index, size, self.range_hash)

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        return consistency_path(size1, size2, self.range_hash)
