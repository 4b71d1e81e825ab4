"""``sabt estimate``: multiple systems estimation from a CSV of capture patterns.

Prints a table (or ``--json``) with the point, the interval, the method and
model, the settings, the diagnostics and the warnings, and optionally writes a
report directory (tables and charts). Estimation from a case's linkage clusters
goes through :func:`sabt.estimate.estimate_from_memberships`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sabt.errors import InvalidInput


class MethodChoice(StrEnum):
    loglinear = "loglinear"
    lcmcr = "lcmcr"


class CriterionChoice(StrEnum):
    bic = "bic"
    aic = "aic"


class SearchChoice(StrEnum):
    auto = "auto"
    exhaustive = "exhaustive"
    stepwise = "stepwise"


def _num(x: float | None) -> str:
    return "—" if x is None or x != x else f"{x:,.0f}"


def register(app: typer.Typer) -> None:
    @app.command("estimate")
    def estimate(
        patterns: Annotated[
            Path,
            typer.Option(
                "--patterns",
                help="CSV of capture patterns: one 0/1 column per list, a count column "
                "(Freq/count/n; without it one row per person) and optionally 'stratum'.",
            ),
        ],
        method: Annotated[
            MethodChoice,
            typer.Option(
                help="loglinear (AIC/BIC-selected models) or lcmcr (Bayesian latent classes)."
            ),
        ] = MethodChoice.lcmcr,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON instead of a table.")
        ] = False,
        report: Annotated[
            Path | None,
            typer.Option(help="Write a report directory: Markdown, CSV, JSON and charts."),
        ] = None,
        level: Annotated[float, typer.Option(help="Interval level.")] = 0.95,
        seed: Annotated[
            int | None, typer.Option(help="Random seed (lcmcr); reported when drawn.")
        ] = None,
        chains: Annotated[int, typer.Option(help="Independent chains (lcmcr).")] = 4,
        burn_in: Annotated[
            int, typer.Option(help="Burn-in iterations per chain (lcmcr).")
        ] = 10_000,
        iterations: Annotated[
            int,
            typer.Option(
                help="Iterations per chain after burn-in (lcmcr); draws = iterations / thin."
            ),
        ] = 100_000,
        thin: Annotated[int, typer.Option(help="Keep every THIN-th iteration (lcmcr).")] = 100,
        classes: Annotated[
            int, typer.Option("--classes", "-K", help="Latent classes K, the truncation (lcmcr).")
        ] = 10,
        a_alpha: Annotated[float, typer.Option(help="Shape of α's Gamma prior (lcmcr).")] = 0.25,
        b_alpha: Annotated[float, typer.Option(help="Rate of α's Gamma prior (lcmcr).")] = 0.25,
        criterion: Annotated[
            CriterionChoice, typer.Option(help="Model selection criterion (loglinear).")
        ] = CriterionChoice.bic,
        average: Annotated[
            bool,
            typer.Option(
                "--average", help="Report the criterion-weighted model average (loglinear)."
            ),
        ] = False,
        search: Annotated[
            SearchChoice,
            typer.Option(
                help="Model search: exhaustive up to 4 lists, stepwise beyond (loglinear)."
            ),
        ] = SearchChoice.auto,
    ) -> None:
        """Estimate the total number of victims from overlapping lists, with an interval."""
        from sabt.estimate import LcmcrSettings, Options, estimate_strata, read_patterns

        if thin < 1 or iterations < 4 * thin:
            raise InvalidInput(
                f"--iterations ({iterations}) must give at least 4 draws per chain at --thin {thin}",
                {"--iterations": "at least 4 × --thin"},
            )
        options = Options(
            method=method.value,  # type: ignore[arg-type]
            level=level,
            criterion=criterion.value,  # type: ignore[arg-type]
            average=average,
            search=search.value,  # type: ignore[arg-type]
            lcmcr=LcmcrSettings(
                k=classes,
                a_alpha=a_alpha,
                b_alpha=b_alpha,
                burnin=burn_in,
                samples=iterations // thin,
                thin=thin,
                chains=chains,
                seed=seed,
                level=level,
            ),
        )
        tables = read_patterns(patterns)
        result = estimate_strata(tables, options)
        written = []
        if report is not None:
            from sabt.estimate.report import write_report

            written = write_report(result, tables, report)
        if as_json:
            out = result.to_dict()
            if written:
                out["report"] = [str(p) for p in written]
            typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
            return
        _print_table(result, written)


def _print_table(result: object, written: list[Path]) -> None:
    from sabt.estimate import StratifiedEstimate

    assert isinstance(result, StratifiedEstimate)
    console = Console(highlight=False, soft_wrap=True)
    total = result.total
    table = Table(title=f"Multiple systems estimate ({total.method})", title_justify="left")
    for col, justify in (
        ("stratum", "left"),
        ("documented", "right"),
        ("N̂", "right"),
        (f"{total.level:.0%} interval", "right"),
        ("s.e.", "right"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    rows = list(result.strata.values())
    if len(rows) > 1:
        rows.append(total)
    for e in rows:
        table.add_row(
            e.stratum,
            f"{e.observed:,}",
            _num(e.point),
            f"{_num(e.lower)} – {_num(e.upper)}",
            _num(e.se),
        )
    console.print(table)
    console.print(f"method: {total.method}")
    for e in result.strata.values():
        console.print(f"model ({e.stratum}): {e.model}")
    console.print(f"interval: {total.interval}")
    settings = ", ".join(f"{k}={v}" for k, v in total.settings.items())
    console.print(f"settings: {settings}")
    for e in rows:
        diag = {k: v for k, v in e.diagnostics.items() if not isinstance(v, list | dict)}
        if diag:
            shown = ", ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in diag.items()
            )
            console.print(f"diagnostics ({e.stratum}): {shown}")
    warnings = list(dict.fromkeys(w for e in rows for w in e.warnings))
    for w in warnings:
        console.print(f"[yellow]warning:[/] {w}", markup=True)
    for path in written:
        console.print(f"wrote {path}")
