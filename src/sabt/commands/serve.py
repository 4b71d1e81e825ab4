"""``sabt serve``: the web interface and JSON API over the data directory."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        secure_cookies: Annotated[
            bool | None,
            typer.Option(
                "--secure-cookies/--insecure-cookies",
                help="Mark the session cookie Secure (default: yes, unless listening on loopback).",
                show_default=False,
            ),
        ] = None,
        public: Annotated[
            bool | None,
            typer.Option(
                "--public/--private",
                help="Let anonymous visitors see the redacted public view (default: config web_public).",
                show_default=False,
            ),
        ] = None,
        workers: Annotated[
            int, typer.Option(help="Worker processes (each opens the case).", min=1)
        ] = 1,
    ) -> None:
        """Serve the web interface and the JSON API (/api; its OpenAPI description at /api/openapi.json)."""
        from sabt.cli import state
        from sabt.web.server import serve

        serve(
            state(ctx).case(),
            host,
            port,
            secure_cookies=secure_cookies,
            public=public,
            workers=workers,
        )
