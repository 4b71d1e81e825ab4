"""``sabt search``: full-text search from the command line, and rebuilding the index."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    search = typer.Typer(
        help="Full-text search over records, claims and evidence text.", no_args_is_help=True
    )

    @search.command("query")
    def query(
        ctx: typer.Context,
        text: Annotated[str, typer.Argument(help="Words or names, in Persian or Latin script.")],
        kind: Annotated[
            list[str] | None,
            typer.Option(help="Only this kind (person, place, evidence …); repeatable."),
        ] = None,
        limit: Annotated[int, typer.Option(help="At most this many hits.", min=1)] = 20,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Search (the index follows the log first): one hit a line, best first."""
        from sabt.cli import state
        from sabt.search import search as run
        from sabt.search.index import sync

        case = state(ctx).case()
        _unlock(case)
        sync(case)
        with case.engine.connect() as conn:
            hits = run(conn, text, kinds=tuple(kind) if kind else None, limit=limit)
        for h in hits:
            if as_json:
                typer.echo(
                    json.dumps(
                        {"kind": h.kind, "ref": h.ref, "title": h.title, "snippet": h.snippet},
                        ensure_ascii=False,
                    )
                )
            else:
                typer.echo(f"{h.kind}\t{h.ref}\t{h.title}\t{h.snippet}")

    @search.command("reindex")
    def reindex(ctx: typer.Context) -> None:
        """Drop the search index and build it again from the projections."""
        from sabt.cli import state
        from sabt.search.index import rebuild

        case = state(ctx).case()
        _unlock(case)
        n = rebuild(case)
        typer.echo(f"indexed {n} documents")

    app.add_typer(search, name="search")


def _unlock(case: Any) -> None:
    """Unlock the vault with SABT_PASSPHRASE or SABT_KEY_FILE when set (never a
    prompt), so that sealed evidence text is indexed; without them it is
    indexed later, by the first search made with the vault unlocked."""
    from sabt.vault.unlock import without_prompt

    if without_prompt(case.dir.keys):
        case.keyring  # noqa: B018 - unlocks and keeps the keys
