"""LCMCR: the published Kosovo posterior, reproducibility, and refusals."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sabt.errors import InvalidInput
from sabt.estimate import CaptureTable, LcmcrSettings, lcmcr_estimate
from sabt.estimate.lcmcr import sample_posterior
from sabt.estimate.simulate import simulate_table

# 4 chains × 60,000 Gibbs iterations (a few seconds). Over 13 seeds (this one
# and 1–12) this configuration gave medians 10,284–10,472, lower limits
# 8,019–9,221 and upper limits 13,293–14,186 (the tails mix slowly: a chain
# sometimes wanders low), hence the tolerances below. The published run (10,000 burn-in, 1,000 draws
# thinned by 100) gives ≈ 10,460 [9,100, 14,000]; seeds vary by a few hundred.
SHORT = LcmcrSettings(burnin=10_000, samples=1_000, thin=50, chains=4, seed=20260521)


def test_kosovo_posterior_matches_the_published_figures(kosovo: CaptureTable) -> None:
    e = lcmcr_estimate(kosovo, SHORT)
    assert e.method == "lcmcr" and e.observed == 4400
    assert abs(e.point - 10_460) < 450
    assert 7_400 < e.lower < 9_800
    assert 12_700 < e.upper < 15_500
    assert e.lower < 10_401 < e.upper  # the later near-census falls inside
    assert e.diagnostics["rhat"] < 1.1
    assert e.draws is not None and e.draws.size == 4_000
    assert e.settings["seed"] == SHORT.seed and e.settings["k"] == 10


def test_a_seed_reproduces_the_draws_exactly(kosovo: CaptureTable) -> None:
    s = replace(SHORT, burnin=200, samples=50, thin=2, chains=2)
    a = sample_posterior(kosovo, s)
    b = sample_posterior(kosovo, s)
    c = sample_posterior(kosovo, replace(s, seed=1))
    assert np.array_equal(a.n, b.n)
    assert not np.array_equal(a.n, c.n)
    assert (a.n >= 4400).all()


def test_a_seed_is_drawn_and_reported_when_none_is_given(kosovo: CaptureTable) -> None:
    e = lcmcr_estimate(kosovo, LcmcrSettings(burnin=50, samples=20, thin=1, chains=2))
    assert isinstance(e.settings["seed"], int)


def test_a_short_run_is_flagged_as_unreliable(kosovo: CaptureTable) -> None:
    e = lcmcr_estimate(kosovo, LcmcrSettings(burnin=0, samples=40, thin=1, chains=2, seed=3))
    assert any("effective sample size" in w for w in e.warnings)


def test_heterogeneous_population_total_is_recovered() -> None:
    rng = np.random.default_rng(8)
    table = simulate_table(3000, [0.6, 0.4], [[0.1, 0.15, 0.1, 0.2], [0.5, 0.4, 0.6, 0.45]], rng)
    e = lcmcr_estimate(table, LcmcrSettings(burnin=2_000, samples=500, thin=10, chains=2, seed=4))
    assert e.lower < 3000 < e.upper


def test_a_list_with_nobody_is_dropped_and_the_rest_estimated() -> None:
    rng = np.random.default_rng(9)
    base = simulate_table(2000, [1.0], [[0.3, 0.3, 0.3, 0.0]], rng, lists=["A", "B", "C", "D"])
    assert base.empty_lists() == ("D",)
    e = lcmcr_estimate(base, LcmcrSettings(burnin=1_000, samples=200, thin=5, chains=2, seed=2))
    assert e.lists == ("A", "B", "C")
    assert any("dropped list(s) D" in w for w in e.warnings)
    assert e.lower < 2000 < e.upper


def test_two_lists_are_refused_for_lcmcr() -> None:
    table = CaptureTable.from_patterns(["A", "B"], [[1, 0], [0, 1], [1, 1]], [30, 20, 10])
    with pytest.raises(InvalidInput, match="at least 3 lists"):
        lcmcr_estimate(table, LcmcrSettings(seed=1))


def test_bad_settings_are_reported_together() -> None:
    with pytest.raises(InvalidInput) as e:
        LcmcrSettings(k=0, thin=0, chains=0, samples=1).validate()
    assert {"k", "thin", "chains", "samples"} <= set(e.value.errors)


def test_too_few_latent_classes_is_warned_about(kosovo: CaptureTable) -> None:
    e = lcmcr_estimate(
        kosovo, LcmcrSettings(k=2, burnin=500, samples=200, thin=2, chains=2, seed=6)
    )
    assert e.diagnostics["classes_occupied_mean"] > 1.9
    assert any("truncation K may be too small" in w for w in e.warnings)


def test_with_one_class_the_sampler_matches_the_exact_posterior(kosovo: CaptureTable) -> None:
    """K = 1 is the homogeneous model, whose posterior of N has a closed form:
    p(N | x) ∝ (1/N) · N!/(N − n)! · Π_j B(n_j + 1, N − n_j + 1) (λ_j integrated
    out of their Beta(1, 1) priors). The Gibbs draws must reproduce it."""
    from scipy.special import betaln, gammaln

    n = kosovo.observed
    totals = np.array(list(kosovo.list_totals().values()))
    grid = np.arange(n, 4 * n)
    logp = -np.log(grid) + gammaln(grid + 1) - gammaln(grid - n + 1)
    logp += sum(betaln(k + 1, grid - k + 1) for k in totals)
    cdf = np.cumsum(np.exp(logp - logp.max()))
    cdf /= cdf[-1]
    exact = [grid[np.searchsorted(cdf, q)] for q in (0.025, 0.5, 0.975)]
    post = sample_posterior(
        kosovo, LcmcrSettings(k=1, burnin=1_000, samples=20_000, thin=1, chains=2, seed=3)
    )
    drawn = np.quantile(post.n, [0.025, 0.5, 0.975])
    assert np.allclose(drawn, exact, atol=25), (drawn, exact)


def test_stick_breaking_draws_match_their_beta_conditionals() -> None:
    """Given the class counts and α, V_k ~ Beta(1 + n_k, α + Σ_{h>k} n_h), so
    E[log(1 − V_k)] = ψ(α + Σ_{h>k} n_h) − ψ(1 + n_k + α + Σ_{h>k} n_h) exactly.
    With a small α (the posterior often sits near 0.05 with a_α = b_α = 0.25) the
    empty classes' 1 − V_k is far below machine epsilon; α's update needs its
    logarithm, which must not be cut off there."""
    import numba
    from scipy.special import digamma

    from sabt.estimate.lcmcr_kernel import stick_breaking

    @numba.njit
    def draws(nk: np.ndarray, alpha: float, count: int, seed: int) -> np.ndarray:
        np.random.seed(seed)
        log_pi = np.empty(nk.shape[0])
        out = np.empty((count, 2))
        for i in range(count):
            out[i, 0] = stick_breaking(nk, alpha, log_pi)
            out[i, 1] = log_pi[0]
        return out

    nk = np.array([600, 250, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.int64)
    alpha = 0.05
    above = nk.sum() - np.cumsum(nk)
    b = alpha + above[:-1]
    exact = float(np.sum(digamma(b) - digamma(1 + nk[:-1] + b)))
    got = draws(nk, alpha, 20_000, 7)
    se = got[:, 0].std() / np.sqrt(len(got))
    assert abs(got[:, 0].mean() - exact) < 5 * se, (got[:, 0].mean(), exact, se)
    # log π_1 = log V_1, V_1 ~ Beta(601, 250.05)
    exact_log_pi1 = float(digamma(601) - digamma(601 + b[0]))
    assert abs(got[:, 1].mean() - exact_log_pi1) < 1e-3
