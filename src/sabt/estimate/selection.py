"""Choosing and averaging log-linear models: AIC, BIC and their weights.

With up to 4 lists every hierarchical model (up to three-way terms) is fitted;
with 5 or more the model space explodes (6,212 models for 5 lists, 3.7 million
for 6) and a stepwise search is used instead, as SparseMSE and Rcapture do:
from the independence model, repeatedly take the best single term added or
removed while the criterion improves. Model averaging then uses every model the
search evaluated (all of them when exhaustive).

Averaging follows Buckland, Burnham & Augustin (1997): weights
wᵢ ∝ exp(−Δᵢ/2), N̄ = Σ wᵢ N̂ᵢ, and the unconditional standard error
Σ wᵢ √(se²ᵢ + (N̂ᵢ − N̄)²). Its interval is Chao's (1987) log-normal interval on
the unobserved count, which keeps the lower limit above the documented count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from scipy import stats

from sabt.errors import InvalidInput
from sabt.estimate.captures import CaptureTable, check_estimable
from sabt.estimate.checks import data_warnings, ratio_warning
from sabt.estimate.hierarchy import Model, hierarchical_models, neighbours
from sabt.estimate.loglinear import ModelFit, fit_model, profile_interval
from sabt.estimate.result import Estimate

Criterion = Literal["aic", "bic"]
Search = Literal["auto", "exhaustive", "stepwise"]
EXHAUSTIVE_MAX_LISTS = 4


def _score(fit: ModelFit, criterion: Criterion) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def search_models(
    table: CaptureTable, criterion: Criterion = "bic", search: Search = "auto", max_order: int = 3
) -> tuple[list[ModelFit], str]:
    """Fit the candidate models; returns the fits and the search actually used."""
    j = table.n_lists
    if search == "auto":
        search = "exhaustive" if j <= EXHAUSTIVE_MAX_LISTS else "stepwise"
    if search == "exhaustive":
        return [fit_model(table, m) for m in hierarchical_models(j, max_order)], "exhaustive"
    fits: dict[Model, ModelFit] = {}

    def fit(m: Model) -> ModelFit:
        if m not in fits:
            fits[m] = fit_model(table, m)
        return fits[m]

    current = fit(Model())
    while True:
        candidates = [fit(m) for m in neighbours(current.model, j, max_order)]
        better = [
            f
            for f in candidates
            if f.estimable and _score(f, criterion) < _score(current, criterion)
        ]
        if not better:
            break
        current = min(better, key=lambda f: _score(f, criterion))
    return list(fits.values()), "stepwise"


def weights(fits: Iterable[ModelFit], criterion: Criterion) -> dict[Model, float]:
    """Akaike/Schwarz weights of the estimable fits."""
    usable = [f for f in fits if f.estimable]
    best = min(_score(f, criterion) for f in usable)
    raw = {f.model: math.exp(-(_score(f, criterion) - best) / 2) for f in usable}
    total = sum(raw.values())
    return {m: w / total for m, w in raw.items()}


def lognormal_interval(observed: int, n_hat: float, se: float, level: float) -> tuple[float, float]:
    """Chao's (1987) interval: log-normal on the unobserved count f₀ = N̂ − n."""
    f0 = n_hat - observed
    if f0 <= 0 or se <= 0:
        return float(observed), float(observed)
    z = float(stats.norm.ppf(0.5 + level / 2))
    c = math.exp(z * math.sqrt(math.log(1 + (se / f0) ** 2)))
    return observed + f0 / c, observed + f0 * c


def loglinear_estimate(
    table: CaptureTable,
    criterion: Criterion = "bic",
    average: bool = False,
    search: Search = "auto",
    level: float = 0.95,
    top: int = 10,
) -> Estimate:
    """Estimate N by the best log-linear model (or the criterion-weighted average)."""
    if criterion not in ("aic", "bic"):
        raise InvalidInput(f"criterion must be 'aic' or 'bic', found {criterion!r}")
    if not 0 < level < 1:
        raise InvalidInput(f"the interval level must be between 0 and 1, found {level}")
    table = table.without_empty_lists()
    warn = data_warnings(table)
    check_estimable(table)
    fits, used = search_models(table, criterion, search)
    usable = [f for f in fits if f.estimable]
    if not usable:
        raise InvalidInput(
            f"stratum {table.stratum!r}: no log-linear model can be fitted to these data "
            "(sampling zeros make every model's estimate diverge)"
        )
    w = weights(usable, criterion)
    ranked = sorted(usable, key=lambda f: _score(f, criterion))
    best = ranked[0]
    avg = sum(w[f.model] * f.n_hat for f in usable)
    avg_se = sum(w[f.model] * math.sqrt(f.se**2 + (f.n_hat - avg) ** 2) for f in usable)
    avg_lo, avg_hi = lognormal_interval(table.observed, avg, avg_se, level)
    table_rows = [
        {
            "model": f.name,
            "n_hat": f.n_hat,
            "se": f.se,
            "aic": f.aic,
            "bic": f.bic,
            "df": f.df,
            "deviance": f.deviance,
            "weight": w[f.model],
        }
        for f in ranked[:top]
    ]
    diagnostics = {
        "models_fitted": len(fits),
        "models_not_estimable": len(fits) - len(usable),
        "search": used,
        "best_model": {"model": best.name, "n_hat": best.n_hat, "se": best.se, "df": best.df},
        "averaged": {"n_hat": avg, "se": avg_se, "lower": avg_lo, "upper": avg_hi},
        "best_weight": w[best.model],
        "top_models": table_rows,
    }
    settings = {
        "criterion": criterion,
        "average": average,
        "search": used,
        "max_order": 3,
        "level": level,
    }
    if average:
        point, se, lower, upper = avg, avg_se, avg_lo, avg_hi
        model = f"{criterion.upper()}-weighted average of {len(usable)} models (best: {best.name})"
        kind = "log-normal on the unobserved count, unconditional s.e. (Buckland et al. 1997)"
    else:
        point, se = best.n_hat, best.se
        lower, upper = profile_interval(table, best, level)
        model = best.name
        kind = "profile likelihood"
    if best.df == 0:
        warn.append(
            f"the chosen model ({best.name}) fits the data exactly (no degrees of freedom left): "
            "its estimate rests wholly on the assumption that the highest interaction is absent"
        )
    if w[best.model] < 0.5 and not average:
        warn.append(
            f"model uncertainty: the chosen model has only {w[best.model]:.0%} of the "
            f"{criterion.upper()} weight; compare with the averaged estimate ({avg:,.0f})"
        )
    warn.extend(ratio_warning(table, point, upper))
    return Estimate(
        method="loglinear",
        stratum=table.stratum,
        point=point,
        lower=lower,
        upper=upper,
        level=level,
        observed=table.observed,
        lists=table.lists,
        model=model,
        interval=kind,
        se=se,
        settings=settings,
        diagnostics=diagnostics,
        warnings=warn,
        draws=None,
    )
