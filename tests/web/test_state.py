"""The web's working state (sessions, failed logins): migrated as declared, and
no part of the projections that ``sabt rebuild`` checks."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from webtools import csrf_of, login

from sabt.db.rebuild import rebuild
from sabt.web.state import metadata


def test_the_migrated_tables_match_their_declaration(app) -> None:  # type: ignore[no-untyped-def]
    with app.state.case.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = [d for d in diff if any(t.name in repr(d) for t in metadata.sorted_tables)]
    assert ours == []


def test_sessions_and_failures_do_not_upset_rebuild(app) -> None:  # type: ignore[no-untyped-def]
    login(TestClient(app), "admin")
    c = TestClient(app)
    token = csrf_of(c.get("/login").text)
    c.post("/login", data={"username": "admin", "password": "wrong-wrong", "csrf": token})
    report = rebuild(app.state.case)
    assert report.equal, report.differences
    assert not {"web_sessions", "web_login_failures"} & set(report.tables)
