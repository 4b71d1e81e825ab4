"""Logging in and out, and the interface language."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sabt.errors import NotAuthenticated
from sabt.web.auth import authenticate, log_in, log_out
from sabt.web.i18n import LANGUAGES
from sabt.web.roles import PUBLIC, allow_group
from sabt.web.views import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or scheme-relative URL (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


@router.get("/login", response_class=HTMLResponse, dependencies=[Depends(allow_group(PUBLIC))])
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=safe_next(next))


@router.post("/login", dependencies=[Depends(allow_group(PUBLIC))])
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        who = authenticate(request, username.strip(), password)
    except NotAuthenticated as e:
        status = e.status
        response = render(
            request,
            "login.html",
            status_code=status,
            error=e.message,
            username=username,
            next=safe_next(next),
        )
        if getattr(e, "retry_after", None):
            response.headers["Retry-After"] = str(e.retry_after)  # type: ignore[attr-defined]
        return response
    log_in(request, who)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(allow_group(PUBLIC))])
def logout(request: Request) -> Response:
    log_out(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/lang", dependencies=[Depends(allow_group(PUBLIC))])
def choose_language(
    request: Request, lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    if lang in LANGUAGES:
        request.session["lang"] = lang
    return RedirectResponse(safe_next(next), status_code=303)
