"""Linkage uncertainty: estimating over alternative clusterings and pooling."""

from __future__ import annotations

import numpy as np
import pytest

from sabt.errors import InvalidInput
from sabt.estimate import LcmcrSettings, Options, estimate_from_linkages, estimate_from_memberships
from sabt.estimate.memberships import Membership

FAST = LcmcrSettings(burnin=1_000, samples=200, thin=5, chains=2, seed=5)
LISTS = ["A", "B", "C", "D"]


def _memberships(seed: int, n: int = 2000, merge: int = 0) -> list[Membership]:
    """People on lists; the first ``merge`` pairs of people wrongly linked into one."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 4)) < np.array([0.3, 0.25, 0.35, 0.2])
    out: list[Membership] = []
    for i in range(n):
        cluster = i // 2 if i < 2 * merge else f"p{i}"
        out.extend((cluster, LISTS[j], None) for j in range(4) if x[i, j])
    return out


def test_memberships_are_estimated_end_to_end() -> None:
    result = estimate_from_memberships(_memberships(3), Options(method="loglinear"), lists=LISTS)
    total = result.total
    assert total.model == "independence" and total.lists == tuple(LISTS)
    assert total.se is not None and abs(total.point - 2000) < 3 * total.se


def test_identical_linkages_pool_to_the_single_estimate() -> None:
    one = estimate_from_memberships(_memberships(1), Options(method="loglinear"))
    pooled = estimate_from_linkages([_memberships(1)] * 2, Options(method="loglinear"))
    assert pooled.total.point == pytest.approx(one.total.point)
    assert pooled.total.se == pytest.approx(one.total.se)
    assert pooled.total.diagnostics["between_variance"] == pytest.approx(0)
    assert pooled.total.method == "loglinear+pooled"


def test_disagreeing_linkages_widen_the_interval() -> None:
    alternatives = [_memberships(1), _memberships(1, merge=150), _memberships(1, merge=300)]
    pooled = estimate_from_linkages(alternatives, Options(method="loglinear"))
    points = pooled.total.diagnostics["points_by_linkage"]
    assert len(points) == 3 and len(set(points)) == 3
    assert pooled.total.point == pytest.approx(np.mean(points))
    single = estimate_from_memberships(alternatives[0], Options(method="loglinear")).total
    assert (pooled.total.upper - pooled.total.lower) > (single.upper - single.lower)


def test_lcmcr_pools_the_draws_of_every_linkage_from_a_sampler() -> None:
    def sampler(i: int) -> list[Membership]:
        return _memberships(1, merge=100 * i)

    pooled = estimate_from_linkages(sampler, Options(method="lcmcr", lcmcr=FAST), count=3)
    assert pooled.total.draws is not None and pooled.total.draws.size == 3 * 400
    assert pooled.total.diagnostics["linkages"] == 3
    assert pooled.total.settings["seed"] == 5


def test_a_sampler_needs_a_count_and_strata_must_agree() -> None:
    with pytest.raises(InvalidInput, match="number of alternatives"):
        estimate_from_linkages(lambda i: _memberships(i), Options(method="loglinear"))
    stratified = [(c, name, "x") for c, name, _ in _memberships(2)]
    with pytest.raises(InvalidInput, match="same strata"):
        estimate_from_linkages([_memberships(1), stratified], Options(method="loglinear"))
