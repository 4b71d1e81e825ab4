"""Charts for an estimate report (matplotlib, Agg canvas: no display, no global state).

- the posterior of N (LCMCR): a histogram with the median and the interval;
- the log-linear models compared: each model's N̂ and its weight;
- the overlap of the lists: an UpSet-style chart (count of each capture pattern
  above, the lists it is made of below), the information every MSE method uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sabt.estimate.captures import CaptureTable
from sabt.estimate.result import Estimate

INK = "#1f2933"
ACCENT = "#c2410c"
MUTED = "#9aa5b1"


def _save(fig: Figure, path: Path) -> Path:
    FigureCanvasAgg(fig)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    return path


def posterior_histogram(estimate: Estimate, path: Path) -> Path:
    """Histogram of the posterior draws of N, median and interval marked."""
    if estimate.draws is None:
        raise ValueError("a posterior histogram needs posterior draws (LCMCR)")
    fig = Figure(figsize=(7, 4))
    ax = fig.add_subplot()
    draws = estimate.draws
    hi = np.quantile(draws, 0.995)
    ax.hist(draws[draws <= hi], bins=60, color=MUTED, edgecolor="white")
    ax.axvline(estimate.point, color=ACCENT, lw=2, label=f"median {estimate.point:,.0f}")
    for x in (estimate.lower, estimate.upper):
        ax.axvline(x, color=INK, lw=1, ls="--")
    ax.axvline(
        estimate.observed, color=INK, lw=1, ls=":", label=f"documented {estimate.observed:,}"
    )
    ax.set_title(
        f"Posterior of the total N — {estimate.stratum} "
        f"({estimate.level:.0%} interval {estimate.lower:,.0f}–{estimate.upper:,.0f})",
        fontsize=10,
    )
    ax.set_xlabel("N (documented + undocumented)")
    ax.set_ylabel("draws")
    ax.legend(frameon=False, fontsize=8)
    return _save(fig, path)


def model_comparison(estimate: Estimate, path: Path) -> Path:
    """The top log-linear models: N̂ ± 1.96 s.e., labelled with their weight."""
    rows: list[dict[str, Any]] = estimate.diagnostics.get("top_models", [])
    if not rows:
        raise ValueError("a model comparison needs the log-linear model table")
    fig = Figure(figsize=(8, 0.45 * len(rows) + 1.2))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    n_hat = np.array([r["n_hat"] for r in rows])
    se = np.array([r["se"] for r in rows])
    ax.errorbar(n_hat, y, xerr=1.96 * se, fmt="o", color=INK, ecolor=MUTED, capsize=3)
    ax.set_yticks(y, [f"{r['model']}  (w={r['weight']:.2f})" for r in rows], fontsize=8)
    ax.axvline(estimate.observed, color=INK, lw=1, ls=":")
    ax.set_xlabel("N̂ ± 1.96 s.e.")
    crit = str(estimate.settings.get("criterion", "")).upper()
    ax.set_title(f"Log-linear models ranked by {crit} — {estimate.stratum}", fontsize=10)
    return _save(fig, path)


def overlap_chart(table: CaptureTable, path: Path, top: int = 30) -> Path:
    """UpSet-style chart of the capture patterns (the most frequent ``top``)."""
    order = np.argsort(-table.counts, kind="stable")[:top]
    patterns = table.patterns[order]
    counts = table.counts[order]
    totals = table.list_totals()
    fig = Figure(figsize=(max(6.0, 0.35 * len(order) + 2), 2.2 + 0.35 * table.n_lists))
    grid = fig.add_gridspec(2, 1, height_ratios=[3, max(1, 0.35 * table.n_lists)], hspace=0.05)
    bars = fig.add_subplot(grid[0])
    dots = fig.add_subplot(grid[1], sharex=bars)
    x = np.arange(len(order))
    bars.bar(x, counts, color=[ACCENT if p.sum() >= 2 else MUTED for p in patterns])
    for xi, c in zip(x, counts, strict=True):
        bars.text(float(xi), float(c), f"{int(c):,}", ha="center", va="bottom", fontsize=7)
    bars.set_ylabel("people")
    bars.set_title(
        f"Who is on which list — {table.stratum}: {table.observed:,} documented, "
        f"{table.overlapping():,} on two lists or more (orange)",
        fontsize=10,
    )
    bars.tick_params(labelbottom=False)
    for j in range(table.n_lists):
        on = patterns[:, j] == 1
        dots.scatter(x[~on], np.full((~on).sum(), j), color="#e4e7eb", s=30)
        dots.scatter(x[on], np.full(on.sum(), j), color=INK, s=30)
    for xi, p in zip(x, patterns, strict=True):
        rows = np.flatnonzero(p)
        if rows.size > 1:
            dots.plot([xi, xi], [rows.min(), rows.max()], color=INK, lw=1.5)
    dots.set_yticks(
        range(table.n_lists), [f"{name} ({totals[name]:,})" for name in table.lists], fontsize=8
    )
    dots.set_ylim(-0.5, table.n_lists - 0.5)
    dots.invert_yaxis()
    dots.set_xticks([])
    for side in ("top", "right", "bottom"):
        dots.spines[side].set_visible(False)
        bars.spines[side].set_visible(side == "bottom")
    return _save(fig, path)
