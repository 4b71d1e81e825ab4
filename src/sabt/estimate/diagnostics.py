"""MCMC convergence diagnostics: split R-hat and effective sample size.

Both follow Gelman et al., *Bayesian Data Analysis* (3rd ed., §11.4–11.5), as
Stan computes them: chains are split in halves so that a trend within a chain
shows up as disagreement between halves; R-hat compares between- and
within-chain variance; the effective sample size sums the multi-chain
autocorrelations with Geyer's initial monotone sequence. R-hat above 1.1 or an
effective sample size below 100 (about 25 per chain for 4 chains) means the
chains have not explored the posterior well enough to trust its quantiles.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

RHAT_MAX = 1.1
ESS_MIN = 100.0


def _split(draws: NDArray[np.float64]) -> NDArray[np.float64]:
    """(chains, n) → (2·chains, n // 2): each chain cut in two halves."""
    x = np.atleast_2d(np.asarray(draws, dtype=np.float64))
    half = x.shape[1] // 2
    return np.concatenate([x[:, :half], x[:, x.shape[1] - half :]], axis=0)


def split_rhat(draws: NDArray[np.float64]) -> float:
    """Potential scale reduction of ``draws`` shaped (chains, draws per chain)."""
    x = _split(draws)
    m, n = x.shape
    if n < 2:
        return float("nan")
    within = x.var(axis=1, ddof=1).mean()
    between = n * x.mean(axis=1).var(ddof=1)
    if within == 0:
        return 1.0 if between == 0 else float("inf")
    var_plus = (n - 1) / n * within + between / n
    return float(np.sqrt(var_plus / within))


def _autocovariance(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Autocovariance at every lag, by FFT (biased estimator, as BDA3 and Stan)."""
    n = x.shape[0]
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(x - x.mean(), size)
    acov = np.fft.irfft(f * np.conjugate(f), size)[:n]
    return np.asarray(acov / n, dtype=np.float64)


def effective_sample_size(draws: NDArray[np.float64]) -> float:
    """Multi-chain effective sample size of ``draws`` shaped (chains, draws per chain)."""
    x = _split(draws)
    m, n = x.shape
    if n < 4:
        return float("nan")
    acov = np.array([_autocovariance(chain) for chain in x])
    chain_var = acov[:, 0] * n / (n - 1)
    within = chain_var.mean()
    var_plus = within * (n - 1) / n + (x.mean(axis=1).var(ddof=1) if m > 1 else 0.0)
    if var_plus <= 0:
        return float(m * n)
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer: sum pairs Γ_t = ρ_2t + ρ_2t+1 while positive, forcing them monotone.
    total = 0.0
    previous = np.inf
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair <= 0:
            break
        pair = min(pair, previous)
        previous = pair
        total += pair
    tau = -1.0 + 2.0 * total
    tau = max(tau, 1.0 / np.log10(m * n))  # Stan's bound for antithetic chains
    return float(m * n / tau)


def convergence_warnings(rhat: float, ess: float, what: str = "N") -> list[str]:
    """Plain-language warnings when the chains cannot be trusted."""
    out = []
    if not np.isfinite(rhat) or rhat > RHAT_MAX:
        out.append(
            f"the chains did not converge: R-hat of {what} is {rhat:.3f} (> {RHAT_MAX}); "
            "run more iterations (burn-in and samples) before trusting the interval"
        )
    if not np.isfinite(ess) or ess < ESS_MIN:
        out.append(
            f"too few effective draws: the effective sample size of {what} is {ess:.0f} "
            f"(< {ESS_MIN:.0f}); run more iterations or thin more"
        )
    return out
