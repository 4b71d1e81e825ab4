"""The web application: FastAPI, server-rendered pages, and a JSON API under /api.

``create_app(case)`` builds the app over an open case. Page and API modules
live in ``sabt.web.pages`` and ``sabt.web.api``; each has a ``router`` and is
found by name, so a feature adds a module rather than editing this one. Every
route declares its roles (``sabt.web.roles``); CSRF is checked app-wide.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from sabt.errors import InvalidInput, NotAuthenticated, SabtError
from sabt.web.cache import PageCache
from sabt.web.csrf import csrf_protect
from sabt.web.ratelimit import LoginLimiter
from sabt.web.sessions import SessionStore

if TYPE_CHECKING:
    from sabt.case import Case

STATIC = Path(__file__).parent / "static"
SESSION_KEY_FILE = "web-session.key"


@dataclass(frozen=True)
class Settings:
    """``secure_cookies``: send the session cookie only over HTTPS (on unless serving
    plain HTTP on loopback). ``public``: anonymous visitors get the redacted
    ``viewer`` view instead of a login page (``web_public = true`` in config.toml)."""

    secure_cookies: bool = True
    public: bool = False
    session_hours: int = 8


def session_secret(case: Case) -> str:
    """The key that signs session cookies, made once per data directory (mode 0600)."""
    path = case.dir.keys / SESSION_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), "ascii")
        path.chmod(0o600)
    return path.read_text("ascii").strip()


# Page and API modules that show another package's data, and the module they
# need: while that package is not installed, its pages are left out (not faked).
NEEDS = {
    "records": "sabt.records.queries",
    "family": "sabt.records.queries",
    "search": "sabt.records.queries",
    "places": "sabt.records.queries",
    "records_api": "sabt.records.queries",
    "evidence": "sabt.vault.projection",
    "review": "sabt.linkage.queries",
    "estimates": "sabt.linkage.queries",
    "evidence_api": "sabt.vault.projection",
    "review_api": "sabt.linkage.queries",
    "estimates_api": "sabt.linkage.queries",
}


def _available(name: str) -> bool:
    need = NEEDS.get(name)
    if need is None:
        return True
    try:
        return importlib.util.find_spec(need) is not None
    except ModuleNotFoundError:
        return False


def _modules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return [
        f"{package}.{m.name}"
        for m in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name)
        if not m.name.startswith("_") and _available(m.name)
    ]


def create_app(case: Case, settings: Settings | None = None) -> FastAPI:
    import sabt.web.projection  # noqa: F401 - the accounts tables

    settings = settings or Settings(public=bool(case.config.extra.get("web_public", False)))
    app = FastAPI(
        title="sabt",
        summary="A tamper-evident evidence ledger: the JSON API",
        version="1",
        docs_url=None,  # Swagger UI loads from a CDN; the schema is at /api/openapi.json
        redoc_url=None,
        openapi_url="/api/openapi.json",
        swagger_ui_oauth2_redirect_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.case = case
    app.state.settings = settings
    app.state.limiter = LoginLimiter(case.engine)
    app.state.sessions = SessionStore(case.engine, settings.session_hours)
    app.state.cache = PageCache()
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(case),
        session_cookie="sabt_session",
        max_age=settings.session_hours * 3600,
        same_site="strict",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name in _modules("sabt.web.pages") + _modules("sabt.web.api"):
        app.include_router(importlib.import_module(name).router)
    _handle_errors(app)
    return app


class SecurityHeaders:
    """No framing, no sniffing, no referrer leaks; scripts only from this site."""

    HEADERS = [
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            b"script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
            b"form-action 'self'",
        ),
    ]

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.HEADERS
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith("/api")
        or "application/json" in request.headers.get("accept", "").split(",")[0]
    )


def _handle_errors(app: FastAPI) -> None:
    from sabt.web.views import render

    def respond(request: Request, status: int, detail: str, errors: dict[str, str]) -> Response:
        headers = {}
        retry = getattr(request.state, "retry_after", None)
        if retry:
            headers["Retry-After"] = str(retry)
        if _wants_json(request):
            body: dict[str, object] = {"error": detail, "status": status}
            if errors:
                body["errors"] = errors
            return JSONResponse(body, status_code=status, headers=headers)
        if status == 401:
            # The login form, with the 401: nothing about the page asked for.
            response = render(
                request, "login.html", status_code=401, next=request.url.path, error=detail
            )
        else:
            response = render(
                request,
                "error.html",
                status_code=status,
                status=status,
                detail=detail,
                errors=errors,
            )
        response.headers.update(headers)
        return response

    @app.exception_handler(SabtError)
    async def _sabt(request: Request, exc: SabtError) -> Response:
        if isinstance(exc, NotAuthenticated) and hasattr(exc, "retry_after"):
            request.state.retry_after = exc.retry_after
        errors = exc.errors if isinstance(exc, InvalidInput) else {}
        return respond(request, exc.status, exc.message, errors)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = {".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()}
        return respond(request, 422, "The request is not valid.", errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return respond(request, exc.status_code, str(exc.detail), {})
