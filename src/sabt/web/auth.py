"""Who is asking: the signed session cookie, or HTTP Basic for API scripts.

The session (Starlette's SessionMiddleware: an itsdangerous-signed cookie,
HttpOnly, SameSite=strict, Secure unless serving plain HTTP on loopback) holds
the account name and the account's ``epoch``. Every request re-reads the
account, so disabling it, or changing its role or password (each bumps the
epoch), ends its sessions at once.
"""

from __future__ import annotations

import base64
import binascii

from fastapi import Request

from sabt.errors import NotAuthenticated
from sabt.web import accounts
from sabt.web.passwords import verify_password
from sabt.web.roles import ANONYMOUS, PUBLIC_VIEWER, Principal


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_principal(request: Request) -> Principal:
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    who = _basic(request) or _from_session(request)
    if who is None:
        who = PUBLIC_VIEWER if request.app.state.settings.public else ANONYMOUS
    request.state.principal = who
    return who


def _from_session(request: Request) -> Principal | None:
    name = request.session.get("user")
    if not isinstance(name, str):
        return None
    from sabt.web.cache import memo

    # Accounts change only through events, so the lookup is cached by the case's version.
    account = memo(request, ("account", name), lambda: accounts.get(request.app.state.case, name))
    if account is None or not account.active or account.epoch != request.session.get("epoch"):
        request.session.pop("user", None)
        request.session.pop("epoch", None)
        return None
    return Principal(account.username, account.role, account.epoch)


def _basic(request: Request) -> Principal | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        name, _, password = (
            base64.b64decode(header[6:], validate=True).decode("utf-8").partition(":")
        )
    except (binascii.Error, UnicodeDecodeError) as e:
        raise NotAuthenticated("The Authorization header is not valid HTTP Basic.") from e
    return authenticate(request, name, password)


def authenticate(request: Request, name: str, password: str) -> Principal:
    """The account, if the password matches; else ``NotAuthenticated``, counted by the limiter."""
    limiter = request.app.state.limiter
    address = client_address(request)
    wait = limiter.retry_after(address, name)
    if wait:
        raise TooManyAttempts(wait)
    account = accounts.get(request.app.state.case, name)
    ok = verify_password(account.password_hash if account else None, password)
    if not ok or account is None or not account.active:
        limiter.failed(address, name)
        raise NotAuthenticated("The name or password is wrong, or the account is disabled.")
    limiter.succeeded(name)
    return Principal(account.username, account.role, account.epoch)


def log_in(request: Request, who: Principal) -> None:
    lang = request.session.get("lang")
    request.session.clear()  # a fresh session and CSRF token: no fixation across the login
    request.session.update(user=who.username, epoch=who.epoch)
    if lang:
        request.session["lang"] = lang
    request.state.principal = who


def log_out(request: Request) -> None:
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    request.state.principal = ANONYMOUS


class TooManyAttempts(NotAuthenticated):
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many failed logins. Try again in {retry_after} seconds.")
        self.retry_after = retry_after
