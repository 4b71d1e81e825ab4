"""``sabt lists``: import published victim lists (CSV, XLSX) as attestations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sabt.cli import state


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Published victim lists: import and inspect.", no_args_is_help=True)

    @group.command("import")
    def import_(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="The list: .csv or .xlsx, with a header row.")],
        name: Annotated[
            str, typer.Option("--list", help="A short name for the list (letters, digits, _ - .).")
        ],
        mapping: Annotated[
            Path,
            typer.Option(
                "--mapping",
                help="TOML file mapping sabt fields to the file's columns (see docs/linkage.md).",
            ),
        ],
        skip_bad: Annotated[
            bool,
            typer.Option(
                "--skip-bad",
                help="Import the good rows and report the bad ones, instead of importing nothing.",
            ),
        ] = False,
    ) -> None:
        """Import every row of a list as an attestation (validated first: all or nothing)."""
        from sabt.linkage.importer import import_list
        from sabt.linkage.mapping import Mapping

        m = Mapping.load(mapping)
        result = import_list(state(ctx).case(), file, name, m, skip_bad=skip_bad)
        typer.echo(
            f"imported {result.imported} attestations from {file.name} as list {result.list!r}"
        )
        if result.skipped:
            typer.echo(
                f"skipped {len({k.split(':')[0] for k in result.skipped})} bad row(s):", err=True
            )
            for where, what in result.skipped.items():
                typer.echo(f"  {where}: {what}", err=True)

    @group.command("show")
    def show(ctx: typer.Context) -> None:
        """List the imported lists with their row counts."""
        import sqlalchemy as sa

        from sabt.linkage.projection import lists

        with state(ctx).case().engine.connect() as conn:
            rows = conn.execute(sa.select(lists).order_by(lists.c.name)).all()
        if not rows:
            typer.echo("no lists imported yet")
        for r in rows:
            mark = " (fictional)" if r.fictional else ""
            typer.echo(
                f"{r.name}\t{r.rows} rows\t{r.skipped} skipped\t{r.file}\tsha256:{r.sha256[:16]}…{mark}"
            )

    @group.command("find")
    def find(
        ctx: typer.Context,
        name: Annotated[
            str,
            typer.Argument(
                help='A name, e.g. "علی کریمی فرزند حسن" or "Karimi, Ali son of Hassan".'
            ),
        ],
        limit: Annotated[int, typer.Option(help="How many rows to show.")] = 20,
    ) -> None:
        """Find the rows of every list that name someone like NAME, in either script."""
        from sabt.linkage import queries

        with state(ctx).case().engine.connect() as conn:
            hits = queries.find_attestations(conn, name, limit=limit)
        if not hits:
            typer.echo("no list names anyone like that")
        for h in hits:
            raw = " | ".join(v for v in h["raw"].values() if v)
            typer.echo(f"{h['score']:.2f}  {h['id']}  (person {h['cluster']})  {raw}")
            typer.echo(f"      {'; '.join(h['reasons'])}")

    app.add_typer(group, name="lists")
