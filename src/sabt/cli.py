"""The ``sabt`` command: a Typer app assembled from ``sabt.commands``.

Each module in ``sabt/commands/`` registers its own commands, so a feature adds
a file rather than editing this one. Errors from sabt are printed as one clear
message (no traceback) and map to the exit code of their class.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

import sabt.commands
from sabt import datadir
from sabt.errors import SabtError

if TYPE_CHECKING:
    from sabt.case import Case

app = typer.Typer(
    name="sabt",
    help="sabt (ثبت): a tamper-evident evidence ledger for documenting mass atrocities.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True)


@dataclass
class State:
    """What every command gets in ``ctx.obj``: the chosen data directory, and
    the case opened from it on first use."""

    data: Path
    explicit: bool = False  # --data or SABT_DATA was given
    _case: Case | None = field(default=None, repr=False)

    @property
    def dir(self) -> datadir.DataDir:
        return datadir.DataDir(self.data)

    def case(self) -> Case:
        if self._case is None:
            from sabt.case import Case

            self._case = Case.open(self.data)
        return self._case

    def close(self) -> None:
        if self._case is not None:
            self._case.close()
            self._case = None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


@app.callback()
def _root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="SABT_DATA",
            help="Data directory (default ./sabt-data).",
            show_default=False,
        ),
    ] = None,
) -> None:
    ctx.obj = State(datadir.resolve(data), explicit=data is not None)
    ctx.call_on_close(ctx.obj.close)


def _register_commands() -> None:
    for mod in sorted(pkgutil.iter_modules(sabt.commands.__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"sabt.commands.{mod.name}")
        module.register(app)


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. Typer handles usage errors (exit 2); a ``SabtError`` is
    printed as one message and exits with its class's code."""
    try:
        app(args=argv, prog_name="sabt")
    except SabtError as e:
        err.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
