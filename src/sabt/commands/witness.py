"""``sabt witness``: cosign another sabt log's checkpoints, offline.

A witness keeps one state file (its cosignature/v1 key and, per log, the last
checkpoint it cosigned). ``cosign`` reads a log directory (``checkpoint`` and
``tile/``), checks the log's signature and that the new checkpoint extends the
last one cosigned (the consistency proof is computed from the tiles), then
prints the checkpoint with the witness's cosignature added. No case and no
network are needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sabt.errors import MalformedNote, NotFound
from sabt.ledger import TileLog
from sabt.ledger.witness import WitnessState

StateOption = Annotated[
    Path, typer.Option("--state", help="The witness state file (JSON, holds the witness key).")
]


def register(app: typer.Typer) -> None:
    witness = typer.Typer(
        help="Witness other logs: cosign checkpoints after checking consistency.",
        no_args_is_help=True,
    )

    @witness.command("init")
    def init(
        name: Annotated[
            str, typer.Option("--name", help="The witness key name, e.g. witness.example.org/w1.")
        ],
        state: StateOption,
    ) -> None:
        """Create a witness key and state file; print the witness's verifier key."""
        typer.echo(WitnessState.create(state, name).signer.vkey)

    @witness.command("add-log")
    def add_log(
        state: StateOption,
        vkey: Annotated[str, typer.Option("--vkey", help="The log's verifier key (name+id+key).")],
        origin: Annotated[
            str | None,
            typer.Option("--origin", help="The log's checkpoint origin (default: the key name)."),
        ] = None,
    ) -> None:
        """Trust a log's signing key, so that its checkpoints can be cosigned."""
        added = WitnessState.load(state).add_log(vkey, origin)
        typer.echo(f"added log {added}")

    @witness.command("cosign")
    def cosign(
        state: StateOption,
        log_dir: Annotated[
            Path, typer.Option("--log-dir", help="A log directory with checkpoint and tile/.")
        ],
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Also write the cosigned checkpoint to this file."),
        ] = None,
    ) -> None:
        """Verify a log's checkpoint against the last one cosigned, and cosign it."""
        checkpoint = log_dir / "checkpoint"
        try:
            note = checkpoint.read_text(encoding="utf-8")
        except FileNotFoundError as e:
            raise NotFound(f"no checkpoint at {checkpoint}") from e
        except UnicodeDecodeError as e:
            raise MalformedNote(
                f"{checkpoint} is not UTF-8 text, so not a signed checkpoint"
            ) from e
        cosigned = WitnessState.load(state).cosign(note, TileLog(log_dir))
        if out is not None:
            out.write_text(cosigned, encoding="utf-8")
        typer.echo(cosigned, nl=False)

    app.add_typer(witness, name="witness")
