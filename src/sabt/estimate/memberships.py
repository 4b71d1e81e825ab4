"""Capture tables from record linkage: which lists each person (cluster) is on.

Record linkage groups the records of the victim lists into clusters, one per
person. Each record contributes a membership ``(cluster_id, list_name, stratum)``;
a person is on a list if any of their records came from it. The lists are the
same in every stratum (a list that documented nobody in a stratum is kept as an
empty column, so the estimators can report that they dropped it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

from sabt.errors import InvalidInput
from sabt.estimate.captures import ALL, CaptureTable

Membership = tuple[Hashable, str, str | None]
"""``(cluster_id, list_name, stratum)``; a ``None`` stratum means unstratified."""

UNKNOWN = "unknown"
"""The stratum of people whose records give none, when others' records do."""


def tables_from_memberships(
    memberships: Iterable[Membership], lists: Sequence[str] | None = None
) -> dict[str, CaptureTable]:
    """One capture table per stratum from per-record list memberships.

    ``lists`` fixes the lists and their order (so a list with no records at all
    still appears); by default it is every list seen, sorted. A cluster whose
    records disagree on the stratum is an error: strata must partition people.
    When some memberships carry a stratum and others ``None``, the latter form
    the stratum ``"unknown"`` (estimated like any other, and visible).
    """
    items = list(memberships)
    stratified = any(isinstance(m, tuple) and len(m) == 3 and m[2] is not None for m in items)
    on_lists: dict[Hashable, set[str]] = defaultdict(set)
    stratum_of: dict[Hashable, str] = {}
    problems: dict[str, str] = {}
    for i, item in enumerate(items, start=1):
        try:
            cluster, list_name, stratum = item
        except (TypeError, ValueError):
            problems[f"membership {i}"] = (
                f"expected (cluster_id, list_name, stratum), found {item!r}"
            )
            continue
        if not isinstance(list_name, str) or not list_name:
            problems[f"membership {i}"] = (
                f"the list name must be a non-empty string, found {list_name!r}"
            )
            continue
        name = str(stratum) if stratum is not None else (UNKNOWN if stratified else ALL)
        previous = stratum_of.setdefault(cluster, name)
        if previous != name:
            problems[f"cluster {cluster}"] = (
                f"its records are in strata {previous!r} and {name!r}; a person belongs to one stratum"
            )
            continue
        on_lists[cluster].add(list_name)
    seen = sorted({name for names in on_lists.values() for name in names})
    order = list(lists) if lists is not None else seen
    unknown = sorted(set(seen) - set(order))
    if unknown:
        problems["lists"] = f"memberships name list(s) {unknown} not among the lists given {order}"
    if problems:
        raise InvalidInput(f"{len(problems)} problem(s) in the list memberships", problems)
    if not on_lists:
        raise InvalidInput("no list memberships were given; nothing to estimate from")

    index = {name: j for j, name in enumerate(order)}
    cells: dict[str, dict[tuple[int, ...], int]] = defaultdict(lambda: defaultdict(int))
    for cluster, names in on_lists.items():
        pattern = [0] * len(order)
        for name in names:
            pattern[index[name]] = 1
        cells[stratum_of[cluster]][tuple(pattern)] += 1
    return {
        stratum: CaptureTable.from_patterns(order, list(counts), list(counts.values()), stratum)
        for stratum, counts in sorted(cells.items())
    }
