"""A report directory for an estimate: tables (Markdown, CSV, JSON) and charts.

Files written:

- ``estimate.md`` — the estimates with intervals, method, model, settings,
  diagnostics and warnings, the list overlaps, and links to the charts;
- ``estimate.csv`` — one row per stratum and the total;
- ``estimate.json`` — the same as ``sabt estimate --json``;
- ``posterior.png`` (LCMCR) or ``models.png`` (log-linear), and ``overlap.png``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from sabt.errors import InvalidInput
from sabt.estimate import charts
from sabt.estimate.captures import CaptureTable
from sabt.estimate.result import Estimate
from sabt.estimate.strata import StratifiedEstimate

CSV_FIELDS = [
    "stratum", "method", "point", "lower", "upper", "level", "se", "observed",
    "lists", "model", "interval", "rhat", "ess", "warnings",
]  # fmt: skip


def combined(tables: Mapping[str, CaptureTable]) -> CaptureTable:
    """All strata's patterns in one table (the strata share their lists)."""
    parts = list(tables.values())
    if len(parts) == 1:
        return parts[0]
    return CaptureTable.from_patterns(
        parts[0].lists,
        np.concatenate([p.patterns for p in parts]),
        np.concatenate([p.counts for p in parts]),
        "all strata",
    )


def _rows(result: StratifiedEstimate) -> list[Estimate]:
    rows = list(result.strata.values())
    if len(rows) > 1:
        rows.append(result.total)
    return rows


def _fmt(x: float | None) -> str:
    return "—" if x is None or x != x else f"{x:,.0f}"


def markdown(
    result: StratifiedEstimate, tables: Mapping[str, CaptureTable], charts_made: list[str]
) -> str:
    """The report's Markdown text."""
    total = result.total
    lines = [
        "# Multiple systems estimate",
        "",
        f"**{total.method}** — N̂ = **{_fmt(total.point)}**, {total.level:.0%} interval "
        f"**{_fmt(total.lower)} – {_fmt(total.upper)}** ({total.interval}); "
        f"{total.observed:,} people documented on {len(total.lists)} lists.",
        "",
        "| stratum | documented | N̂ | lower | upper | s.e. | model |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for e in _rows(result):
        lines.append(
            f"| {e.stratum} | {e.observed:,} | {_fmt(e.point)} | {_fmt(e.lower)} | "
            f"{_fmt(e.upper)} | {_fmt(e.se)} | {e.model} |"
        )
    lines += ["", "## Settings", ""]
    lines += [f"- {k}: {v}" for k, v in total.settings.items()]
    lines += ["", "## Diagnostics", ""]
    for e in _rows(result):
        shown = {k: v for k, v in e.diagnostics.items() if not isinstance(v, list | dict)}
        lines.append(f"- {e.stratum}: " + ", ".join(f"{k} = {_short(v)}" for k, v in shown.items()))
    top = [e for e in result.strata.values() if e.diagnostics.get("top_models")]
    for e in top:
        lines += ["", f"### Log-linear models, {e.stratum}", ""]
        lines += [
            "| model | N̂ | s.e. | AIC | BIC | df | weight |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in e.diagnostics["top_models"]:
            lines.append(
                f"| {r['model']} | {r['n_hat']:,.1f} | {r['se']:,.1f} | {r['aic']:.2f} | "
                f"{r['bic']:.2f} | {r['df']} | {r['weight']:.3f} |"
            )
    warnings = list(dict.fromkeys(w for e in _rows(result) for w in e.warnings))
    lines += ["", "## Warnings", ""]
    lines += [f"- {w}" for w in warnings] or ["- none"]
    lines += ["", "## Lists", ""]
    for name, table in tables.items():
        totals = ", ".join(f"{k} {v:,}" for k, v in table.list_totals().items())
        lines.append(f"- {name}: {totals}; on two lists or more: {table.overlapping():,}")
    lines += ["", "## Charts", ""]
    lines += [f"![{c}]({c})" for c in charts_made]
    lines += ["", "See docs/estimate.md for the methods, their assumptions and how to read this."]
    return "\n".join(lines) + "\n"


def _short(v: object) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def write_report(
    result: StratifiedEstimate, tables: Mapping[str, CaptureTable], directory: str | Path
) -> list[Path]:
    """Write the report files into ``directory`` (created if missing); returns them."""
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInput(
            f"cannot create the report directory {out}: {err}", {str(out): str(err)}
        ) from err
    written: list[Path] = []
    made: list[str] = []
    total = result.total
    if total.draws is not None:
        written.append(charts.posterior_histogram(total, out / "posterior.png"))
        made.append("posterior.png")
    else:
        first = next(iter(result.strata.values()))
        if first.diagnostics.get("top_models"):
            written.append(charts.model_comparison(first, out / "models.png"))
            made.append("models.png")
    written.append(charts.overlap_chart(combined(tables), out / "overlap.png"))
    made.append("overlap.png")
    md = out / "estimate.md"
    md.write_text(markdown(result, tables, made), encoding="utf-8")
    with (out / "estimate.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for e in _rows(result):
            writer.writerow(
                {
                    "stratum": e.stratum,
                    "method": e.method,
                    "point": round(e.point, 1),
                    "lower": round(e.lower, 1),
                    "upper": round(e.upper, 1),
                    "level": e.level,
                    "se": None if e.se is None else round(e.se, 1),
                    "observed": e.observed,
                    "lists": " ".join(e.lists),
                    "model": e.model,
                    "interval": e.interval,
                    "rhat": e.diagnostics.get("rhat"),
                    "ess": e.diagnostics.get("ess"),
                    "warnings": " | ".join(e.warnings),
                }
            )
    (out / "estimate.json").write_text(
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [md, out / "estimate.csv", out / "estimate.json", *written]
