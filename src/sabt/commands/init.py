"""``sabt init``: create a data directory."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from sabt.cli import state


def register(app: typer.Typer) -> None:
    @app.command()
    def init(
        ctx: typer.Context,
        origin: Annotated[
            str, typer.Option(help="The log's name in its checkpoints, e.g. example.org/case-1988.")
        ],
        case: Annotated[str, typer.Option(help="A short id for the case, carried by every event.")],
        title: Annotated[str, typer.Option(help="A human-readable title.")] = "",
    ) -> None:
        """Create a data directory: configuration, log signing key, database and an empty signed log.

        Refuses to touch a directory that already holds a case."""
        from sabt.case import Case

        st = state(ctx)
        with Case.init(st.data, origin=origin, case=case, title=title) as c:
            out = Console()
            out.print(f"Created case [bold]{c.config.case}[/] in {c.dir.root}")
            out.print(f"Log origin: {c.config.origin}")
            out.print(f"Log verifier key (give it to witnesses): {c.vkey}", soft_wrap=True)
