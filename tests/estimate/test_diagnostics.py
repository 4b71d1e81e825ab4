"""R-hat and effective sample size on chains whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from sabt.estimate.diagnostics import convergence_warnings, effective_sample_size, split_rhat


def _ar1(rng: np.random.Generator, chains: int, n: int, rho: float) -> np.ndarray:
    x = np.empty((chains, n))
    x[:, 0] = rng.normal(size=chains) / np.sqrt(1 - rho**2)
    for t in range(1, n):
        x[:, t] = rho * x[:, t - 1] + rng.normal(size=chains)
    return x


def test_independent_draws_have_rhat_one_and_full_ess() -> None:
    x = np.random.default_rng(0).normal(size=(4, 2000))
    assert split_rhat(x) == pytest.approx(1.0, abs=0.01)
    assert effective_sample_size(x) == pytest.approx(8000, rel=0.1)


def test_autocorrelated_draws_have_the_theoretical_ess() -> None:
    rho = 0.9
    x = _ar1(np.random.default_rng(1), 4, 5000, rho)
    expected = 20000 * (1 - rho) / (1 + rho)  # ≈ 1,053
    assert effective_sample_size(x) == pytest.approx(expected, rel=0.2)


def test_chains_stuck_in_different_places_fail_rhat_and_are_warned_about() -> None:
    x = np.random.default_rng(2).normal(size=(4, 500)) + np.array([[0], [0], [3], [3]])
    rhat = split_rhat(x)
    assert rhat > 1.1
    warnings = convergence_warnings(rhat, effective_sample_size(x))
    assert any("did not converge" in w for w in warnings)


def test_a_trend_within_one_chain_is_caught_by_splitting() -> None:
    x = np.linspace(0, 10, 1000)[None, :] + np.random.default_rng(3).normal(size=(1, 1000))
    assert split_rhat(x) > 1.1
