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
from jinja2 import pass_context
from markupsafe import Markup

from sabt.errors import InvalidInput
from sabt.web.csrf import csrf_token
from sabt.web.i18n import Translator, language

templates = Jinja2Templates(
    directory=str(__import__("pathlib").Path(__file__).parent / "templates")
)
templates.env.autoescape = True
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def bidi(value: object) -> Markup:
    """User text isolated from its surroundings (``<bdi>``, HTML §4.5.24): a Latin
    name in a Persian sentence, or the reverse, keeps its own direction and does
    not reorder the text around it."""
    return Markup("<bdi>{}</bdi>").format(value)


def bidi_join(values: list[object], sep: str = " · ") -> Markup:
    return Markup(sep).join(bidi(v) for v in values)


def ltr(value: object) -> Markup:
    """Dates, identifiers and figures: always left to right, isolated."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(value)


@pass_context
def date(context: Any, value: object) -> Markup:
    """A date as recorded (ISO, left to right); on Persian pages followed by its
    Solar Hijri reading (``sabt.names.PartialDate``), e.g. 1988-08-14 (۲۳ مرداد ۱۳۶۷)."""
    shown = ltr(value)
    if context.get("lang") != "fa":
        return shown
    try:
        from sabt.names import PartialDate

        jalali = PartialDate.parse(str(value)).format("jalali", script="persian")
    except (ImportError, ValueError, InvalidInput):
        return shown
    return shown + Markup(' <small class="muted">({})</small>').format(bidi(jalali))


templates.env.filters.update(bidi=bidi, bidi_join=bidi_join, ltr=ltr, date=date)

# (message key, path, roles allowed) in menu order; page modules add theirs.
NAV: list[tuple[str, str, tuple[str, ...]]] = []


# Menu order by what people come for; a path not listed goes at the end.
ORDER = [
    "/", "/search", "/family", "/persons", "/organisations", "/places", "/incidents", "/sources",
    "/evidence", "/review", "/estimates", "/map", "/timeline", "/ledger", "/admin/accounts", "/admin/audit",
]  # fmt: skip


def add_nav(key: str, path: str, roles: tuple[str, ...]) -> None:
    if all(p != path for _, p, _ in NAV):
        NAV.append((key, path, roles))
        NAV.sort(key=lambda item: ORDER.index(item[1]) if item[1] in ORDER else len(ORDER))


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
