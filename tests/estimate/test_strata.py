"""Stratified estimation and the total over strata."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sabt.errors import InvalidInput
from sabt.estimate import CaptureTable, LcmcrSettings, Options, estimate_strata
from sabt.estimate.simulate import simulate_table

FAST = LcmcrSettings(burnin=1_000, samples=300, thin=5, chains=2, seed=12)


def _strata() -> dict[str, CaptureTable]:
    rng = np.random.default_rng(21)
    return {
        "north": simulate_table(1500, [1.0], [[0.3, 0.35, 0.25, 0.3]], rng, stratum="north"),
        "south": simulate_table(2500, [1.0], [[0.2, 0.3, 0.4, 0.25]], rng, stratum="south"),
    }


def test_lcmcr_total_is_the_drawwise_sum_of_strata() -> None:
    result = estimate_strata(_strata(), Options(method="lcmcr", lcmcr=FAST))
    north, south, total = result.strata["north"], result.strata["south"], result.total
    assert north.draws is not None and south.draws is not None and total.draws is not None
    assert np.array_equal(total.draws, north.draws + south.draws)
    assert total.stratum == "total" and total.observed == north.observed + south.observed
    assert total.lower < 4000 < total.upper
    assert north.settings["seed"] != south.settings["seed"]  # independent chains per stratum
    assert total.settings["seed"] == 12


def test_loglinear_total_adds_points_and_variances() -> None:
    result = estimate_strata(_strata(), Options(method="loglinear"))
    parts = list(result.strata.values())
    assert result.total.point == pytest.approx(sum(p.point for p in parts))
    assert result.total.se == pytest.approx(math.sqrt(sum((p.se or 0) ** 2 for p in parts)))
    assert result.total.lower < 4000 < result.total.upper
    assert result.total.lower > result.total.observed


def test_every_stratum_that_cannot_be_estimated_is_named() -> None:
    tables = _strata()
    tables["east"] = CaptureTable.from_patterns(
        ["A", "B", "C", "D"], [[1, 0, 0, 0], [0, 1, 0, 0]], [3, 4], "east"
    )
    with pytest.raises(InvalidInput) as e:
        estimate_strata(tables, Options(method="loglinear"))
    assert list(e.value.errors) == ["stratum east"]


def test_unknown_method_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown method"):
        estimate_strata(_strata(), Options(method="magic"))  # type: ignore[arg-type]
