"""``sabt add``, ``sabt show``, ``sabt custody``, ``sabt export``: the evidence vault.

``sabt custody shred`` destroys an item's key. The CLI has no accounts or
roles (those are the web's): whoever holds the data directory and the vault
passphrase administers the vault, and the actor recorded is ``SABT_ACTOR``,
else the login name.

Hashes may be given as any unambiguous prefix (at least 4 hex digits).
"""

from __future__ import annotations

import gc
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from typer.core import TyperGroup

from sabt.cli import state
from sabt.errors import InvalidInput


class _CustodyGroup(TyperGroup):
    """``sabt custody HASH`` shows the timeline; ``sabt custody add HASH …`` adds a
    step; ``sabt custody shred HASH …`` destroys the item's key."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["show", *args]
        return super().parse_args(ctx, args)


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _timeline_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("seq", "at", "event", "actor", "from", "to", "note / detail")
    for r in rows:
        detail = r["note"] or ""
        extra = ", ".join(f"{k}={v}" for k, v in r["detail"].items() if k not in ("path",))
        table.add_row(
            str(r["seq"]),
            r["at"],
            r["event"],
            r["actor"],
            r["from_party"] or "",
            r["to_party"] or "",
            "; ".join(x for x in (detail, extra) if x),
        )
    return table


def _json_default(value: Any) -> Any:
    return str(value)


def register(app: typer.Typer) -> None:
    @app.command()
    def add(
        ctx: typer.Context,
        paths: Annotated[
            list[str],
            typer.Argument(help="Files or directories (recursively); '-' reads standard input."),
        ],
        source: Annotated[
            str | None,
            typer.Option(help="Where the files came from (a person, organisation, URL)."),
        ] = None,
        collected_by: Annotated[
            str | None, typer.Option("--collected-by", help="Who collected them.")
        ] = None,
        collected_at: Annotated[
            str | None,
            typer.Option(
                "--collected-at", help="When they were collected: 1988-08-30 or an RFC 3339 time."
            ),
        ] = None,
        note: Annotated[
            str | None, typer.Option(help="A note kept with each file's intake.")
        ] = None,
        derived_from: Annotated[
            str | None,
            typer.Option(
                "--derived-from", help="HASH of the original these files are working copies of."
            ),
        ] = None,
        as_json: Annotated[
            bool,
            typer.Option("--json", help="Print one JSON object per file (hash, name, status)."),
        ] = False,
    ) -> None:
        """Add evidence: store each file encrypted under its SHA-256 and record it in the log.

        The type is read from the content; metadata (EXIF time, camera and GPS, PDF
        metadata and text, text encoding, duration) is kept with it. The same bytes
        added again get a custody event, not a copy. A file that cannot be read or is
        corrupt is named, the rest go on, and the command exits non-zero."""
        from sabt.vault.intake import expand
        from sabt.vault.unlock import unlock_early
        from sabt.vault.workers import start_describers

        sources, failures = expand(paths)
        # Started before anything heavy is imported, the case opened and the
        # vault unlocked, so that the workers' start-up runs meanwhile.
        describers = start_describers(len(sources))
        if describers is not None:  # also when opening the case fails
            ctx.call_on_close(lambda: describers.__exit__(None, None, None))
        unlocking = unlock_early(state(ctx).dir.keys)  # Argon2id while the case opens
        from sabt.vault.custody import resolve, shredded_items, shredded_on
        from sabt.vault.evidence import Provenance, add_sources

        case = state(ctx).case()
        if unlocking is not None:
            case.use_keyring(unlocking.result())
        original = resolve(case, derived_from) if derived_from else None
        provenance = Provenance(source, collected_by, collected_at, note, original)
        shredded = shredded_items(case)  # the same bytes again are not stored: say so
        out = Console()
        err = Console(stderr=True)
        for f in failures:
            _report_failure(out, err, as_json, f.name, f.problem)
        counts = {"added": 0, "duplicate": 0, "failed": len(failures)}
        total = sum(s.size or 0 for s in sources)
        # Everything imported and opened so far lives until the end: out of the
        # collector's sight, a batch's garbage collections no longer traverse
        # it (measured: 15 % of the appending thread's time, adding 888 notes).
        gc.freeze()
        columns = [
            TextColumn("adding {task.fields[done]}/{task.fields[files]} files"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
        ]
        with Progress(
            *columns, console=err, transient=True, disable=not err.is_terminal
        ) as progress:
            task = progress.add_task("adding", total=total or None, done=0, files=len(sources))

            def on_bytes(n: int) -> None:
                progress.advance(task, n)

            done = [0]

            def on_file() -> None:
                done[0] += 1
                progress.update(task, done=done[0])

            for result in add_sources(
                case,
                sources,
                provenance,
                on_bytes=on_bytes,
                on_file=on_file,
                describers=describers,
            ):
                counts[result.status] += 1
                if result.status == "failed":
                    failures.append(_failure(result.name, result.error or ""))
                    _report_failure(out, err, as_json, result.name, result.error or "")
                    continue
                gone = shredded.get(result.hash or "") if result.status == "duplicate" else None
                if as_json:
                    shown = result.to_json()
                    if gone is not None:
                        shown["shredded"] = shredded_on(gone)
                    out.print_json(json.dumps(shown, ensure_ascii=False), indent=None)
                    continue
                verb = "added" if result.status == "added" else "already held, custody recorded:"
                out.print(
                    f"{verb} {result.hash} {result.name} ({result.media_type}, {_size(result.size)})",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
                if gone is not None:
                    out.print(
                        f"  but its content was {shredded_on(gone)}; this copy was not kept",
                        highlight=False,
                        markup=False,
                        soft_wrap=True,
                    )
                for d in result.near:
                    out.print(
                        f"  near-duplicate of {d['hash'][:16]} ({d['name']}), distance {d['distance']}/64",
                        highlight=False,
                        markup=False,
                    )
        summary = f"{counts['added']} added, {counts['duplicate']} already held, {counts['failed']} failed"
        if failures:
            raise InvalidInput(
                f"{summary}. These files were not added:", {f.name: f.problem for f in failures}
            )
        err.print(summary, highlight=False)

    @app.command()
    def show(
        ctx: typer.Context,
        hash: Annotated[str, typer.Argument(help="The item's hash or an unambiguous prefix.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Show an item's metadata and chain of custody (and, if it was shredded, when, by whom and why)."""
        from sabt.vault.custody import readable_item, resolve, shredded_on, shredding, timeline

        case = state(ctx).case()
        full = resolve(case, hash)
        row, steps, shred = readable_item(case, full), timeline(case, full), shredding(case, full)
        if as_json:
            typer.echo(
                json.dumps(
                    {"evidence": row, "custody": steps, "shredded": shred},
                    ensure_ascii=False,
                    default=_json_default,
                )
            )
            return
        out = Console()
        fields = Table.grid(padding=(0, 2))
        for key in (
            "hash",
            "name",
            "media_type",
            "size",
            "path",
            "source",
            "collected_by",
            "collected_at",
            "note",
            "derived_from",
            "captured_at",
            "lat",
            "lon",
            "phash",
            "at",
            "actor",
            "seq",
        ):
            if row.get(key) is not None:
                fields.add_row(
                    key,
                    _size(row[key]) + f" ({row[key]:,} bytes)" if key == "size" else str(row[key]),
                )
        meta = {
            k: v
            for k, v in row["meta"].items()
            if k not in ("text", "text_unavailable", "phash", "gps", "captured_at")
        }
        for key, value in meta.items():
            fields.add_row(
                key,
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value),
            )
        if row["meta"].get("text"):
            text = row["meta"]["text"]
            fields.add_row("text", text[:300] + ("…" if len(text) > 300 else ""))
        elif row["meta"].get("text_unavailable"):
            fields.add_row("text", f"({row['meta']['text_unavailable']})")
        if shred is not None:
            fields.add_row("shredded", shredded_on(shred).removeprefix("shredded "))
        out.print(fields, markup=False, highlight=False)
        out.print("\n[bold]chain of custody[/]")
        out.print(_timeline_table(steps), markup=False)  # notes and reasons are not markup

    custody = typer.Typer(
        cls=_CustodyGroup,
        help="An item's chain of custody: `sabt custody HASH` prints it; `sabt custody add` adds a step; `sabt custody shred` destroys the item's key.",
        no_args_is_help=True,
    )

    @custody.command("show")
    def custody_show(
        ctx: typer.Context,
        hash: Annotated[str, typer.Argument(help="The item's hash or an unambiguous prefix.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Print the timeline: received, transferred, accessed, exported, derived, shredded."""
        from sabt.vault.custody import item, resolve, timeline

        case = state(ctx).case()
        full = resolve(case, hash)
        steps = timeline(case, full)
        if as_json:
            typer.echo(json.dumps(steps, ensure_ascii=False, default=_json_default))
            return
        out = Console()
        out.print(f"[bold]{full}[/] {escape(item(case, full)['name'])}", highlight=False)
        out.print(_timeline_table(steps), markup=False)  # notes and reasons are not markup

    @custody.command("add")
    def custody_add(
        ctx: typer.Context,
        hash: Annotated[str, typer.Argument(help="The item's hash or an unambiguous prefix.")],
        event: Annotated[
            str,
            typer.Option("--event", help="received, transferred, accessed, exported or derived."),
        ],
        to: Annotated[
            str | None,
            typer.Option("--to", help="Who or where it went (required for transferred)."),
        ] = None,
        from_: Annotated[
            str | None, typer.Option("--from", help="Who or where it came from.")
        ] = None,
        note: Annotated[str | None, typer.Option(help="What happened, and why.")] = None,
    ) -> None:
        """Record a custody step for an item (for example a hand-over of a copy)."""
        from sabt.vault.custody import record, resolve

        case = state(ctx).case()
        full = resolve(case, hash)
        stored = record(case, full, event, to=to, from_=from_, note=note)
        typer.echo(f"event {stored.seq} {event} {full}")

    @custody.command("shred")
    def custody_shred(
        ctx: typer.Context,
        hash: Annotated[str, typer.Argument(help="The item's hash or an unambiguous prefix.")],
        reason: Annotated[
            str,
            typer.Option(
                "--reason", help="Why its content must be destroyed (kept in the log for good)."
            ),
        ],
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    ) -> None:
        """Crypto-shred an item: destroy its key, so that no one can ever read its content again.

        The decision is recorded first, as a `shredded` custody step with the reason
        and the actor (SABT_ACTOR, else the login name); then the key is destroyed.
        Afterwards `sabt export` refuses the item, saying when, by whom and why, its
        extracted text leaves the projection and the search index, and `sabt verify
        --blobs` lists it as shredded. Its record stays: hash, name, size, metadata
        and custody. The log is never rewritten, so the item's `evidence.added`
        event still holds its name and metadata, which anyone who holds the
        database or a copy of the log can read; the text extracted at intake is
        there too, sealed under the destroyed key and so unreadable (in a case
        written before text was sealed, in plaintext, readable for good). If a
        shred was interrupted after its step was recorded, running it again (or
        `sabt verify --blobs`) destroys the key."""
        from sabt.case import default_actor
        from sabt.vault.custody import resolve, shred

        case = state(ctx).case()
        full = resolve(case, hash)

        def confirm(row: dict[str, Any]) -> None:
            if not yes:
                typer.confirm(
                    f"Shred {full} ({row['name']}, {_size(row['size'])})? "
                    "Its content can never be read again, by anyone.",
                    abort=True,
                )

        done = shred(case, full, reason, actor=default_actor(), confirm=confirm)
        if done.finished:
            typer.echo(
                f"finished the shred of {full} ({done.name}) recorded as event {done.seq}: "
                "its key had survived an interruption and is destroyed now"
            )
        else:
            typer.echo(f"shredded {full} ({done.name}): key destroyed; event {done.seq}")

    app.add_typer(custody, name="custody")

    @app.command()
    def export(
        ctx: typer.Context,
        hash: Annotated[str, typer.Argument(help="The item's hash or an unambiguous prefix.")],
        to: Annotated[str, typer.Option("--to", help="The file to write (must not exist).")],
        note: Annotated[str | None, typer.Option(help="Why, or for whom, it was exported.")] = None,
    ) -> None:
        """Decrypt an item to a file, re-verifying its hash on the way out, and log the export.

        A shredded item is refused, with when, by whom and why it was shredded."""
        from sabt.vault.custody import export as run
        from sabt.vault.custody import resolve

        case = state(ctx).case()
        full = resolve(case, hash)
        target, stored = run(case, full, to, note=note)
        typer.echo(f"exported {full} to {target} (verified; event {stored.seq})")


def _failure(name: str, problem: str) -> Any:
    from sabt.vault.intake import Failure

    return Failure(name, problem)


def _report_failure(out: Console, err: Console, as_json: bool, name: str, problem: str) -> None:
    if as_json:
        out.print_json(
            json.dumps({"name": name, "status": "failed", "error": problem}, ensure_ascii=False),
            indent=None,
        )
    err.print(f"error: {name}: {problem}", highlight=False, markup=False, soft_wrap=True)
