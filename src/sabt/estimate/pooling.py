"""Carrying record-linkage uncertainty into the estimate.

Which records are the same person is itself uncertain, and a different
clustering gives a different capture table. Rather than estimate from one
"best" linkage as if it were certain, sabt re-estimates over alternative
clusterings (sampled from the linkage model, or the few plausible ones a
reviewer leaves open) and pools the results:

- LCMCR: the posterior draws of every alternative are pooled with equal weight,
  which samples the mixture over linkages (Sadinle 2018's idea, with the
  linkage posterior represented by the alternatives given);
- log-linear: Rubin's (1987) rules for multiple imputation: the mean of the
  N̂s, total variance W̄ + (1 + 1/m)·B (within plus between linkages), and
  Chao's log-normal interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

import numpy as np

from sabt.errors import InvalidInput
from sabt.estimate.captures import CaptureTable
from sabt.estimate.result import Estimate
from sabt.estimate.selection import lognormal_interval
from sabt.estimate.strata import Options, StratifiedEstimate, estimate_strata, master_seed

Alternatives = Iterable[Mapping[str, CaptureTable]] | Callable[[int], Mapping[str, CaptureTable]]
"""Alternative clusterings' capture tables (by stratum): an iterable, or a sampler
called with 0, 1, 2 ... that returns one alternative per call."""


def pool(estimates: list[Estimate], level: float) -> Estimate:
    """Pool one stratum's (or the total's) estimates over alternative linkages."""
    m = len(estimates)
    first = estimates[0]
    points = [e.point for e in estimates]
    observed = [e.observed for e in estimates]
    diagnostics = {
        "linkages": m,
        "points_by_linkage": points,
        "observed_by_linkage": observed,
        "rhat_by_linkage": [e.diagnostics.get("rhat") for e in estimates],
    }
    if all(e.draws is not None for e in estimates):
        size = min(e.draws.size for e in estimates if e.draws is not None)
        draws: np.ndarray | None = np.concatenate(
            [e.draws[:size] for e in estimates if e.draws is not None]
        )
        assert draws is not None
        tail = (1 - level) / 2
        lower, point, upper = (float(q) for q in np.quantile(draws, [tail, 0.5, 1 - tail]))
        se: float | None = float(np.std(draws, ddof=1))
        kind = f"equal-tailed interval of the posterior draws pooled over {m} linkages"
    else:
        draws = None
        point = float(np.mean(points))
        within = float(np.mean([(e.se or 0.0) ** 2 for e in estimates]))
        between = float(np.var(points, ddof=1)) if m > 1 else 0.0
        se = math.sqrt(within + (1 + 1 / m) * between)
        diagnostics |= {"within_variance": within, "between_variance": between}
        lower, upper = lognormal_interval(min(observed), point, se, level)
        kind = f"Rubin's rules over {m} linkages, log-normal on the unobserved count"
    warnings = list(dict.fromkeys(w for e in estimates for w in e.warnings))
    return Estimate(
        method=f"{first.method}+pooled",
        stratum=first.stratum,
        point=point,
        lower=lower,
        upper=upper,
        level=level,
        observed=round(float(np.mean(observed))),
        lists=first.lists,
        model=first.model if m == 1 else f"{first.model} (per linkage; models may differ)",
        interval=kind,
        se=se,
        settings=dict(first.settings),
        diagnostics=diagnostics,
        warnings=warnings,
        draws=draws,
    )


def _iterate(alternatives: Alternatives, count: int | None) -> Iterable[Mapping[str, CaptureTable]]:
    if callable(alternatives):
        if count is None:
            raise InvalidInput("a linkage sampler needs the number of alternatives to draw")
        return (alternatives(i) for i in range(count))
    if count is None:
        return alternatives
    return (alt for i, alt in zip(range(count), alternatives, strict=False))


def estimate_over_linkages(
    alternatives: Alternatives, options: Options, count: int | None = None
) -> StratifiedEstimate:
    """Estimate under each alternative clustering and pool (see the module docstring)."""
    options.validate()
    master = master_seed(options)
    runs: list[StratifiedEstimate] = []
    strata: list[str] | None = None
    for i, tables in enumerate(_iterate(alternatives, count)):
        names = sorted(tables)
        if strata is None:
            strata = names
        elif names != strata:
            raise InvalidInput(
                f"alternative linkage {i + 1} has strata {names}, the first had {strata}; "
                "every alternative must cover the same strata"
            )
        seed = int(np.random.SeedSequence([master, 1_000_003, i]).generate_state(1, np.uint32)[0])
        run_options = replace(options, lcmcr=replace(options.lcmcr, seed=seed))
        runs.append(estimate_strata(tables, run_options))
    if not runs or strata is None:
        raise InvalidInput("no alternative linkage was given; nothing to estimate")
    pooled = {name: pool([r.strata[name] for r in runs], options.level) for name in strata}
    total = pool([r.total for r in runs], options.level)
    for e in (*pooled.values(), total):
        e.settings["seed"] = master if options.method == "lcmcr" else None
    return StratifiedEstimate(strata=pooled, total=total)
