"""``sabt note TEXT``: a case diary entry, the simplest event."""

from __future__ import annotations

from typing import Annotated

import typer

from sabt.cli import state
from sabt.errors import InvalidInput


def register(app: typer.Typer) -> None:
    @app.command()
    def note(
        ctx: typer.Context,
        text: Annotated[str, typer.Argument(help="The entry; '-' reads it from standard input.")],
    ) -> None:
        """Add an entry to the case diary."""
        if text == "-":
            text = typer.get_text_stream("stdin").read()
        if not text.strip():
            raise InvalidInput("A note must not be empty.")
        stored = state(ctx).case().append("note.added", {"text": text})
        typer.echo(f"event {stored.seq} {stored.leaf_hash.hex()}")
