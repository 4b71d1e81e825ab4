"""``sabt clusters``: persons as clusters of attestations — export, show and estimate."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sabt.cli import state
from sabt.commands import estimate as est
from sabt.errors import InvalidInput


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Persons as clusters of attestations.", no_args_is_help=True)

    @group.command("export")
    def export(
        ctx: typer.Context,
        format: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
        out: Annotated[
            Path | None, typer.Option(help="File to write (default: standard output).")
        ] = None,
    ) -> None:
        """One row per attestation: list, row, attestation id, cluster id and strata (the input to estimation)."""
        from sabt.linkage import queries

        if format not in ("csv", "json"):
            raise InvalidInput(f"Unknown format {format!r}; expected csv or json.")
        with state(ctx).case().engine.connect() as conn:
            rows = queries.export_rows(conn)
        stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            if format == "json":
                stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            else:
                w = csv.DictWriter(
                    stream,
                    fieldnames=["list", "row", "attestation", "cluster", *queries.STRATA],
                    lineterminator="\n",
                )
                w.writeheader()
                w.writerows(rows)
        finally:
            if out:
                stream.close()
        if out:
            typer.echo(f"wrote {len(rows)} rows to {out}")

    @group.command("show")
    def show(
        ctx: typer.Context,
        cluster: Annotated[str, typer.Argument(help="Cluster id (its smallest attestation id).")],
    ) -> None:
        """Every attestation of one person."""
        from sabt.linkage import queries

        with state(ctx).case().engine.connect() as conn:
            rows = queries.cluster_attestations(conn, cluster)
        for r in rows:
            raw = " | ".join(v for v in r["raw"].values() if v)
            typer.echo(f"{r['id']}\t{raw}")

    @group.command("estimate")
    def estimate(
        ctx: typer.Context,
        stratum: Annotated[
            str, typer.Option(help="Stratify by prison, city or affiliation; 'none' for one total.")
        ] = "none",
        method: est.Method = est.MethodChoice.lcmcr,
        as_json: est.AsJson = False,
        report: est.Report = None,
        level: est.Level = 0.95,
        seed: est.Seed = None,
        chains: est.Chains = 4,
        burn_in: est.BurnIn = 10_000,
        iterations: est.Iterations = 100_000,
        thin: est.Thin = 100,
        classes: est.Classes = 10,
        a_alpha: est.AAlpha = 0.25,
        b_alpha: est.BAlpha = 0.25,
        criterion: est.Criterion = est.CriterionChoice.bic,
        average: est.Average = False,
        search: est.Search = est.SearchChoice.auto,
    ) -> None:
        """Estimate the number of victims from the current clusters (multiple systems estimation).

        The options, defaults and output are those of `sabt estimate`; the
        capture patterns are the lists each cluster (person) is on."""
        from sabt.estimate.memberships import tables_from_memberships
        from sabt.linkage import queries

        if stratum not in ("none", *queries.STRATA):
            raise InvalidInput(
                f"Unknown stratum {stratum!r}; expected none, {', '.join(queries.STRATA)}."
            )
        chosen = est.options(
            method=method, level=level, seed=seed, chains=chains, burn_in=burn_in,
            iterations=iterations, thin=thin, classes=classes, a_alpha=a_alpha,
            b_alpha=b_alpha, criterion=criterion, average=average, search=search,
        )  # fmt: skip
        with state(ctx).case().engine.connect() as conn:
            members = queries.memberships(conn, None if stratum == "none" else stratum)
            names = queries.list_names(conn)
        if not members:
            raise InvalidInput("No attestations: import lists and run `sabt link` first.")
        est.run(tables_from_memberships(members, names), chosen, report, as_json)

    app.add_typer(group, name="clusters")
