"""PNG charts with matplotlib: the model's match weights, and a pair's waterfall.

Splink draws these with Altair, which needs a browser engine to make a PNG;
sabt must make them offline, so they are drawn here from the same numbers:
each level's match weight is log2(m/u), and a pair's total is the prior
log-odds plus the weight of the level each comparison fell in.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402


def match_weights_chart(model: dict[str, Any], out: Path) -> Path:
    """One bar per comparison level: log2(m/u); the prior on top."""
    labels: list[str] = []
    weights: list[float] = []
    lam = float(model["probability_two_random_records_match"])
    labels.append("prior (two random records match)")
    weights.append(math.log2(lam / (1 - lam)))
    for comp in model["comparisons"]:
        for lv in comp["comparison_levels"]:
            if lv.get("is_null_level"):
                continue
            m, u = lv.get("m_probability"), lv.get("u_probability")
            if not isinstance(m, float | int) or not isinstance(u, float | int) or m <= 0 or u <= 0:
                continue
            labels.append(
                f"{comp['output_column_name']}: {lv.get('label_for_charts', lv['sql_condition'])}"
            )
            weights.append(math.log2(m / u))
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(labels) + 1.2))
    y = list(range(len(labels)))[::-1]
    ax.barh(
        y,
        weights,
        color=["#888" if i == 0 else ("#2a7" if w >= 0 else "#c44") for i, w in enumerate(weights)],
    )
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("match weight (log2 Bayes factor)")
    ax.set_title("sabt linkage model: match weight of each comparison level")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def waterfall_chart(explanation: dict[str, Any], out: Path) -> Path:
    """Cumulative match weight: prior, then each comparison's step, then the total."""
    steps = [("prior", explanation["prior"])] + [
        (f"{s['comparison']}: {s['level']}", s["weight"]) for s in explanation["steps"]
    ]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(steps) + 1.8))
    running = 0.0
    for i, (_label, raw) in enumerate(steps):
        w = raw if math.isfinite(raw) else (-40.0 if raw < 0 else 40.0)
        start = 0.0 if i == 0 else running
        ax.barh(
            len(steps) - i,
            w,
            left=start,
            color="#888" if i == 0 else ("#2a7" if w >= 0 else "#c44"),
        )
        ax.text(start + w, len(steps) - i, f" {w:+.2f}", va="center", fontsize=8)
        running = start + w
    ax.barh(0, running, color="#246")
    ax.text(
        running,
        0,
        f" {running:+.2f}  (p = {explanation['probability']:.3f})",
        va="center",
        fontsize=8,
    )
    ax.set_yticks(
        list(range(len(steps), -1, -1)), [label for label, _ in steps] + ["total"], fontsize=8
    )
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("match weight (log2 odds)")
    # Ids, not names, in the title: matplotlib's font does not shape Persian.
    ax.set_title(
        f"why {explanation['a']} and {explanation['b']} scored as they did ({explanation['run']})"
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
