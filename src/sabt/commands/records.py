"""``sabt record``, ``sabt claim``, ``sabt import``, ``sabt records`` and
``sabt forget``: the who-did-what-to-whom model from the command line.

Every write is an event (docs/records.md). ``--reveal`` shows sensitive values
and logs the read as a ``record.revealed`` event.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from sabt.cli import state
from sabt.errors import InvalidInput


def actor() -> str:
    from sabt.case import default_actor

    return default_actor()


def _pairs(items: list[str] | None, opt: str) -> list[tuple[str, str]]:
    out = []
    errors = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            errors[f"{opt} {item}"] = "expected PROPERTY=VALUE"
            continue
        out.append((name.strip(), value))
    if errors:
        raise InvalidInput("cannot read the options:", errors)
    return out


def _fields(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in pairs:
        if name in fields:
            prev = fields[name]
            fields[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            fields[name] = value
    return fields


class _Reader:
    """The unseal function for a reader who asked to see sensitive values.

    It notes every subject whose sealed values it opens (a membership's page
    also opens the person it names), and ``log`` records them all in the
    ledger; commands call it before they print anything."""

    def __init__(self, ctx: typer.Context, rid: str | None, reveal: bool) -> None:
        self.ctx, self.rid, self.opened = ctx, rid, set[str]()
        self.unseal: Any = None
        if reveal:
            from sabt.records import store

            inner = store.unsealer(state(ctx).case())

            def unseal(subject: str, token: str, aad: bytes) -> str | None:
                self.opened.add(subject)
                return inner(subject, token, aad)  # type: ignore[no-any-return]

            self.unseal = unseal

    def log(self) -> None:
        if self.unseal is not None:
            body = {"subject": self.rid or "*", "subjects": sorted(self.opened)}
            state(self.ctx).case().append("record.revealed", body, actor=actor())


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _echo_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


Sets = Annotated[list[str] | None, typer.Option("--set", help="PROPERTY=VALUE (repeatable).")]
Source = Annotated[str | None, typer.Option("--source", "-s", help="The source making the claims.")]
Locator = Annotated[
    str,
    typer.Option(
        "--locator", "-l", help="Where in the source: p. 12, 00:12:31, offset 1024, row 7."
    ),
]
Cred = Annotated[
    str,
    typer.Option("--credibility", "-c", help="Information credibility 1-6 (6: cannot be judged)."),
]
Accept = Annotated[bool, typer.Option("--accept", help="Mark the claims reviewed and accepted.")]
Reveal = Annotated[
    bool, typer.Option("--reveal", help="Show sensitive values (the read is logged).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    rec = typer.Typer(
        help="Records: persons, organisations, posts, places, incidents, acts, sources, ...",
        no_args_is_help=True,
    )
    clm = typer.Typer(
        help="Claims: what a source says about a record, graded and located.", no_args_is_help=True
    )
    recs = typer.Typer(help="Records as a whole: export, sources, timelines.", no_args_is_help=True)

    @rec.command("add")
    def record_add(
        ctx: typer.Context,
        kind: Annotated[
            str,
            typer.Argument(
                help="person, organization, post, place, incident, act, involvement, membership, position_held or source."
            ),
        ],
        set_: Sets = None,
        source: Source = None,
        locator: Locator = "",
        credibility: Cred = "6",
        accept: Accept = False,
        protect: Annotated[
            bool,
            typer.Option(
                "--protect", help="A protected person: every value sealed, shown by pseudonym."
            ),
        ] = False,
        id: Annotated[
            str | None, typer.Option("--id", help="The record id (default: generated).")
        ] = None,
    ) -> None:
        """Create a record. A source's --set values are its catalogue entry; any
        other record's --set values are claims made by --source."""
        from sabt.records import store
        from sabt.records.vocab import kind as kind_of

        pairs = _pairs(set_, "--set")
        catalogue = kind_of(kind).catalogue
        rid = store.add_record(
            state(ctx).case(), kind, actor=actor(), fields=_fields(pairs) if catalogue else None,
            protected=protect, id=id, claims=[] if catalogue else pairs, source=source,
            locator=locator, credibility=credibility, review="accepted" if accept else "needs-work",
        )  # fmt: skip
        typer.echo(rid)

    @rec.command("show")
    def record_show(ctx: typer.Context, rid: str, reveal: Reveal = False, as_json: AsJson = False,
                    retracted: Annotated[bool, typer.Option("--retracted", help="Include retracted claims.")] = False) -> None:  # fmt: skip
        """Show a record: every value with its sources and grades, conflicts side by side."""
        from sabt.records import queries, show

        case = state(ctx).case()
        reader = _Reader(ctx, rid, reveal)
        unseal = reader.unseal
        with case.engine.connect() as conn:
            view = queries.record_view(conn, rid, unseal, retracted=retracted)
            spans = queries.timeline(conn, rid, unseal) if view.kind == "person" else []
            acts = (
                queries.involvements(conn, rid, unseal)
                if view.kind in ("person", "organization")
                else []
            )
        reader.log()
        if as_json:
            _echo_json(
                {
                    "record": asdict(view),
                    "timeline": [asdict(s) for s in spans],
                    "involved": [asdict(p) for p in acts],
                }
            )
            return
        if case.config.fictional:
            typer.echo("FICTIONAL CASE: invented demo data")
        for line in [*show.record(view), *show.timeline(spans), *show.parts(acts)]:
            typer.echo(line)

    @rec.command("edit")
    def record_edit(
        ctx: typer.Context,
        rid: str,
        set_: Sets = None,
        unset: Annotated[
            list[str] | None, typer.Option("--unset", help="Remove a source's field.")
        ] = None,
        protect: Annotated[
            bool | None, typer.Option("--protect/--unprotect", help="Protect a person's identity.")
        ] = None,
        source: Source = None,
        locator: Locator = "",
        credibility: Cred = "6",
        accept: Accept = False,
    ) -> None:
        """Change a source's catalogue fields or a person's protection; for any
        other record, --set adds claims by --source (a fact is never overwritten)."""
        from sabt.records import store
        from sabt.records.draft import ClaimInput

        case = state(ctx).case()
        pairs = _pairs(set_, "--set")
        with case.engine.connect() as conn:
            known = store.lookup(conn)(rid)
        from sabt.records.vocab import kind as kind_of

        if known is not None and not kind_of(known.kind).catalogue and pairs:
            if not source:
                raise InvalidInput("claims need a source: give --source SOURCE_ID.")
            review = "accepted" if accept else "needs-work"
            ids = store.add_claims(
                case,
                [
                    ClaimInput(rid, p, v, source, locator, credibility, review=review)
                    for p, v in pairs
                ],
                actor=actor(),
            )
            typer.echo("\n".join(ids))
            pairs = []
            if not unset and protect is None:
                return
        store.edit_record(
            case, rid, actor=actor(), fields=_fields(pairs), unset=unset or [], protected=protect
        )
        typer.echo(f"{rid} edited")

    @rec.command("list")
    def record_list(ctx: typer.Context, kind: Annotated[str | None, typer.Option("--kind", "-k")] = None,
                    reveal: Reveal = False, as_json: AsJson = False) -> None:  # fmt: skip
        """List records, with how many claims and conflicts each has."""
        from sabt.records import queries

        case = state(ctx).case()
        reader = _Reader(ctx, None, reveal)
        with case.engine.connect() as conn:
            rows = queries.list_records(conn, kind, reader.unseal)
        reader.log()
        if as_json:
            _echo_json(rows)
            return
        for r in rows:
            conflict = f", {r['conflicts']} in conflict" if r["conflicts"] else ""
            typer.echo(
                f"{r['id']}  {r['kind']}  {r['label']}  ({_n(r['claims'], 'claim')}{conflict})"
            )

    @clm.command("add")
    def claim_add(
        ctx: typer.Context,
        entity: str,
        prop: Annotated[str, typer.Argument(metavar="PROPERTY")],
        value: str,
        source: Annotated[str, typer.Option("--source", "-s", help="The source making the claim.")],
        locator: Locator = "",
        credibility: Cred = "6",
        denies: Annotated[
            bool,
            typer.Option("--denies", help="The source denies the value rather than affirming it."),
        ] = False,
        accept: Accept = False,
    ) -> None:
        """Record that SOURCE says (or, with --denies, disputes) that ENTITY's PROPERTY is VALUE."""
        from sabt.records import store
        from sabt.records.draft import ClaimInput

        c = ClaimInput(entity, prop, value, source, locator, credibility,
                       stance="denies" if denies else "affirms", review="accepted" if accept else "needs-work")  # fmt: skip
        typer.echo(store.add_claims(state(ctx).case(), [c], actor=actor())[0])

    @clm.command("list")
    def claim_list(
        ctx: typer.Context, entity: str, reveal: Reveal = False, as_json: AsJson = False
    ) -> None:
        """Every claim about a record, retracted ones included, in the order made."""
        from sabt.records import queries

        case = state(ctx).case()
        reader = _Reader(ctx, entity, reveal)
        with case.engine.connect() as conn:
            claims = queries.claims_of(conn, entity, reader.unseal)
        reader.log()
        if as_json:
            _echo_json([asdict(c) | {"grade": c.grade} for c in claims])
            return
        for c in claims:
            loc = f" {c.locator}" if c.locator else ""
            typer.echo(f"{c.id}  {c.property} {'≠' if c.stance == 'denies' else '='} {c.value}  "
                       f"{c.source} {c.grade}{loc}  {c.status}  by {c.analyst}")  # fmt: skip

    @clm.command("retract")
    def claim_retract(ctx: typer.Context, claim_id: str,
                      reason: Annotated[str, typer.Option("--reason", help="Why (kept in the log).")]) -> None:  # fmt: skip
        """Retract a claim (it stays in the log, marked retracted, with the reason)."""
        from sabt.records import store

        store.retract_claim(state(ctx).case(), claim_id, reason, actor=actor())
        typer.echo(f"{claim_id} retracted")

    @clm.command("review")
    def claim_review(ctx: typer.Context, claim_id: str,
                     review: Annotated[str, typer.Argument(help="accepted or needs-work")],
                     note: Annotated[str, typer.Option("--note")] = "") -> None:  # fmt: skip
        """Record an analyst's review of a claim."""
        from sabt.records import store

        store.review_claim(state(ctx).case(), claim_id, review, note, actor=actor())
        typer.echo(f"{claim_id} {review}")

    @app.command("import")
    def import_(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="A .csv, .tsv, .xlsx or .jsonl file.")],
        mapping: Annotated[
            Path, typer.Option("--mapping", "-m", help="The TOML mapping (docs/records.md).")
        ],
        skip_bad: Annotated[
            bool, typer.Option("--skip-bad", help="Import the good rows and report the bad ones.")
        ] = False,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Validate only; write nothing.")
        ] = False,
    ) -> None:
        """Import records and claims from a file; the whole file is validated first."""
        from sabt.errors import InvalidInput as Bad
        from sabt.records import importer, store
        from sabt.records.mapping import Mapping

        case = state(ctx).case()
        m = Mapping.load(mapping)
        if dry_run:
            with case.engine.connect() as conn:
                p = importer.plan(file, m, store.lookup(conn))
            if p.errors:
                raise Bad(f"{file}: {len(p.bad_rows)} bad row(s):", p.errors)
            typer.echo(f"{file}: {len(p.rows)} rows, {p.claims} claims would be imported")
            return
        p = importer.run(case, file, m, actor=actor(), skip_bad=skip_bad)
        typer.echo(f"{file}: imported {len(p.rows)} {m.kind} records with {p.claims} claims")
        if p.errors:
            typer.echo(f"skipped {len(p.bad_rows)} bad row(s):", err=True)
            for where, what in p.errors.items():
                typer.echo(f"  {where}: {what}", err=True)

    @recs.command("export")
    def records_export(
        ctx: typer.Context,
        format: Annotated[
            str,
            typer.Option("--format", "-f", help="ftm (FollowTheMoney JSON lines), csv or jsonl."),
        ] = "ftm",
        out: Annotated[
            Path | None,
            typer.Option("--out", "-o", help="Write to this file (default: standard output)."),
        ] = None,
    ) -> None:
        """Export every record: FollowTheMoney entities for Aleph, or claims as CSV / JSON Lines."""
        from sabt.records import export, ftm

        case = state(ctx).case()
        if format not in ("ftm", "csv", "jsonl"):
            raise InvalidInput(f"--format must be ftm, csv or jsonl; found {format!r}.")
        with case.engine.connect() as conn:
            if format == "ftm":
                chunks = [line + "\n" for line in ftm.lines(conn, fictional=case.config.fictional)]
            elif format == "csv":
                chunks = list(export.csv_lines(conn))
            else:
                chunks = list(export.jsonl_lines(conn))
        body = {"format": format, "to": str(out) if out else "-"}
        if out is None:
            case.append("records.exported", body, actor=actor())
            sys.stdout.write("".join(chunks))
            return
        # Written beside the target first, so a file that cannot be written is
        # an error before anything is logged, and a logged export is complete.
        tmp = out.with_name(f".{out.name}.partial")
        try:
            tmp.write_text("".join(chunks), "utf-8")
        except OSError as e:
            raise InvalidInput(
                f"{out}: cannot write the export ({e.strerror}); nothing was exported."
            ) from e
        try:
            case.append("records.exported", body, actor=actor())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, out)
        typer.echo(f"wrote {out}", err=True)

    @recs.command("sources")
    def records_sources(ctx: typer.Context, as_json: AsJson = False) -> None:
        """List the sources, their grades, how many claims cite each, and their evidence files."""
        from sabt.records import queries

        with state(ctx).case().engine.connect() as conn:
            rows = queries.source_list(conn)
        if as_json:
            _echo_json(rows)
            return
        for r in rows:
            origin = f" from {r['origin']}" if r.get("origin") else ""
            typer.echo(
                f"{r['id']}  {r.get('reliability', '?')}  {r.get('type', '?')}  “{r.get('title')}”{origin}  ({_n(r['claims'], 'claim')})"
            )
            for e in r["evidence"]:
                typer.echo(f"    evidence {e['hash'][:16]}…  {e['name']}  {e['media_type']}")

    @recs.command("timeline")
    def records_timeline(ctx: typer.Context, person: str, reveal: Reveal = False) -> None:
        """A person's roles then and offices later, side by side, with sources."""
        from sabt.records import queries, show

        reader = _Reader(ctx, person, reveal)
        with state(ctx).case().engine.connect() as conn:
            name = queries.label(conn, person, reader.unseal)
            spans = queries.timeline(conn, person, reader.unseal)
        reader.log()
        typer.echo(f"{person}  {name}")
        for line in show.timeline(spans):
            typer.echo(line)

    @app.command("forget")
    def forget(ctx: typer.Context, subject: str,
               yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False) -> None:  # fmt: skip
        """Crypto-shred SUBJECT: destroy its key so its sealed values can never be read again."""
        from sabt.records import store

        if not yes:
            typer.confirm(
                f"Destroy the key of {subject}? Its sealed values become unrecoverable.", abort=True
            )
        store.forget(state(ctx).case(), subject, actor=actor())
        typer.echo(f"{subject}: key destroyed; its sealed values are unrecoverable")

    app.add_typer(rec, name="record")
    app.add_typer(clm, name="claim")
    app.add_typer(recs, name="records")
