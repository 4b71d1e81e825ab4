"""``sabt estimate``: multiple systems estimation from a CSV of capture patterns.

Prints a table (or ``--json``) with the point, the interval, the method and
model, the settings, the diagnostics and the warnings, and optionally writes a
report directory (tables and charts). ``sabt clusters estimate`` estimates from a
case's linkage clusters with the same options, defaults and output: both build
their capture tables, then call :func:`options` and :func:`run` here.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from sabt.errors import InvalidInput

if TYPE_CHECKING:
    from sabt.estimate import Options
    from sabt.estimate.captures import CaptureTable


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


# The options of every estimating command (`sabt estimate` and `sabt clusters
# estimate`): their types and help are declared once here, and both build their
# Options and print their result in one place. The defaults are written in each
# signature (not read from LcmcrSettings, which would import numpy at start-up);
# tests/estimate checks that both commands offer the same ones.
Method = Annotated[
    MethodChoice,
    typer.Option(help="loglinear (AIC/BIC-selected models) or lcmcr (Bayesian latent classes)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Report = Annotated[
    Path | None, typer.Option(help="Write a report directory: Markdown, CSV, JSON and charts.")
]
Level = Annotated[float, typer.Option(help="Interval level.")]
Seed = Annotated[int | None, typer.Option(help="Random seed (lcmcr); reported when drawn.")]
Chains = Annotated[int, typer.Option(help="Independent chains (lcmcr).")]
BurnIn = Annotated[int, typer.Option(help="Burn-in iterations per chain (lcmcr).")]
Iterations = Annotated[
    int,
    typer.Option(help="Iterations per chain after burn-in (lcmcr); draws = iterations / thin."),
]
Thin = Annotated[int, typer.Option(help="Keep every THIN-th iteration (lcmcr).")]
Classes = Annotated[
    int, typer.Option("--classes", "-K", help="Latent classes K, the truncation (lcmcr).")
]
AAlpha = Annotated[float, typer.Option(help="Shape of α's Gamma prior (lcmcr).")]
BAlpha = Annotated[float, typer.Option(help="Rate of α's Gamma prior (lcmcr).")]
Criterion = Annotated[CriterionChoice, typer.Option(help="Model selection criterion (loglinear).")]
Average = Annotated[
    bool, typer.Option("--average", help="Report the criterion-weighted model average (loglinear).")
]
Search = Annotated[
    SearchChoice,
    typer.Option(help="Model search: exhaustive up to 4 lists, stepwise beyond (loglinear)."),
]


def options(
    *,
    method: MethodChoice,
    level: float,
    seed: int | None,
    chains: int,
    burn_in: int,
    iterations: int,
    thin: int,
    classes: int,
    a_alpha: float,
    b_alpha: float,
    criterion: CriterionChoice,
    average: bool,
    search: SearchChoice,
) -> Options:
    """The estimation options the command line chose."""
    from sabt.estimate import LcmcrSettings, Options

    if thin < 1 or iterations < 4 * thin:
        raise InvalidInput(
            f"--iterations ({iterations}) must give at least 4 draws per chain at --thin {thin}",
            {"--iterations": "at least 4 × --thin"},
        )
    return Options(
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


def run(
    tables: dict[str, CaptureTable], options: Options, report: Path | None, as_json: bool
) -> None:
    """Estimate every stratum and the total; print the table or JSON, write the report."""
    from sabt.estimate import estimate_strata

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
        method: Method = MethodChoice.lcmcr,
        as_json: AsJson = False,
        report: Report = None,
        level: Level = 0.95,
        seed: Seed = None,
        chains: Chains = 4,
        burn_in: BurnIn = 10_000,
        iterations: Iterations = 100_000,
        thin: Thin = 100,
        classes: Classes = 10,
        a_alpha: AAlpha = 0.25,
        b_alpha: BAlpha = 0.25,
        criterion: Criterion = CriterionChoice.bic,
        average: Average = False,
        search: Search = SearchChoice.auto,
    ) -> None:
        """Estimate the total number of victims from overlapping lists, with an interval.

        From a case's linkage clusters: `sabt clusters estimate`, same options."""
        from sabt.estimate import read_patterns

        chosen = options(
            method=method, level=level, seed=seed, chains=chains, burn_in=burn_in,
            iterations=iterations, thin=thin, classes=classes, a_alpha=a_alpha,
            b_alpha=b_alpha, criterion=criterion, average=average, search=search,
        )  # fmt: skip
        run(read_patterns(patterns), chosen, report, as_json)


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
