"""Serving the app with uvicorn (``sabt serve``, and the end of ``sabt demo``).

Session cookies are marked Secure unless the server listens on loopback over
plain HTTP (the demo, a laptop): a browser would not send a Secure cookie over
http://127.0.0.1 and nobody could log in. Behind a TLS-terminating proxy, pass
``--secure-cookies`` (docs/web.md).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

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


def serve(
    case: Case,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    secure_cookies: bool | None = None,
    public: bool | None = None,
    logins: Iterable[tuple[str, str, str]] = (),
) -> None:
    """Run the web app until interrupted; print its URL (and demo logins, if given)."""
    import uvicorn

    secure = (not is_loopback(host)) if secure_cookies is None else secure_cookies
    settings = Settings(
        secure_cookies=secure,
        public=bool(case.config.extra.get("web_public", False)) if public is None else public,
    )
    app = create_app(case, settings)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"sabt: serving {case.config.title or case.config.case} at http://{shown}:{port}/")
    for username, password, role in logins:
        typer.echo(f"  log in as {username} / {password}  ({role})")
    if not secure and not is_loopback(host):
        typer.echo("  warning: session cookies are not marked Secure; serve behind HTTPS", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
