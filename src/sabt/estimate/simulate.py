"""Synthetic capture data with a known total, for tests, coverage studies and benchmarks.

A population of ``n`` people is split into latent classes (groups with
different chances of being documented); within a class each list documents a
person independently with the class's probability. This is the data-generating
process LCMCR assumes, and it produces the heterogeneity and apparent list
dependence that log-linear models must approximate. Nothing here is real data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from sabt.estimate.captures import CaptureTable


def simulate_table(
    n: int,
    class_weights: Sequence[float],
    capture_probs: Sequence[Sequence[float]] | NDArray[np.float64],
    rng: np.random.Generator,
    lists: Sequence[str] | None = None,
    stratum: str = "all",
) -> CaptureTable:
    """Documented patterns of ``n`` people; ``capture_probs[k][j]`` = P(list j | class k)."""
    probs = np.asarray(capture_probs, dtype=np.float64)
    weights = np.asarray(class_weights, dtype=np.float64)
    classes = rng.choice(len(weights), size=n, p=weights / weights.sum())
    x = (rng.random((n, probs.shape[1])) < probs[classes]).astype(np.uint8)
    seen = x.any(axis=1)
    names = list(lists) if lists is not None else [f"L{j + 1}" for j in range(probs.shape[1])]
    return CaptureTable.from_patterns(
        names, x[seen], np.ones(int(seen.sum()), dtype=np.int64), stratum
    )


def random_scenario(
    rng: np.random.Generator, n_lists: int, n_classes: int = 2, low: float = 0.05, high: float = 0.5
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Random class weights (Dirichlet(2)) and capture probabilities (uniform in [low, high])."""
    weights = rng.dirichlet(np.full(n_classes, 2.0))
    probs = rng.uniform(low, high, size=(n_classes, n_lists))
    return weights, probs
