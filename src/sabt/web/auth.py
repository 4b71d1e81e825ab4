"""Who is asking: the signed session cookie, or HTTP Basic for API scripts.

The session (Starlette's SessionMiddleware: an itsdangerous-signed cookie,
HttpOnly, SameSite=strict, Secure unless serving plain HTTP on loopback) holds
the account name, the account's ``epoch`` and a session id recorded in the
database (``sabt.web.sessions``). Every request checks the id, so logging out
ends the session even for a copy of the cookie, and re-reads the account, so
disabling it, or changing its role or password (each bumps the epoch), ends
its sessions at once.
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
    from sabt.web.cache import memo, note_log_size

    sid = request.session.get("sid")
    if not isinstance(sid, str):
        _forget(request)
        return None
    with request.app.state.case.engine.connect() as conn:
        alive = request.app.state.sessions.valid(sid, name, conn)
        note_log_size(request, conn)  # the page cache needs it next
    if not alive:
        _forget(request)  # logged out (perhaps from another copy of the cookie), or expired
        return None
    # Accounts change only through events, so the lookup is cached by the case's version.
    account = memo(request, ("account", name), lambda: accounts.get(request.app.state.case, name))
    if account is None or not account.active or account.epoch != request.session.get("epoch"):
        request.app.state.sessions.end(sid)
        _forget(request)
        return None
    return Principal(account.username, account.role, account.epoch)


def _forget(request: Request) -> None:
    for key in ("user", "epoch", "sid"):
        request.session.pop(key, None)


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
    sid = request.app.state.sessions.start(who.username)
    request.session.update(user=who.username, epoch=who.epoch, sid=sid)
    if lang:
        request.session["lang"] = lang
    request.state.principal = who


def log_out(request: Request) -> None:
    """End the session here and on the server: a copy of the cookie is refused too."""
    sid = request.session.get("sid")
    if isinstance(sid, str):
        request.app.state.sessions.end(sid)
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
