"""Rendering: the Jinja2 environment and what every template receives.

Autoescaping is on for every template. Each template gets ``t`` (the message
catalogue of the request's language), ``user`` (the principal), ``csrf`` (the
form token), ``nav`` (the links the user's role may follow) and ``case`` (its
title and whether it is fictional).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from sabt.web.csrf import csrf_token
from sabt.web.i18n import Translator, language

templates = Jinja2Templates(
    directory=str(__import__("pathlib").Path(__file__).parent / "templates")
)
templates.env.autoescape = True
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True

# (message key, path, roles allowed) in menu order; page modules add theirs.
NAV: list[tuple[str, str, tuple[str, ...]]] = []


def add_nav(key: str, path: str, roles: tuple[str, ...]) -> None:
    if all(p != path for _, p, _ in NAV):
        NAV.append((key, path, roles))


def translator(request: Request) -> Translator:
    return Translator(language(request))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    from sabt.web.auth import current_principal

    t = translator(request)
    user = current_principal(request)
    config = request.app.state.case.config
    context.update(
        request=request,
        t=t,
        lang=t.lang,
        dir=t.dir,
        user=user,
        csrf=csrf_token(request),
        nav=[(k, p) for k, p, roles in NAV if not user.anonymous and user.may(roles)],
        case_title=config.title or config.case,
        fictional=config.fictional,
        path=request.url.path,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)
