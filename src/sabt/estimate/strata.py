"""Estimates by stratum, and their total.

Stratifying (by region, period, sex ...) puts people with similar chances of
being documented together, which is the classic remedy for heterogeneity. Each
stratum is estimated on its own; the total of independent strata is:

- LCMCR: the sum, draw by draw, of the strata's posterior draws (independent
  posteriors, so aligned draws add up to draws of the total's posterior);
- log-linear: the sum of the strata's N̂, with Var = Σ Var(N̂ₛ) and Chao's
  log-normal interval on the total unobserved count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from sabt.errors import InvalidInput
from sabt.estimate.captures import CaptureTable
from sabt.estimate.lcmcr import LcmcrSettings, lcmcr_estimate
from sabt.estimate.result import Estimate
from sabt.estimate.selection import Criterion, Search, loglinear_estimate, lognormal_interval

Method = Literal["loglinear", "lcmcr"]
METHODS = ("loglinear", "lcmcr")
TOTAL = "total"


@dataclass(frozen=True)
class Options:
    """Everything that chooses how to estimate, for either method."""

    method: Method = "lcmcr"
    level: float = 0.95
    criterion: Criterion = "bic"
    average: bool = False
    search: Search = "auto"
    lcmcr: LcmcrSettings = LcmcrSettings()

    def validate(self) -> None:
        if self.method not in METHODS:
            raise InvalidInput(
                f"unknown method {self.method!r}; choose one of {', '.join(METHODS)}",
                {"method": f"expected one of {', '.join(METHODS)}"},
            )
        if not 0 < self.level < 1:
            raise InvalidInput(f"the interval level must be between 0 and 1, found {self.level}")


@dataclass
class StratifiedEstimate:
    """One estimate per stratum, and the total over strata."""

    strata: dict[str, Estimate]
    total: Estimate

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.to_dict(),
            "strata": {name: e.to_dict() for name, e in self.strata.items()},
        }


def estimate_table(table: CaptureTable, options: Options, seed: int | None = None) -> Estimate:
    """Estimate one stratum with the chosen method."""
    options.validate()
    if options.method == "loglinear":
        return loglinear_estimate(
            table, options.criterion, options.average, options.search, options.level
        )
    settings = replace(options.lcmcr, level=options.level)
    if seed is not None:
        settings = replace(settings, seed=seed)
    return lcmcr_estimate(table, settings)


def stratum_seeds(master: int, names: list[str]) -> dict[str, int]:
    """Distinct, reproducible seeds for the strata from one master seed."""
    return {
        name: int(np.random.SeedSequence([master, i]).generate_state(1, np.uint32)[0])
        for i, name in enumerate(names)
    }


def master_seed(options: Options) -> int:
    seed = options.lcmcr.seed
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint32)[0])
    return seed


def estimate_strata(tables: Mapping[str, CaptureTable], options: Options) -> StratifiedEstimate:
    """Estimate every stratum and the total; every stratum's problem is reported at once."""
    options.validate()
    if not tables:
        raise InvalidInput("no capture tables were given; nothing to estimate")
    master = master_seed(options)
    seeds = stratum_seeds(master, list(tables))
    results: dict[str, Estimate] = {}
    problems: dict[str, str] = {}
    for name, table in tables.items():
        try:
            results[name] = estimate_table(
                table, options, seeds[name] if len(tables) > 1 else master
            )
        except InvalidInput as e:
            problems[f"stratum {name}"] = e.message
    if problems:
        raise InvalidInput(
            f"{len(problems)} of {len(tables)} strata cannot be estimated; merge them with "
            "neighbouring strata or estimate without stratifying",
            problems,
        )
    if len(results) == 1:
        only = next(iter(results.values()))
        return StratifiedEstimate(strata=results, total=only)
    total = total_of(list(results.values()), options)
    total.settings["seed"] = master if options.method == "lcmcr" else None
    return StratifiedEstimate(strata=results, total=total)


def total_of(parts: list[Estimate], options: Options) -> Estimate:
    """The total over independent strata (see the module docstring)."""
    observed = sum(p.observed for p in parts)
    lists = tuple(dict.fromkeys(name for p in parts for name in p.lists))
    warnings = [w for p in parts for w in p.warnings]
    first = parts[0]
    settings = dict(first.settings)
    if all(p.draws is not None for p in parts):
        size = min(p.draws.size for p in parts if p.draws is not None)
        draws = np.sum([p.draws[:size] for p in parts if p.draws is not None], axis=0)
        tail = (1 - options.level) / 2
        lower, point, upper = (float(q) for q in np.quantile(draws, [tail, 0.5, 1 - tail]))
        se: float | None = float(np.std(draws, ddof=1))
        kind = "equal-tailed posterior interval of the sum of strata"
    else:
        draws = None
        point = sum(p.point for p in parts)
        se = math.sqrt(sum((p.se or 0.0) ** 2 for p in parts))
        lower, upper = lognormal_interval(observed, point, se, options.level)
        kind = "log-normal on the total unobserved count, Var = Σ strata variances"
    return Estimate(
        method=first.method,
        stratum=TOTAL,
        point=point,
        lower=lower,
        upper=upper,
        level=options.level,
        observed=observed,
        lists=lists,
        model=f"sum of {len(parts)} strata, each: {first.method}",
        interval=kind,
        se=se,
        settings=settings,
        diagnostics=_worst(parts),
        warnings=warnings,
        draws=draws,
    )


def _worst(parts: list[Estimate]) -> dict[str, Any]:
    """The total's diagnostics: how many strata, and the worst chain among them."""
    out: dict[str, Any] = {"strata": len(parts)}
    rhats = [p.diagnostics["rhat"] for p in parts if "rhat" in p.diagnostics]
    esses = [p.diagnostics["ess"] for p in parts if "ess" in p.diagnostics]
    if rhats:
        out["rhat"] = max(rhats)
        out["ess"] = min(esses)
    return out
