"""Log-linear models: the published Kosovo figures, selection, averaging, intervals."""

from __future__ import annotations

import numpy as np
import pytest

from sabt.errors import InvalidInput
from sabt.estimate import CaptureTable, loglinear_estimate
from sabt.estimate.hierarchy import Model
from sabt.estimate.loglinear import fit_model, profile_interval
from sabt.estimate.simulate import simulate_table


def test_kosovo_bic_best_model_reproduces_rcapture(kosovo: CaptureTable) -> None:
    e = loglinear_estimate(kosovo, criterion="bic")
    assert e.model == "[EXH·ABA·OSCE] [EXH·HRW] [OSCE·HRW]"
    assert round(e.point, 1) == 10356.5
    assert e.se is not None and round(e.se, 1) == 785.9
    assert e.diagnostics["models_fitted"] == 113 and e.diagnostics["search"] == "exhaustive"
    # the profile interval is asymmetric (longer above) and brackets N̂
    assert e.lower < e.point < e.upper
    assert e.upper - e.point > e.point - e.lower
    assert 8_500 < e.lower < 9_500 and 11_500 < e.upper < 13_000
    # the best model holds little of the weight here: sabt says so
    assert any("model uncertainty" in w for w in e.warnings)


def test_kosovo_aic_and_averages_differ_and_weights_sum_to_one(kosovo: CaptureTable) -> None:
    aic = loglinear_estimate(kosovo, criterion="aic")
    assert aic.model != "[EXH·ABA·OSCE] [EXH·HRW] [OSCE·HRW]"
    avg = loglinear_estimate(kosovo, criterion="bic", average=True)
    assert avg.point == pytest.approx(avg.diagnostics["averaged"]["n_hat"])
    assert avg.point > 10356.5  # the averaged models pull upwards
    assert avg.se is not None and avg.se > 785.9  # model uncertainty widens the interval
    assert sum(r["weight"] for r in avg.diagnostics["top_models"]) <= 1.0 + 1e-9


def test_profile_likelihood_limits_are_where_the_likelihood_drops_by_chi2(
    kosovo: CaptureTable,
) -> None:
    from sabt.estimate.loglinear import profile_loglik

    fit = fit_model(kosovo, Model.closure([(0, 1, 2), (0, 3), (2, 3)]))
    lo, hi = profile_interval(kosovo, fit)
    top = max(profile_loglik(kosovo, fit.model, n) for n in np.linspace(lo, hi, 41))
    for limit in (lo, hi):
        drop = top - profile_loglik(kosovo, fit.model, limit)
        assert drop == pytest.approx(3.8415 / 2, abs=0.02)


def test_independent_lists_recover_the_true_total() -> None:
    rng = np.random.default_rng(11)
    table = simulate_table(4000, [1.0], [[0.3, 0.25, 0.2, 0.35]], rng)
    e = loglinear_estimate(table)
    assert e.model == "independence"
    assert e.lower < 4000 < e.upper


def test_stepwise_search_finds_a_real_dependence_among_five_lists() -> None:
    rng = np.random.default_rng(5)
    n = 6000
    x1 = rng.random(n) < 0.3
    x2 = rng.random(n) < np.where(x1, 0.6, 0.15)  # list 2 leans on list 1
    rest = rng.random((n, 3)) < 0.25
    x = np.column_stack([x1, x2, rest]).astype(np.uint8)
    seen = x.any(axis=1)
    table = CaptureTable.from_patterns(["L1", "L2", "L3", "L4", "L5"], x[seen], np.ones(seen.sum()))
    e = loglinear_estimate(table)
    assert e.diagnostics["search"] == "stepwise"
    assert e.diagnostics["models_fitted"] < 6212
    assert "[L1·L2]" in e.model
    assert e.lower < n < e.upper


def test_a_model_diverging_on_a_sampling_zero_is_set_aside() -> None:
    # A and B share nobody, so any model with an A·B term has no finite MLE.
    table = CaptureTable.from_patterns(
        ["A", "B", "C"],
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1]],
        [50, 40, 30, 12, 9],
    )
    fit = fit_model(table, Model.of([(0, 1)]))
    assert not fit.estimable and "does not exist" in fit.reason
    e = loglinear_estimate(table)
    assert e.diagnostics["models_not_estimable"] >= 1
    assert any("no one in common" in w for w in e.warnings)


def test_a_list_that_documented_nobody_is_dropped_and_reported() -> None:
    table = CaptureTable.from_patterns(
        ["A", "B", "C", "EMPTY"], [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 1, 0]],
        [300, 250, 200, 60, 50, 45, 10],
    )  # fmt: skip
    e = loglinear_estimate(table)
    assert e.lists == ("A", "B", "C")
    assert any("dropped list(s) EMPTY" in w for w in e.warnings)


def test_no_overlap_is_refused_with_a_reason() -> None:
    table = CaptureTable.from_patterns(
        ["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [5, 6, 7]
    )
    with pytest.raises(InvalidInput, match="no estimate is possible"):
        loglinear_estimate(table)


def test_thin_overlaps_are_warned_about() -> None:
    table = CaptureTable.from_patterns(
        ["A", "B", "C"],
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1]],
        [80, 70, 60, 4, 3, 5],
    )
    e = loglinear_estimate(table)
    assert any("too few overlaps: only 12 of 222" in w for w in e.warnings)
