"""``sabt link`` and ``sabt linkage``: link attestations into persons, and check the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sabt.cli import state
from sabt.errors import InvalidInput


def _print_quality(report: dict[str, Any]) -> None:
    o = report["overall"]
    typer.echo(
        f"pairwise  precision {o['precision']:.4f}  recall {o['recall']:.4f}  F1 {o['f1']:.4f}\n"
        f"B-cubed   precision {o['bcubed_precision']:.4f}  recall {o['bcubed_recall']:.4f}  F1 {o['bcubed_f1']:.4f}  ({o['records']} attestations)"
    )
    for stratum, values in report["by_stratum"].items():
        typer.echo(f"by {stratum}:")
        for value, s in values.items():
            typer.echo(
                f"  {value:<18} n={s['records']:<6} F1 {s['f1']:.4f}  B-cubed F1 {s['bcubed_f1']:.4f}"
            )


def _quality(ctx: typer.Context, truth: Path, report_path: Path | None) -> None:
    from sabt.linkage import queries
    from sabt.linkage.quality import load_truth, report

    with state(ctx).case().engine.connect() as conn:
        predicted = {r["attestation"]: r["cluster"] for r in queries.export_rows(conn)}
    result = report(predicted, load_truth(truth))
    _print_quality(result)
    if report_path:
        report_path.write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def register(app: typer.Typer) -> None:
    @app.command()
    def link(
        ctx: typer.Context,
        backend: Annotated[
            str, typer.Option(help="Linkage engine: duckdb (in-process) or spark (local mode).")
        ] = "duckdb",
        threshold: Annotated[
            float,
            typer.Option(help="Match weight at or above which pairs link (-2 = probability 0.2)."),
        ] = -2.0,
        review_low: Annotated[
            float, typer.Option(help="Pairs with probability from here ...")
        ] = 0.05,
        review_high: Annotated[
            float, typer.Option(help="... to here go to the review queue.")
        ] = 0.8,
        allow_duplicates: Annotated[
            bool,
            typer.Option(
                "--allow-duplicates",
                help="Let one person hold two rows of one list (off: a list names a person once).",
            ),
        ] = False,
        truth: Annotated[
            Path | None,
            typer.Option(help="Truth file (from sabt simulate): print precision, recall and F1."),
        ] = None,
        report: Annotated[
            Path | None, typer.Option(help="Write the quality report (JSON) here; needs --truth.")
        ] = None,
    ) -> None:
        """Link every attestation into persons with splink; the run is recorded as events."""
        from sabt.linkage.run import link_case

        if report is not None and truth is None:
            raise InvalidInput(
                "--report needs --truth (the truth file `sabt simulate` wrote); nothing was linked."
            )
        s = link_case(
            state(ctx).case(),
            backend=backend,
            threshold=threshold,
            review=(review_low, review_high),
            one_per_list=not allow_duplicates,
        )
        typer.echo(
            f"{s.run} ({s.backend}): {s.attestations} attestations, {s.pairs} scored pairs stored, {s.clusters} persons, {s.review} pairs to review"
        )
        if truth:
            _quality(ctx, truth, report)

    group = typer.Typer(help="Linkage quality, charts and explanations.", no_args_is_help=True)

    @group.command("quality")
    def quality(
        ctx: typer.Context,
        truth: Annotated[
            Path,
            typer.Option(
                help="Truth file: list,row,person_id[,strata...] (sabt simulate writes one)."
            ),
        ],
        report: Annotated[
            Path | None, typer.Option(help="Also write the report as JSON here.")
        ] = None,
    ) -> None:
        """Pairwise and B-cubed precision, recall and F1 of the current clusters, overall and by stratum."""
        _quality(ctx, truth, report)

    @group.command("chart")
    def chart(
        ctx: typer.Context,
        out: Annotated[Path, typer.Option(help="PNG file to write.")] = Path("match-weights.png"),
    ) -> None:
        """Draw the latest run's match weights (one bar per comparison level) as a PNG."""
        from sabt.errors import NotFound
        from sabt.linkage.charts import match_weights_chart
        from sabt.linkage.projection import latest_run

        with state(ctx).case().engine.connect() as conn:
            run = latest_run(conn)
        if run is None:
            raise NotFound("No linkage run yet: run `sabt link` first.")
        match_weights_chart(json.loads(run.model), out)
        typer.echo(f"wrote {out}")

    @group.command("explain")
    def explain(
        ctx: typer.Context,
        a: Annotated[str, typer.Argument(help="First attestation id (LIST:ROW).")],
        b: Annotated[str, typer.Argument(help="Second attestation id (LIST:ROW).")],
        out: Annotated[
            Path | None, typer.Option(help="Also draw the waterfall as a PNG here.")
        ] = None,
    ) -> None:
        """Why two attestations scored as they did: prior, each comparison's weight, total."""
        from sabt.linkage.charts import waterfall_chart
        from sabt.linkage.explain import waterfall

        with state(ctx).case().engine.connect() as conn:
            w = waterfall(conn, a, b)
        typer.echo(f"{w['a']} ~ {w['b']} ({w['run']}{'' if w['stored'] else ', scored now'})")
        typer.echo(f"  {w['prior']:+7.2f}  prior")
        for s in w["steps"]:
            typer.echo(f"  {s['weight']:+7.2f}  {s['comparison']}: {s['level']}")
        typer.echo(f"  {w['total']:+7.2f}  total: match probability {w['probability']:.4f}")
        if out:
            waterfall_chart(w, out)
            typer.echo(f"wrote {out}")

    app.add_typer(group, name="linkage")
