"""Logging in and out, sessions, CSRF and the login rate limit."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient
from webtools import csrf_of, login, post_form

from sabt.web import accounts
from sabt.web.testing import PASSWORD


def test_login_then_logout(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    assert c.get("/").status_code == 401
    login(c, "analyst")
    page = c.get("/")
    assert page.status_code == 200 and "analyst" in page.text
    cookie = c.cookies.get("sabt_session")
    assert cookie
    r = post_form(c, "/", "/logout", {})
    assert r.status_code == 200 and r.url.path == "/login"
    assert c.get("/").status_code == 401


def test_session_cookie_flags(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    r = c.get("/login")
    header = r.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header


def test_secure_flag_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sabt.web.app import Settings, create_app
    from sabt.web.testing import new_case

    case = new_case(tmp_path / "c")
    try:
        r = TestClient(create_app(case, Settings(secure_cookies=True))).get("/login")
        assert "secure" in r.headers["set-cookie"].lower()
    finally:
        case.close()


def test_wrong_password_is_refused_and_says_nothing_more(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = csrf_of(c.get("/login").text)
    wrong = c.post(
        "/login", data={"username": "admin", "password": "nope-nope-nope", "csrf": token}
    )
    unknown = c.post(
        "/login", data={"username": "nobody", "password": "nope-nope-nope", "csrf": token}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "wrong" in wrong.text
    assert c.get("/").status_code == 401


def test_login_is_rate_limited(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = csrf_of(c.get("/login").text)
    codes = [
        c.post(
            "/login", data={"username": "admin", "password": f"guess-{i}-xxxxx", "csrf": token}
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    # Even the right password is refused while the limit holds.
    r = c.post("/login", data={"username": "admin", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_form_without_csrf_token_changes_nothing(app, client_as) -> None:  # type: ignore[no-untyped-def]
    c = client_as("admin")
    before = app.state.case.size()
    r = c.post(
        "/admin/accounts", data={"username": "mallory", "role": "admin", "password": "x" * 12}
    )
    assert r.status_code == 403
    r = c.post(
        "/admin/accounts",
        data={"username": "mallory", "role": "admin", "password": "x" * 12, "csrf": "forged"},
    )
    assert r.status_code == 403
    assert app.state.case.size() == before
    assert accounts.get(app.state.case, "mallory") is None


def test_disabling_an_account_ends_its_session(app, client_as) -> None:  # type: ignore[no-untyped-def]
    liaison = client_as("liaison")
    assert liaison.get("/").status_code == 200
    accounts.set_active(app.state.case, "liaison", False, actor="test")
    assert liaison.get("/").status_code == 401
    # ...and it cannot log in again.
    token = csrf_of(liaison.get("/login").text)
    r = liaison.post("/login", data={"username": "liaison", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401


def test_role_change_takes_effect_at_once(app, client_as) -> None:  # type: ignore[no-untyped-def]
    admin = client_as("admin")
    analyst = client_as("analyst")
    assert analyst.get("/admin/accounts").status_code == 403
    r = post_form(
        admin, "/admin/accounts", "/admin/accounts/analyst", {"action": "role", "role": "viewer"}
    )
    assert r.status_code == 200
    assert accounts.get(app.state.case, "analyst").role == "viewer"
    # The old session (epoch 1) is gone; logging in again gives the new role.
    assert analyst.get("/").status_code == 401
    login(analyst, "analyst")
    assert "analyst · " + "Public view" in analyst.get("/").text


def test_open_redirect_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    token = csrf_of(c.get("/login").text)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        r = c.post(
            "/login",
            data={"username": "viewer", "password": PASSWORD, "csrf": token, "next": target},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/"
        token = csrf_of(c.get("/").text)


def test_http_basic_for_api_scripts(app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    good = base64.b64encode(f"analyst:{PASSWORD}".encode()).decode()
    bad = base64.b64encode(b"analyst:wrong-password").decode()
    assert c.get("/api/me", headers={"Authorization": f"Basic {good}"}).json()["role"] == "analyst"
    r = c.get("/api/me", headers={"Authorization": f"Basic {bad}"})
    assert r.status_code == 401 and r.json()["status"] == 401
    assert c.get("/api/me").status_code == 401


def test_public_view_when_configured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sabt.web.app import Settings, create_app
    from sabt.web.testing import new_case

    case = new_case(tmp_path / "c")
    try:
        c = TestClient(create_app(case, Settings(secure_cookies=False, public=True)))
        page = c.get("/")
        assert page.status_code == 200 and "Public view" in page.text
        assert c.get("/admin/accounts").status_code == 403
    finally:
        case.close()
