"""Helpers for the web tests (imported as ``webtools``)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sabt.web.testing import PASSWORD

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login", data={"username": username, "password": password, "csrf": token, "next": "/"}
    )
    assert r.status_code == 200 and r.url.path == "/", (r.status_code, r.text[:300])
    return client


def post_form(client: TestClient, page: str, action: str, data: dict[str, str], **kw: object):  # type: ignore[no-untyped-def]
    """Submit a form the way a browser does: take the CSRF token from ``page``."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf": token}, **kw)
