"""Serving the app with uvicorn (``sabt serve``, and the end of ``sabt demo``).

Session cookies are marked Secure unless the server listens on loopback over
plain HTTP (the demo, a laptop): a browser would not send a Secure cookie over
http://127.0.0.1 and nobody could log in. Behind a TLS-terminating proxy, pass
``--secure-cookies`` (docs/web.md).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer
from fastapi import FastAPI

from sabt.errors import NotAuthenticated
from sabt.web.app import Settings, create_app

if TYPE_CHECKING:
    from sabt.case import Case


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_ENV_DATA = "SABT_WEB_DATA"
_ENV_SECURE = "SABT_WEB_SECURE_COOKIES"
_ENV_PUBLIC = "SABT_WEB_PUBLIC"


def factory() -> FastAPI:
    """The app for one of several worker processes (uvicorn ``--workers``):
    each opens the case itself, from what ``serve`` put in the environment."""
    from sabt.case import Case

    case = Case.open(os.environ[_ENV_DATA])
    _unlock(case, prompt=False)  # SABT_PASSPHRASE or SABT_KEY_FILE: no prompt in a worker
    case.freeze_keys()
    settings = Settings(
        secure_cookies=os.environ[_ENV_SECURE] == "1", public=os.environ[_ENV_PUBLIC] == "1"
    )
    return create_app(case, settings)


def _unlock(case: Case, *, prompt: bool = True) -> None:
    """Unlock the vault now (SABT_PASSPHRASE, SABT_KEY_FILE, or with ``prompt``
    a prompt), not at the first request: evidence content and sealed values
    need it, and after this the server never tries again (``freeze_keys``). A
    locked vault is not fatal: the rest of the site works, and those pages say
    why not. A case with no vault keys yet gets them from the environment."""
    try:
        from sabt.vault.keys import VAULT_FILE
        from sabt.vault.unlock import ENV_KEY_FILE, ENV_PASSPHRASE, from_environment
    except ImportError:
        return
    from_env = from_environment()
    if not (case.dir.keys / VAULT_FILE).exists() and not from_env:
        return
    if not prompt and not from_env:
        typer.echo(
            f"  warning: with several workers the vault is unlocked only from {ENV_PASSPHRASE} "
            f"or {ENV_KEY_FILE}, and neither is set: evidence content and sealed values "
            "will not be shown.",
            err=True,
        )
        return
    try:
        case.keyring  # noqa: B018 - unlocks and keeps the keys
    except NotAuthenticated as e:
        typer.echo(
            f"  warning: {e} Evidence content and sealed values will not be shown.", err=True
        )


def serve(
    case: Case,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    secure_cookies: bool | None = None,
    public: bool | None = None,
    workers: int = 1,
    logins: Iterable[tuple[str, str, str]] = (),
) -> None:
    """Run the web app until interrupted; print its URL (and demo logins, if given).

    With ``workers > 1`` each worker process opens the case; appends from
    several processes are serialised by the database and the log's file lock."""
    import uvicorn

    secure = (not is_loopback(host)) if secure_cookies is None else secure_cookies
    settings = Settings(
        secure_cookies=secure,
        public=bool(case.config.extra.get("web_public", False)) if public is None else public,
    )
    _unlock(case, prompt=workers <= 1)  # the workers read the environment only
    case.freeze_keys()
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"sabt: serving {case.config.title or case.config.case} at http://{shown}:{port}/")
    for username, password, role in logins:
        typer.echo(f"  log in as {username} / {password}  ({role})")
    if not secure and not is_loopback(host):
        typer.echo("  warning: session cookies are not marked Secure; serve behind HTTPS", err=True)
    if workers > 1:
        os.environ[_ENV_DATA] = str(case.dir.root)
        os.environ[_ENV_SECURE] = "1" if settings.secure_cookies else "0"
        os.environ[_ENV_PUBLIC] = "1" if settings.public else "0"
        case.close()
        uvicorn.run(
            "sabt.web.server:factory",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
        )
        return
    uvicorn.run(
        create_app(case, settings), host=host, port=port, log_level="warning", proxy_headers=False
    )
