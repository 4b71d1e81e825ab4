"""``sabt clusters``: persons as clusters of attestations — export and show."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sabt.cli import state
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

    app.add_typer(group, name="clusters")
