"""LCMCR: Bayesian non-parametric latent-class capture–recapture (Manrique-Vallier 2016).

The population is a mixture of up to K latent classes; within a class the lists
capture independently, so heterogeneity in who gets documented (the well-known,
the urban, the politically active ...) induces dependence between lists without
it having to be specified. The number of classes in use is learnt through a
truncated Dirichlet-process (stick-breaking) prior. This module runs several
chains of the sampler in :mod:`sabt.estimate.lcmcr_kernel`, checks their
convergence and summarises the posterior of N by its median and an
equal-tailed interval. Defaults are those of the LCMCR R package's examples
(K = 10, a_α = b_α = 0.25, burn-in 10,000, 1,000 draws thinned by 100).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

from sabt.errors import InvalidInput
from sabt.estimate.captures import CaptureTable, check_estimable
from sabt.estimate.checks import data_warnings, ratio_warning
from sabt.estimate.diagnostics import convergence_warnings, effective_sample_size, split_rhat
from sabt.estimate.lcmcr_kernel import compressed_patterns, run_chain
from sabt.estimate.result import Estimate


@dataclass(frozen=True)
class LcmcrSettings:
    """How to run the sampler. ``samples`` are kept per chain, every ``thin``-th
    iteration after ``burnin``; ``seed`` None draws one (and reports it)."""

    k: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 1_000
    thin: int = 100
    chains: int = 4
    seed: int | None = None
    level: float = 0.95

    def validate(self) -> None:
        problems: dict[str, str] = {}
        if self.k < 1:
            problems["k"] = f"the number of latent classes must be >= 1, found {self.k}"
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            problems["a_alpha/b_alpha"] = "the Gamma prior's shape and rate must be > 0"
        if self.burnin < 0:
            problems["burnin"] = f"must be >= 0, found {self.burnin}"
        if self.samples < 4:
            problems["samples"] = f"at least 4 draws per chain are needed, found {self.samples}"
        if self.thin < 1:
            problems["thin"] = f"must be >= 1, found {self.thin}"
        if self.chains < 1:
            problems["chains"] = f"must be >= 1, found {self.chains}"
        if not 0 < self.level < 1:
            problems["level"] = f"must be between 0 and 1, found {self.level}"
        if self.seed is not None and not 0 <= self.seed < 2**63:
            problems["seed"] = f"must be a non-negative integer, found {self.seed}"
        if problems:
            raise InvalidInput("the LCMCR settings are not valid", problems)


@dataclass(frozen=True)
class Posterior:
    """Posterior draws, shaped (chains, samples per chain)."""

    n: NDArray[np.float64]
    alpha: NDArray[np.float64]
    occupied: NDArray[np.int64]
    seed: int


def sample_posterior(table: CaptureTable, settings: LcmcrSettings) -> Posterior:
    """Run ``settings.chains`` independent chains on one capture table."""
    settings.validate()
    seed = settings.seed
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> np.uint64(1))
    chain_seeds = np.random.SeedSequence(seed).generate_state(settings.chains, np.uint32)
    on_idx, on_ptr = compressed_patterns(table.patterns)
    counts = table.counts.astype(np.int64)
    shape = (settings.chains, settings.samples)
    n = np.empty(shape)
    alpha = np.empty(shape)
    occupied = np.empty(shape, dtype=np.int64)
    for c in range(settings.chains):
        run_chain(
            on_idx,
            on_ptr,
            counts,
            table.n_lists,
            settings.k,
            settings.a_alpha,
            settings.b_alpha,
            settings.burnin,
            settings.samples,
            settings.thin,
            int(chain_seeds[c]),
            n[c],
            alpha[c],
            occupied[c],
        )
    return Posterior(n=n, alpha=alpha, occupied=occupied, seed=seed)


def lcmcr_estimate(table: CaptureTable, settings: LcmcrSettings | None = None) -> Estimate:
    """Estimate N by LCMCR: posterior median and equal-tailed interval, with diagnostics."""
    settings = settings or LcmcrSettings()
    settings.validate()
    table = table.without_empty_lists()
    warn = data_warnings(table)
    check_estimable(table)
    if table.n_lists < 3:
        raise InvalidInput(
            f"stratum {table.stratum!r}: LCMCR needs at least 3 lists that documented someone, "
            f"found {table.n_lists} ({', '.join(table.lists)}); use the log-linear method"
        )
    post = sample_posterior(table, settings)
    draws = post.n.reshape(-1)
    tail = (1 - settings.level) / 2
    lower, point, upper = np.quantile(draws, [tail, 0.5, 1 - tail])
    rhat = split_rhat(post.n)
    ess = effective_sample_size(post.n)
    warn.extend(convergence_warnings(rhat, ess))
    full = float(np.mean(post.occupied == settings.k))
    if full > 0.5:
        warn.append(
            f"all {settings.k} latent classes were occupied in {full:.0%} of draws: the "
            "truncation K may be too small; re-run with a larger K and compare"
        )
    warn.extend(ratio_warning(table, float(point), float(upper)))
    used = asdict(settings) | {"seed": post.seed}
    return Estimate(
        method="lcmcr",
        stratum=table.stratum,
        point=float(point),
        lower=float(lower),
        upper=float(upper),
        level=settings.level,
        observed=table.observed,
        lists=table.lists,
        model=(
            f"latent classes, K = {settings.k}, stick-breaking with "
            f"α ~ Gamma({settings.a_alpha}, {settings.b_alpha}), λ ~ Beta(1, 1), p(N) ∝ 1/N"
        ),
        interval="equal-tailed posterior interval",
        se=float(np.std(draws, ddof=1)),
        settings=used,
        diagnostics={
            "rhat": rhat,
            "ess": ess,
            "draws": int(draws.size),
            "posterior_mean": float(draws.mean()),
            "alpha_mean": float(post.alpha.mean()),
            "classes_occupied_mean": float(post.occupied.mean()),
            "chain_medians": [float(np.median(c)) for c in post.n],
        },
        warnings=warn,
        draws=draws,
    )
