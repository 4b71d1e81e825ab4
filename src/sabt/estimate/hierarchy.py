"""Hierarchical log-linear models for capture–recapture, up to three-way terms.

A model is the set of interaction terms it includes beyond the main effects of
the lists (which every model has). *Hierarchical* means that a term is only
present with all its lower-order terms: EXH·ABA·OSCE requires EXH·ABA, EXH·OSCE
and ABA·OSCE. The J-way term is never allowed (it is not identifiable from the
2**J − 1 observed cells), so with 3 lists the terms are the three pairs.

The number of such models grows explosively (8 for 3 lists, 113 for 4, 6,212
for 5, 3.7 million for 6), so exhaustive enumeration is used up to 4 lists and
a stepwise search (add or remove one term while it improves the criterion, as
SparseMSE and Rcapture's model searches do) beyond. :func:`neighbours` gives the
moves of that search that keep the model hierarchical.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

Term = tuple[int, ...]


@dataclass(frozen=True, order=True)
class Model:
    """A hierarchical log-linear model: its interaction terms (sorted index tuples)."""

    terms: tuple[Term, ...] = ()

    @classmethod
    def of(cls, terms: Sequence[Sequence[int]]) -> Model:
        return cls(tuple(sorted({tuple(sorted(t)) for t in terms}, key=lambda t: (len(t), t))))

    @classmethod
    def closure(cls, generators: Sequence[Sequence[int]]) -> Model:
        """The smallest hierarchical model containing the given terms."""
        terms: set[Term] = set()
        for g in generators:
            g = tuple(sorted(g))
            for r in range(2, len(g) + 1):
                terms.update(combinations(g, r))
        return cls.of(list(terms))

    @property
    def n_params(self) -> int:
        """Parameters beyond intercept and main effects."""
        return len(self.terms)

    def generators(self) -> list[Term]:
        """The maximal terms (the model's generating class)."""
        present = set(self.terms)
        return [t for t in self.terms if not any(set(t) < set(u) for u in present)]

    def name(self, lists: Sequence[str]) -> str:
        """E.g. ``[EXH·ABA·OSCE] [EXH·HRW] [OSCE·HRW]``; ``independence`` if no terms."""
        gens = sorted(self.generators(), key=lambda t: (-len(t), t))
        if not gens:
            return "independence"
        return " ".join("[" + "·".join(lists[i] for i in t) + "]" for t in gens)


def design(n_lists: int, model: Model, cells: NDArray[np.int64]) -> NDArray[np.float64]:
    """Design matrix rows for the given cells: intercept, main effects, terms."""
    x = ((cells[:, None] >> np.arange(n_lists, dtype=np.int64)) & 1).astype(np.float64)
    columns = [np.ones(len(cells)), *(x[:, j] for j in range(n_lists))]
    columns.extend(np.prod(x[:, list(t)], axis=1) for t in model.terms)
    return np.column_stack(columns)


def candidate_terms(n_lists: int, max_order: int = 3) -> list[Term]:
    """Every interaction term allowed: orders 2..max_order, never the J-way term."""
    top = min(max_order, n_lists - 1)
    return [t for r in range(2, top + 1) for t in combinations(range(n_lists), r)]


def _addable(term: Term, present: set[Term]) -> bool:
    return len(term) == 2 or all(sub in present for sub in combinations(term, len(term) - 1))


def _removable(term: Term, present: set[Term]) -> bool:
    return not any(len(u) == len(term) + 1 and set(term) < set(u) for u in present)


def hierarchical_models(n_lists: int, max_order: int = 3) -> Iterator[Model]:
    """Every hierarchical model with terms up to ``max_order`` (J-way excluded)."""
    pairs = [t for t in candidate_terms(n_lists, max_order) if len(t) == 2]
    triples = [t for t in candidate_terms(n_lists, max_order) if len(t) == 3]
    for mask in range(1 << len(pairs)):
        chosen: set[Term] = {pairs[i] for i in range(len(pairs)) if mask >> i & 1}
        possible = [t for t in triples if _addable(t, chosen)]
        for tmask in range(1 << len(possible)):
            extra = [possible[i] for i in range(len(possible)) if tmask >> i & 1]
            yield Model.of([*chosen, *extra])


def neighbours(model: Model, n_lists: int, max_order: int = 3) -> Iterator[Model]:
    """Models one hierarchical step away: one term added or one term removed."""
    present = set(model.terms)
    for term in candidate_terms(n_lists, max_order):
        if term not in present and _addable(term, present):
            yield Model.of([*present, term])
    for term in model.terms:
        if _removable(term, present):
            yield Model.of([t for t in present if t != term])


def count_models(n_lists: int, max_order: int = 3) -> int:
    """How many hierarchical models exist (to decide between enumeration and stepwise)."""
    pairs = [t for t in candidate_terms(n_lists, max_order) if len(t) == 2]
    triples = [t for t in candidate_terms(n_lists, max_order) if len(t) == 3]
    if len(pairs) > 20:
        return -1  # too many to count by enumeration; certainly too many to fit
    total = 0
    for mask in range(1 << len(pairs)):
        chosen: set[Term] = {pairs[i] for i in range(len(pairs)) if mask >> i & 1}
        total += 1 << len([t for t in triples if _addable(t, chosen)])
    return total
