"""Log-linear capture–recapture models (Fienberg 1972; Bishop, Fienberg & Holland 1975).

The counts of the 2**J − 1 observed capture patterns are modelled as Poisson with
a log-linear mean: an intercept, a main effect per list and the model's
interaction terms (list dependences). The unobserved cell (all lists 0) has only
the intercept, so its expected count is exp(β₀) and N̂ = n + exp(β₀). The
standard error is the one Rcapture reports (Baillargeon & Rivest 2007):
Var(N̂) = exp(β₀) + exp(2β₀)·Var(β̂₀), the first term being the multinomial
variability of the unobserved count.

The profile-likelihood interval (Cormack 1992, as Rcapture's ``closedpCI.t``)
treats the unobserved count n₀ = N − n as a parameter: for each N the model is
fitted to the complete table with n₀ in the empty cell, giving the multinomial
log-likelihood ℓ(N); the interval is {N : 2(max ℓ − ℓ(N)) ≤ χ²₁(level)}.

AIC = −2ℓ + 2k and BIC = −2ℓ + k·log n (n = people documented), the definitions
of Rcapture. A model whose maximum-likelihood estimate does not exist (sampling
zeros making a term diverge) is marked not estimable and left out of selection.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from numpy.typing import NDArray
from scipy import optimize, special, stats

from sabt.estimate.captures import CaptureTable
from sabt.estimate.hierarchy import Model, design

DIVERGED = 15.0
"""|β| beyond this (an interaction multiplying odds by > 3 million) means the MLE
does not exist: the fit is running off to infinity along a sampling zero."""


@dataclass(frozen=True)
class ModelFit:
    """One log-linear model fitted to one capture table."""

    model: Model
    name: str
    estimable: bool
    reason: str
    n_hat: float
    se: float
    loglik: float
    aic: float
    bic: float
    deviance: float
    df: int
    n_params: int


def _glm(
    y: NDArray[np.float64], x: NDArray[np.float64], start: NDArray[np.float64] | None = None
) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(y, x, family=sm.families.Poisson()).fit(start_params=start, maxiter=100)


def fit_model(table: CaptureTable, model: Model) -> ModelFit:
    """Fit one model by Poisson maximum likelihood on the observed cells."""
    j = table.n_lists
    cells = np.arange(1, 1 << j, dtype=np.int64)
    y = table.full_counts()[1:].astype(np.float64)
    x = design(j, model, cells)
    k = x.shape[1]
    name = model.name(table.lists)
    nan = float("nan")

    def unfit(reason: str) -> ModelFit:
        return ModelFit(model, name, False, reason, nan, nan, nan, nan, nan, nan, len(cells) - k, k)

    if k > len(cells) or np.linalg.matrix_rank(x) < k:
        return unfit("more parameters than the observed cells can identify")
    try:
        res = _glm(y, x)
    except (ValueError, np.linalg.LinAlgError, FloatingPointError) as e:
        return unfit(f"the fit failed: {e}")
    params = np.asarray(res.params, dtype=np.float64)  # type: ignore[attr-defined]
    cov = np.asarray(res.cov_params(), dtype=np.float64)  # type: ignore[attr-defined]
    converged = bool(getattr(res, "converged", True))
    if not converged or not np.all(np.isfinite(params)) or np.abs(params[1:]).max() > DIVERGED:
        return unfit(
            "the maximum-likelihood estimate does not exist (a term diverges on sampling zeros)"
        )
    f0 = math.exp(params[0])
    var0 = float(cov[0, 0])
    if not np.isfinite(f0) or not np.isfinite(var0):
        return unfit("the estimate of the unobserved count is not finite")
    llf = float(res.llf)  # type: ignore[attr-defined]
    n = table.observed
    return ModelFit(
        model=model,
        name=name,
        estimable=True,
        reason="",
        n_hat=n + f0,
        se=math.sqrt(f0 + f0 * f0 * var0),
        loglik=llf,
        aic=-2 * llf + 2 * k,
        bic=-2 * llf + k * math.log(n),
        deviance=float(res.deviance),  # type: ignore[attr-defined]
        df=len(cells) - k,
        n_params=k,
    )


def profile_loglik(table: CaptureTable, model: Model, n_total: float) -> float:
    """The multinomial log-likelihood of N = ``n_total`` under ``model``, profiled
    over the model's parameters (constants that do not involve N are dropped)."""
    j = table.n_lists
    cells = np.arange(0, 1 << j, dtype=np.int64)
    y = table.full_counts().astype(np.float64)
    n0 = n_total - table.observed
    y[0] = n0
    res = _glm(y, design(j, model, cells))
    mu = np.asarray(res.fittedvalues, dtype=np.float64)  # type: ignore[attr-defined]
    positive = y > 0
    return float(
        special.gammaln(n_total + 1)
        - special.gammaln(n0 + 1)
        + np.sum(y[positive] * np.log(mu[positive] / n_total))
    )


def profile_interval(
    table: CaptureTable, fit: ModelFit, level: float = 0.95
) -> tuple[float, float]:
    """The profile-likelihood interval for N; ``inf`` if the upper limit is unbounded."""
    n = table.observed
    cut = stats.chi2.ppf(level, 1) / 2

    def ll(total: float) -> float:
        return profile_loglik(table, fit.model, total)

    # The profile maximum lies near the conditional N̂; search a generous bracket.
    f0 = max(fit.n_hat - n, 1e-6)
    opt = optimize.minimize_scalar(
        lambda lf: -ll(n + math.exp(lf)),
        bounds=(math.log(f0) - 3, math.log(f0) + 3),
        method="bounded",
        options={"xatol": 1e-4},
    )
    top = -float(opt.fun)
    n_max = n + math.exp(float(opt.x))

    def gap(total: float) -> float:
        return float(top - ll(total) - cut)

    lower = float(n)
    if gap(n + 1e-9) > 0:
        lower = optimize.brentq(gap, n + 1e-9, n_max, xtol=0.05)
    upper = math.inf
    hi = n_max
    for _ in range(40):  # expand geometrically until the likelihood has fallen enough
        step = n + (hi - n) * 2
        if gap(step) > 0:
            upper = optimize.brentq(gap, hi, step, xtol=0.05)
            break
        hi = step
        if hi > 1e9:
            break
    return lower, upper
