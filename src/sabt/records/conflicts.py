"""Conflict detection among the claims about one property of one record.

Pure functions over plain data, so the projection (on every claim event) and
the read side (grouping for display) agree. The rules:

- claims whose values have one key are one value, backed by every source that
  affirms it; the number of *independent origins* behind it counts distinct
  origin organisations (a source without an origin counts as its own);
- a value that one source affirms and another denies is a conflict;
- for a single-valued property (a birth date, a toll, a membership's
  organisation), two affirmed values that cannot both be true are a conflict:
  different values, or for dates, ranges that do not overlap ("1988" and
  "1988-08" are compatible). For a multi-valued property (names in several
  scripts, titles) different values are normal and not a conflict.
- retracted claims take no part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from sabt.records.values import compatible
from sabt.records.vocab import Property


@dataclass(frozen=True)
class Fact:
    """What conflict detection needs to know about one claim."""

    id: str
    key: str | None  # None: sealed, cannot be compared
    stance: str = "affirms"
    origin: str = ""  # independence key of the claim's source
    retracted: bool = False


@dataclass
class ValueGroup:
    key: str | None
    affirmed: list[Fact] = field(default_factory=list)
    denied: list[Fact] = field(default_factory=list)

    @property
    def origins(self) -> int:
        """Independent origins affirming this value."""
        return len({f.origin for f in self.affirmed})

    @property
    def denying_origins(self) -> int:
        return len({f.origin for f in self.denied})


def group(facts: Iterable[Fact]) -> list[ValueGroup]:
    """Active claims grouped by value key, in first-seen order. Sealed values
    are never merged with one another: each is its own group."""
    groups: dict[object, ValueGroup] = {}
    for f in facts:
        if f.retracted:
            continue
        slot: object = f.key if f.key is not None else ("sealed", f.id)
        g = groups.setdefault(slot, ValueGroup(f.key))
        (g.denied if f.stance == "denies" else g.affirmed).append(f)
    return list(groups.values())


def conflicting(prop: Property, facts: Sequence[Fact]) -> set[str]:
    """Ids of the active claims that take part in a conflict."""
    groups = [g for g in group(facts) if g.key is not None]
    out: set[str] = set()
    for g in groups:
        if g.affirmed and g.denied:
            out.update(f.id for f in g.affirmed + g.denied)
    if not prop.multi:
        affirmed = [g for g in groups if g.affirmed]
        for a, b in combinations(affirmed, 2):
            assert a.key is not None and b.key is not None
            if not compatible(prop, a.key, b.key):
                out.update(f.id for f in a.affirmed + b.affirmed)
    return out


def status(review: str, retracted: bool, in_conflict: bool) -> str:
    """The status a claim shows: retracted, conflict, or the analyst's review."""
    if retracted:
        return "retracted"
    return "conflict" if in_conflict else review
