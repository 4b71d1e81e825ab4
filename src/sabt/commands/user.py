"""``sabt user``: web accounts. Every change is an event in the ledger."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from sabt.web.rolenames import ROLES


def _password(given: str | None) -> str:
    if given is not None:
        return given
    env = os.environ.get("SABT_PASSWORD")
    if env:
        return env
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _actor() -> str:
    from sabt.case import default_actor  # lazily: the CLI starts without the database layer

    return default_actor()


def register(app: typer.Typer) -> None:
    user = typer.Typer(help="Web accounts and their roles.", no_args_is_help=True)

    @user.command("add")
    def add(
        ctx: typer.Context,
        name: Annotated[
            str, typer.Argument(help="Account name (lower-case letters, digits, . _ -).")
        ],
        role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
        password: Annotated[
            str | None,
            typer.Option(
                help="The password (else SABT_PASSWORD, else asked for).", show_default=False
            ),
        ] = None,
    ) -> None:
        """Create an account with a role."""
        from sabt.cli import state
        from sabt.web import accounts

        account = accounts.create(
            state(ctx).case(), name, role, _password(password), actor=_actor()
        )
        typer.echo(f"created {account.username} ({account.role})")

    @user.command("list")
    def list_accounts(ctx: typer.Context) -> None:
        """List the accounts, their roles and whether they are active."""
        from sabt.cli import state
        from sabt.web import accounts

        for a in accounts.all_accounts(state(ctx).case()):
            typer.echo(f"{a.username}\t{a.role}\t{'active' if a.active else 'disabled'}")

    @user.command("role")
    def role(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="Account name.")],
        new_role: Annotated[
            str, typer.Argument(metavar="ROLE", help=f"One of: {', '.join(ROLES)}.")
        ],
    ) -> None:
        """Change an account's role (ends its sessions)."""
        from sabt.cli import state
        from sabt.web import accounts

        account = accounts.change_role(state(ctx).case(), name, new_role, actor=_actor())
        typer.echo(f"{account.username} is now {account.role}")

    @user.command("passwd")
    def passwd(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="Account name.")],
        password: Annotated[
            str | None, typer.Option(help="The new password.", show_default=False)
        ] = None,
    ) -> None:
        """Set an account's password (ends its sessions)."""
        from sabt.cli import state
        from sabt.web import accounts

        accounts.set_password(state(ctx).case(), name, _password(password), actor=_actor())
        typer.echo(f"password of {name} changed")

    @user.command("disable")
    def disable(
        ctx: typer.Context, name: Annotated[str, typer.Argument(help="Account name.")]
    ) -> None:
        """Disable an account (ends its sessions; it can be enabled again)."""
        from sabt.cli import state
        from sabt.web import accounts

        accounts.set_active(state(ctx).case(), name, False, actor=_actor())
        typer.echo(f"{name} disabled")

    @user.command("enable")
    def enable(
        ctx: typer.Context, name: Annotated[str, typer.Argument(help="Account name.")]
    ) -> None:
        """Enable a disabled account."""
        from sabt.cli import state
        from sabt.web import accounts

        accounts.set_active(state(ctx).case(), name, True, actor=_actor())
        typer.echo(f"{name} enabled")

    app.add_typer(user, name="user")
