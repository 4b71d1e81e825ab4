"""Every route × every role: a role without access gets 403, no session gets 401,
and neither response carries anything of the page asked for."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from webtools import csrf_of, login

from sabt.web.roles import ROLES
from sabt.web.routes import table

SAMPLE = {"seq": "1", "username": "admin", "path": "checkpoint"}


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE.get(m.group(1), "sample-id"), path)


def test_forbidden_routes_refuse_every_role_without_leaking(app) -> None:  # type: ignore[no-untyped-def]
    clients = {role: login(TestClient(app), role) for role in ROLES}
    clients[""] = TestClient(app)
    secret = "test-password"  # what an account page would show, were it leaked
    checked = 0
    for method, path, roles in table(app):
        if not roles:
            continue
        url = concrete(path)
        for role, client in clients.items():
            if role in roles:
                continue
            token = csrf_of(client.get("/login").text)
            before = app.state.case.size()
            r = client.request(method, url, data={"csrf": token} if method != "GET" else None)
            expected = 401 if role == "" else 403
            assert r.status_code == expected, (
                f"{method} {url} as {role or 'anonymous'}: {r.status_code}"
            )
            assert app.state.case.size() == before, f"{method} {url} as {role} wrote an event"
            assert secret not in r.text
            assert "<table" not in r.text, f"{method} {url} as {role} returned a table"
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("role", ROLES)
def test_json_api_refuses_with_json(app, role) -> None:  # type: ignore[no-untyped-def]
    client = login(TestClient(app), role)
    for method, path, roles in table(app):
        if path.startswith("/api/") and roles and role not in roles and method == "GET":
            r = client.get(concrete(path))
            assert r.status_code == 403 and r.json() == {
                "error": "Your role does not allow this.",
                "status": 403,
            }


def test_every_page_answers_every_allowed_role(linked_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each GET route, with real ids, for each role its guard allows: 200."""
    pytest.importorskip("sabt.vault.projection", reason="the vault package has not landed")
    from sabt.linkage import queries
    from sabt.vault.evidence import Provenance, add_file
    from sabt.web.pages.estimates import compute

    case = linked_app.state.case
    ids = linked_app.state.ids
    note = tmp_path / "note.txt"
    note.write_text("FICTIONAL note", "utf-8")
    item = add_file(case, note, Provenance(source="FICTIONAL"), actor="test")
    seq = compute(case, "loglinear", "", "test")
    with case.engine.connect() as conn:
        pair = queries.review_queue(conn, limit=1)[0]
    values = {
        "rid": ids["victim"], "hash": item.hash, "seq": str(seq), "name": "overlap", "a": pair["a"],
        "b": pair["b"], "username": "admin", "path": "checkpoint",
    }  # fmt: skip
    clients = {role: login(TestClient(linked_app), role) for role in ROLES}
    checked = 0
    for method, path, roles in table(linked_app):
        if method != "GET" or path.startswith("/static"):
            continue
        url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values[m.group(1)], path)
        url += (
            "?q=Hossein&name=Hossein"
            if path in ("/search", "/api/search", "/family", "/api/family")
            else ""
        )
        for role in roles or ROLES:
            r = clients[role].get(url)
            assert r.status_code == 200, f"GET {url} as {role}: {r.status_code} {r.text[:200]}"
            checked += 1
    assert checked > 100
