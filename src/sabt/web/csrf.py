"""CSRF protection: a synchronizer token kept in the signed session.

Every page gets ``csrf_token(request)`` into its forms (a hidden ``csrf`` field)
and htmx sends it as the ``X-CSRF-Token`` header (set once in ``base.html``).
``csrf_protect`` is an app-wide dependency, so no state-changing route can
forget it: every POST, PUT, PATCH and DELETE must carry the session's token,
unless it authenticates with HTTP Basic (no cookie, so no cross-site forgery).
OWASP CSRF Prevention Cheat Sheet, "Synchronizer Token Pattern".
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from sabt.errors import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FIELD = "csrf"
HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def csrf_protect(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("basic "):
        return
    expected = request.session.get("csrf")
    given = request.headers.get(HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(str(expected), given):
        raise PermissionDenied(
            "The form's security token is missing or out of date. Reload the page and try again."
        )
