"""Persons as clusters of attestations, from scored links and reviewers' decisions.

Connected components alone chain unrelated people through one bad link, and
they cannot honour a reviewer who said "these two are different people". So
clusters are built like Kruskal's algorithm with cannot-link constraints:

1. every pair a reviewer accepted is merged first;
2. machine links at or above the threshold are merged in order of decreasing
   match weight (ties by id, so the result is deterministic);
3. a merge is refused when the two clusters hold a pair a reviewer rejected,
   or (``one_per_list``) attestations from the same list — a published list
   names a person once, so two rows of one list in one person is a doubt,
   not a link. A reviewer's acceptance overrides the one-per-list rule.

The cluster id is the smallest attestation id in the cluster: stable while
the cluster is, and readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    weight: float


def _list_of(att_id: str) -> str:
    return att_id.rsplit(":", 1)[0]


class _Forest:
    def __init__(self, nodes: Iterable[str]) -> None:
        self.parent = {n: n for n in nodes}
        self.members = {n: {n} for n in self.parent}
        self.lists = {n: {_list_of(n)} for n in self.parent}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, ra: str, rb: str) -> None:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self.lists[ra] |= self.lists.pop(rb)


def cluster(
    nodes: Iterable[str],
    edges: Iterable[Edge],
    threshold: float,
    accepted: Iterable[tuple[str, str]] = (),
    rejected: Iterable[tuple[str, str]] = (),
    one_per_list: bool = True,
) -> dict[str, str]:
    """attestation id -> cluster id. ``threshold`` is a match weight."""
    forest = _Forest(nodes)
    cannot: dict[str, set[str]] = {}
    for a, b in rejected:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)

    def forbidden(ra: str, rb: str) -> bool:
        small, big = sorted((ra, rb), key=lambda r: len(forest.members[r]))
        others = forest.members[big]
        return any(cannot.get(m, set()) & others for m in forest.members[small])

    for a, b in sorted(accepted):
        ra, rb = forest.find(a), forest.find(b)
        if ra != rb and not forbidden(ra, rb):
            forest.union(ra, rb)
    for e in sorted(
        (e for e in edges if e.weight >= threshold), key=lambda e: (-e.weight, e.a, e.b)
    ):
        ra, rb = forest.find(e.a), forest.find(e.b)
        if ra == rb or forbidden(ra, rb):
            continue
        if one_per_list and forest.lists[ra] & forest.lists[rb]:
            continue
        forest.union(ra, rb)
    out: dict[str, str] = {}
    for members in forest.members.values():
        cid = min(members)
        for m in members:
            out[m] = cid
    return out
