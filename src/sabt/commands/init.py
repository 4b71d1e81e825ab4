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
        key_file: Annotated[
            str | None,
            typer.Option(
                "--key-file",
                help="Lock the vault with this key file instead of a passphrase (made with 32 random bytes if missing; keep it outside the data directory).",
            ),
        ] = None,
    ) -> None:
        """Create a data directory: configuration, log signing key, database and an empty signed log.

        The vault keys are locked by SABT_PASSPHRASE, --key-file / SABT_KEY_FILE, or a
        passphrase asked twice at the prompt. Refuses to touch a directory that
        already holds a case."""
        from pathlib import Path

        from sabt.case import Case
        from sabt.datadir import DataDir
        from sabt.errors import ConfigError
        from sabt.vault.keys import KeyRing, write_key_file
        from sabt.vault.unlock import prepare

        st = state(ctx)
        out = Console()
        directory = DataDir(st.data)
        if directory.exists():  # before asking for a passphrase
            raise ConfigError(
                f"{directory.root} already holds a sabt case; refusing to overwrite it."
            )
        keys_dir = directory.keys
        if key_file is not None and not Path(key_file).expanduser().exists():
            made = write_key_file(key_file)
            out.print(
                f"Created key file {made}: keep it safe; without it the evidence cannot be read.",
                soft_wrap=True,
                highlight=False,
            )
        credentials = prepare(keys_dir, key_file)
        with Case.init(st.data, origin=origin, case=case, title=title) as c:
            KeyRing.create(keys_dir, **credentials)  # type: ignore[arg-type]
            out.print(f"Created case [bold]{c.config.case}[/] in {c.dir.root}")
            out.print(f"Log origin: {c.config.origin}")
            out.print(f"Log verifier key (give it to witnesses): {c.vkey}", soft_wrap=True)
