"""Server-side sessions: logging out revokes the session, copies of the cookie included."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from webtools import login, post_form

from sabt.web import accounts
from sabt.web.sessions import SessionStore
from sabt.web.state import sessions_table


def _with_cookie(app, cookie: str) -> TestClient:  # type: ignore[no-untyped-def]
    thief = TestClient(app)
    thief.cookies.set("sabt_session", cookie)
    return thief


def test_a_cookie_copied_before_logout_is_refused_after_it(app) -> None:  # type: ignore[no-untyped-def]
    admin = login(TestClient(app), "admin")
    copied = admin.cookies.get("sabt_session")
    assert copied
    assert _with_cookie(app, copied).get("/admin/accounts").status_code == 200  # the copy works
    r = post_form(admin, "/", "/logout", {})
    assert r.status_code == 200 and r.url.path == "/login"
    thief = _with_cookie(app, copied)
    page = thief.get("/admin/accounts")
    assert page.status_code == 401 and 'action="/login"' in page.text
    assert thief.get("/api/me").status_code == 401


def test_logging_out_ends_only_that_session(app) -> None:  # type: ignore[no-untyped-def]
    laptop, phone = login(TestClient(app), "analyst"), login(TestClient(app), "analyst")
    post_form(laptop, "/", "/logout", {})
    assert laptop.get("/").status_code == 401
    assert phone.get("/").status_code == 200


def test_disabling_an_account_refuses_a_copied_cookie(app) -> None:  # type: ignore[no-untyped-def]
    liaison = login(TestClient(app), "liaison")
    copied = liaison.cookies.get("sabt_session")
    accounts.set_active(app.state.case, "liaison", False, actor="test")
    assert _with_cookie(app, copied).get("/").status_code == 401
    # Enabled again, the old session stays ended (its epoch is gone and its row deleted).
    accounts.set_active(app.state.case, "liaison", True, actor="test")
    assert _with_cookie(app, copied).get("/").status_code == 401


def test_a_logout_in_one_worker_holds_in_every_other(tmp_path: Path, template_case: Path) -> None:
    from sabt.case import Case
    from sabt.web.app import Settings, create_app

    root = tmp_path / "case"
    shutil.copytree(template_case, root)
    one = create_app(Case.open(root), Settings(secure_cookies=False))
    two = create_app(Case.open(root), Settings(secure_cookies=False))
    try:
        c = login(TestClient(one), "investigator")
        copied = c.cookies.get("sabt_session")
        other = _with_cookie(two, copied)  # both workers sign with the data directory's key
        assert other.get("/").status_code == 200
        post_form(other, "/", "/logout", {})
        assert c.get("/").status_code == 401
    finally:
        one.state.case.close()
        two.state.case.close()


def test_a_session_ends_at_logout_or_at_the_latest_its_hours_after_login(
    db_url: str | None, tmp_path: Path
) -> None:
    from sabt.web.testing import new_case

    case = new_case(tmp_path / "case", database_url=db_url)
    try:
        _session_lifetime(case.engine)
    finally:
        case.close()


def _session_lifetime(engine) -> None:  # type: ignore[no-untyped-def]
    now = [1_000_000.0]
    store = SessionStore(engine, hours=8, clock=lambda: now[0])
    sid = store.start("analyst")
    assert store.valid(sid, "analyst")
    assert not store.valid(sid, "admin")  # a session names its account
    assert not store.valid(sid + "x", "analyst")
    now[0] += 8 * 3600 - 1
    assert store.valid(sid, "analyst")  # however busy, no later than this
    now[0] += 1
    assert not store.valid(sid, "analyst")
    other = store.start("analyst")  # ...and the expired one is swept away
    assert store.valid(other, "analyst")
    store.end(other)
    assert not store.valid(other, "analyst")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(sessions_table)).scalar() == 0


def test_a_cookie_without_a_server_session_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    """A cookie signed before sessions were recorded (or forged with the key but
    no login) names a user and epoch but no session the server knows."""
    import base64
    import json

    from itsdangerous import TimestampSigner

    from sabt.web.app import session_secret

    signer = TimestampSigner(session_secret(app.state.case))
    for session in ({"user": "admin", "epoch": 1}, {"user": "admin", "epoch": 1, "sid": "made-up"}):
        data = base64.b64encode(json.dumps(session).encode())
        cookie = signer.sign(data).decode()
        assert _with_cookie(app, cookie).get("/admin/accounts").status_code == 401
