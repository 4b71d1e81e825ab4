"""The space of hierarchical log-linear models and the stepwise moves through it."""

from __future__ import annotations

from itertools import combinations

import pytest

from sabt.estimate.hierarchy import Model, count_models, hierarchical_models, neighbours


def _is_hierarchical(model: Model) -> bool:
    present = set(model.terms)
    return all(
        all(sub in present for sub in combinations(t, len(t) - 1)) for t in present if len(t) == 3
    )


@pytest.mark.parametrize(("lists", "expected"), [(3, 8), (4, 113), (5, 6212)])
def test_model_counts_match_the_known_sizes(lists: int, expected: int) -> None:
    assert count_models(lists) == expected


def test_enumeration_is_exhaustive_distinct_and_hierarchical() -> None:
    models = list(hierarchical_models(4))
    assert len(models) == len(set(models)) == 113
    assert all(_is_hierarchical(m) for m in models)
    assert all(len(t) < 4 for m in models for t in m.terms)


def test_three_lists_never_get_the_saturated_term() -> None:
    assert all(len(t) == 2 for m in hierarchical_models(3) for t in m.terms)


def test_stepwise_moves_stay_hierarchical() -> None:
    start = Model.closure([(0, 1, 2), (3, 4)])
    moves = list(neighbours(start, 5))
    assert all(_is_hierarchical(m) for m in moves)
    # (0,1) is inside the triple, so it cannot be removed before the triple
    assert Model.of([t for t in start.terms if t != (0, 1)]) not in moves
    assert Model.of([t for t in start.terms if t != (0, 1, 2)]) in moves


def test_model_names_use_the_generating_class() -> None:
    m = Model.closure([(0, 1, 2), (0, 3), (2, 3)])
    assert m.name(["EXH", "ABA", "OSCE", "HRW"]) == "[EXH·ABA·OSCE] [EXH·HRW] [OSCE·HRW]"
    assert Model().name(["A", "B"]) == "independence"
