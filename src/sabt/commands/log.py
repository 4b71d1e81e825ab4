"""``sabt log``, ``sabt verify``, ``sabt proof``, ``sabt rebuild``: the ledger from the CLI."""

from __future__ import annotations

import base64
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sabt.cli import state
from sabt.errors import IntegrityError, InvalidInput


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def register(app: typer.Typer) -> None:
    log = typer.Typer(
        help="The case's log: size, root, checkpoint and latest events.",
        invoke_without_command=True,
    )

    @log.callback()
    def show(
        ctx: typer.Context,
        latest: Annotated[
            int, typer.Option("--latest", "-n", help="How many recent events to list.")
        ] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Show the log's size, root, signed checkpoint and latest events."""
        if ctx.invoked_subcommand is not None:
            return
        case = state(ctx).case()
        cp = case.journal.checkpoint()
        recent = case.latest(latest)
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "origin": cp.origin,
                        "size": cp.size,
                        "root": _b64(cp.root),
                        "checkpoint": case.journal.checkpoint_path.read_text(),
                        "latest": [
                            {"seq": s.seq, "leaf_hash": s.leaf_hash.hex(), **s.event.to_dict()}
                            for s in recent
                        ],
                    },
                    ensure_ascii=False,
                )
            )
            return
        out = Console()
        out.print(f"[bold]{case.config.title or case.config.case}[/]  ({case.dir.root})")
        out.print(f"origin  {cp.origin}\nsize    {cp.size}\nroot    {_b64(cp.root)}")
        out.print("\n[bold]checkpoint[/]")
        out.print(case.journal.checkpoint_path.read_text(), markup=False, highlight=False)
        table = Table("seq", "at", "actor", "type", "leaf hash")
        for s in recent:
            table.add_row(
                str(s.seq), s.event.at, s.event.actor, s.event.type, s.leaf_hash.hex()[:16]
            )
        out.print(table)

    @log.command("vkey")
    def vkey(ctx: typer.Context) -> None:
        """Print the log's verifier key (C2SP signed-note form), for witnesses."""
        typer.echo(state(ctx).case().vkey)

    app.add_typer(log, name="log")

    @app.command()
    def verify(
        ctx: typer.Context,
        blobs: Annotated[
            str | None,
            typer.Option(
                "--blobs",
                help="Also decrypt and re-hash stored evidence: 'all', or 'sample N' for N random blobs.",
            ),
        ] = None,
        count: Annotated[
            int | None, typer.Argument(hidden=True, help="N for --blobs sample N.")
        ] = None,
    ) -> None:
        """Replay every event and check leaf hashes, tiles, root and the checkpoint signature.

        Exits 1 with a precise message on any mismatch (with --blobs: naming every
        missing or corrupt blob by hash and original file name). With --blobs,
        shredded items are listed as such (not damage), every one of them is
        checked to have lost its key, and a key that survived an interrupted
        shred is destroyed then."""
        from sabt.case import Case
        from sabt.events.verify import verify as run

        st = state(ctx)
        sample = None
        if blobs is not None:
            from sabt.vault.verify import parse_mode

            sample = parse_mode(blobs, count)
        elif count is not None:
            raise InvalidInput(f"Unexpected argument {count}: did you mean --blobs sample {count}?")
        with Case.open(st.data, publish=False) as case:
            report = run(case.journal)
            out = Console()
            out.print(
                f"[green]OK[/] {report.size} events; root {_b64(report.root)} matches the signed checkpoint; every tile verified."
            )
            for kind, n in sorted(report.types.items()):
                out.print(f"  {n:>9}  {kind}")
            if blobs is not None:
                from sabt.vault.verify import check_blobs, describe

                blob_report = check_blobs(case, sample)
                if not blob_report.ok:
                    raise IntegrityError(describe(blob_report))
                # The report quotes file names and shred reasons: never markup.
                out.print(
                    f"[green]OK[/] {escape(describe(blob_report))}", highlight=False, soft_wrap=True
                )

    proof = typer.Typer(
        help="Inclusion and consistency proofs (RFC 6962), from the tiles.", no_args_is_help=True
    )

    @proof.command("inclusion")
    def inclusion(
        ctx: typer.Context,
        index: Annotated[int, typer.Argument(help="The event's seq (leaf index).")],
        size: Annotated[
            int | None, typer.Option(help="Tree size (default: the current checkpoint's).")
        ] = None,
    ) -> None:
        """Prove that event INDEX is in the log: prints a verified proof as JSON."""
        from sabt.ledger import verify_inclusion

        case = state(ctx).case()
        cp = case.journal.checkpoint()
        n = cp.size if size is None else size
        if not 0 <= index < n or n > cp.size:
            raise InvalidInput(f"Need 0 <= index < size <= {cp.size}; got index {index}, size {n}.")
        path = case.journal.tiles.inclusion_proof(index, n)
        leaf = case.journal.tiles.leaf_hash(index)
        root = case.journal.tiles.root(n)
        verify_inclusion(leaf, index, n, path, root)
        typer.echo(
            json.dumps(
                {
                    "origin": cp.origin,
                    "index": index,
                    "size": n,
                    "leaf_hash": _b64(leaf),
                    "root": _b64(root),
                    "proof": [_b64(h) for h in path],
                },
                indent=2,
            )
        )

    @proof.command("consistency")
    def consistency(
        ctx: typer.Context,
        old: Annotated[int, typer.Argument(help="The older tree size.")],
        new: Annotated[
            int | None, typer.Argument(help="The newer tree size (default: current).")
        ] = None,
    ) -> None:
        """Prove that the log at size OLD is a prefix of the log at size NEW."""
        from sabt.ledger import verify_consistency

        case = state(ctx).case()
        cp = case.journal.checkpoint()
        n = cp.size if new is None else new
        if not 0 <= old <= n <= cp.size:
            raise InvalidInput(f"Need 0 <= OLD <= NEW <= {cp.size}; got {old}, {n}.")
        path = case.journal.tiles.consistency_proof(old, n)
        r1, r2 = case.journal.tiles.root(old), case.journal.tiles.root(n)
        verify_consistency(old, n, path, r1, r2)
        typer.echo(
            json.dumps(
                {
                    "origin": cp.origin,
                    "size1": old,
                    "size2": n,
                    "root1": _b64(r1),
                    "root2": _b64(r2),
                    "proof": [_b64(h) for h in path],
                },
                indent=2,
            )
        )

    app.add_typer(proof, name="proof")

    @app.command()
    def rebuild(
        ctx: typer.Context,
        replace: Annotated[
            bool,
            typer.Option(
                "--replace", help="Rebuild the live projection in place instead of comparing."
            ),
        ] = False,
    ) -> None:
        """Replay the log into a fresh projection and prove it equal to the live one."""
        from sabt.db.rebuild import rebuild as run

        report = run(state(ctx).case(), replace=replace)
        out = Console()
        for name, n in report.tables.items():
            out.print(f"  {n:>9}  {name}")
        if replace:
            out.print(f"[green]Rebuilt[/] the projection from {report.events} events.")
            return
        if not report.equal:
            lines = [
                f"{d.table}: {d.only_live} row(s) only in the live projection, {d.only_rebuilt} only in the rebuilt one; e.g. {d.example}"
                for d in report.differences
            ]
            raise IntegrityError(
                "The live projection differs from the one rebuilt from the log:\n  "
                + "\n  ".join(lines)
                + "\nRun `sabt rebuild --replace` to rebuild it from the log."
            )
        out.print(
            f"[green]OK[/] replayed {report.events} events; the rebuilt projection equals the live one."
        )
