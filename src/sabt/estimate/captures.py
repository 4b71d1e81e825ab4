"""Capture histories: how many people were documented by each combination of lists.

A *capture pattern* is a 0/1 vector with one entry per list (1 = the person is on
that list). Multiple systems estimation works on the counts of the observed
patterns; the all-zero pattern (people on no list) is what it estimates. A
:class:`CaptureTable` holds the distinct observed patterns of one stratum with
their counts, and knows the summaries the estimators and their warnings need
(list totals, overlaps, lists that captured nobody).

Patterns are also addressed by an integer cell index, bit ``j`` standing for list
``j`` (the order of Rcapture's and LCMCR's tables is irrelevant to the methods).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sabt.errors import InvalidInput

ALL = "all"
"""The stratum name used when the data are not stratified."""

MAX_LISTS = 30
"""Patterns are stored as bits of a 64-bit integer; well beyond what MSE can use."""


@dataclass(frozen=True)
class CaptureTable:
    """The distinct observed capture patterns of one stratum and their counts.

    Build it with :meth:`from_patterns`, which validates, merges duplicate
    patterns and drops zero counts; the constructor itself only checks shapes.
    """

    lists: tuple[str, ...]
    patterns: NDArray[np.uint8]
    counts: NDArray[np.int64]
    stratum: str = ALL
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        j = len(self.lists)
        if self.patterns.ndim != 2 or self.patterns.shape[1] != j:
            raise InvalidInput(
                f"capture patterns must have one column per list ({j}), found shape {self.patterns.shape}"
            )
        if self.counts.shape != (self.patterns.shape[0],):
            raise InvalidInput("capture counts must have one entry per pattern")

    @classmethod
    def from_patterns(
        cls,
        lists: Sequence[str],
        patterns: Sequence[Sequence[int]] | NDArray[np.integer],
        counts: Sequence[int] | NDArray[np.integer],
        stratum: str = ALL,
    ) -> CaptureTable:
        """Validate and aggregate patterns (merging duplicates, dropping zero counts)."""
        names = tuple(str(x) for x in lists)
        problems: dict[str, str] = {}
        if len(names) < 2:
            problems["lists"] = f"at least 2 lists are needed, found {len(names)}"
        if len(names) > MAX_LISTS:
            problems["lists"] = f"at most {MAX_LISTS} lists are supported, found {len(names)}"
        if len(set(names)) != len(names):
            problems["lists"] = f"list names must be distinct, found {list(names)}"
        pat = np.asarray(patterns, dtype=np.int64).reshape(-1, len(names))
        cnt = np.asarray(counts, dtype=np.int64).reshape(-1)
        if pat.shape[0] != cnt.shape[0]:
            problems["counts"] = f"{pat.shape[0]} patterns but {cnt.shape[0]} counts"
        if problems:
            raise InvalidInput("the capture table is not valid", problems)
        for i in range(pat.shape[0]):
            if not np.isin(pat[i], (0, 1)).all():
                problems[f"pattern {i + 1}"] = f"expected only 0 and 1, found {pat[i].tolist()}"
            elif cnt[i] < 0:
                problems[f"pattern {i + 1}"] = f"count must be >= 0, found {int(cnt[i])}"
            elif cnt[i] > 0 and not pat[i].any():
                problems[f"pattern {i + 1}"] = (
                    "the all-zero pattern (people on no list) is unobserved by definition"
                )
        if problems:
            raise InvalidInput("the capture table is not valid", problems)
        cells = pat @ (1 << np.arange(len(names), dtype=np.int64))
        totals = np.bincount(cells, weights=cnt, minlength=1).astype(np.int64)
        observed = np.flatnonzero(totals)
        observed = observed[observed != 0]
        return cls(
            lists=names,
            patterns=cells_to_patterns(observed, len(names)),
            counts=totals[observed],
            stratum=stratum,
        )

    # -- summaries ---------------------------------------------------------

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        """The number of distinct people documented by at least one list."""
        return int(self.counts.sum())

    @property
    def cells(self) -> NDArray[np.int64]:
        """The integer cell index of each observed pattern (bit j = list j)."""
        return self.patterns.astype(np.int64) @ (1 << np.arange(self.n_lists, dtype=np.int64))

    def full_counts(self) -> NDArray[np.int64]:
        """Counts of all 2**J cells, indexed by cell; cell 0 (unobserved) is 0."""
        out = np.zeros(1 << self.n_lists, dtype=np.int64)
        np.add.at(out, self.cells, self.counts)
        return out

    def list_totals(self) -> dict[str, int]:
        """How many people each list documented."""
        sums = (self.patterns.astype(np.int64) * self.counts[:, None]).sum(axis=0)
        return {name: int(s) for name, s in zip(self.lists, sums, strict=True)}

    def empty_lists(self) -> tuple[str, ...]:
        """The lists that documented nobody in this stratum."""
        return tuple(name for name, total in self.list_totals().items() if total == 0)

    def overlapping(self) -> int:
        """People documented by two lists or more: the information MSE feeds on."""
        return int(self.counts[self.patterns.sum(axis=1) >= 2].sum())

    def pairwise_overlaps(self) -> NDArray[np.int64]:
        """``out[a, b]``: people documented by both list a and list b."""
        x = self.patterns.astype(np.int64)
        return np.asarray((x * self.counts[:, None]).T @ x, dtype=np.int64)

    # -- transformations ---------------------------------------------------

    def drop_lists(self, names: Sequence[str], reason: str = "") -> CaptureTable:
        """The table without the named lists (patterns re-aggregated; people only
        on the dropped lists become unobserved)."""
        unknown = [n for n in names if n not in self.lists]
        if unknown:
            raise InvalidInput(f"unknown list(s) {unknown}; the lists are {list(self.lists)}")
        keep = [i for i, n in enumerate(self.lists) if n not in names]
        pat = self.patterns[:, keep]
        seen = pat.any(axis=1)
        table = CaptureTable.from_patterns(
            [self.lists[i] for i in keep], pat[seen], self.counts[seen], self.stratum
        )
        note = f"stratum {self.stratum!r}: dropped list(s) {', '.join(names)}" + (
            f" ({reason})" if reason else ""
        )
        return CaptureTable(
            table.lists, table.patterns, table.counts, table.stratum, (*self.notes, note)
        )

    def without_empty_lists(self) -> CaptureTable:
        """Drop lists that captured nobody: they carry no information on who was
        missed, and would make log-linear parameters diverge (a zero margin)."""
        empty = self.empty_lists()
        return self.drop_lists(empty, "they documented nobody here") if empty else self

    def to_rows(self) -> list[dict[str, int]]:
        """One dict per observed pattern: list columns and ``count``."""
        rows = []
        for pat, cnt in zip(self.patterns, self.counts, strict=True):
            row = {name: int(v) for name, v in zip(self.lists, pat, strict=True)}
            row["count"] = int(cnt)
            rows.append(row)
        return rows


def cells_to_patterns(cells: NDArray[np.integer], n_lists: int) -> NDArray[np.uint8]:
    """The 0/1 pattern matrix of integer cell indices (bit j = list j)."""
    c = np.asarray(cells, dtype=np.int64)
    return ((c[:, None] >> np.arange(n_lists, dtype=np.int64)) & 1).astype(np.uint8)


def check_estimable(table: CaptureTable) -> None:
    """Refuse tables from which no population size can be estimated at all."""
    if table.observed == 0:
        raise InvalidInput(f"stratum {table.stratum!r}: no one was documented; nothing to estimate")
    if table.n_lists < 2:
        raise InvalidInput(
            f"stratum {table.stratum!r}: at least 2 lists that documented someone are needed, "
            f"found {table.n_lists} ({', '.join(table.lists)})"
        )
    if table.overlapping() == 0:
        raise InvalidInput(
            f"stratum {table.stratum!r}: no one appears on two lists, so the lists say nothing "
            "about who was missed; no estimate is possible"
        )
