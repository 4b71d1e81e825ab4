"""The review queue: a reviewer sees both entries side by side with the model's
reasons and accepts or rejects the pair; the decision is an event."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import login, post_form

pytest.importorskip("sabt.linkage.queries", reason="the linkage package has not landed")


def _queue(app):  # type: ignore[no-untyped-def]
    from sabt.linkage import queries

    with app.state.case.engine.connect() as conn:
        return queries.review_queue(conn, limit=None)


def test_reviewer_accepts_then_rejects_pairs(linked_app) -> None:  # type: ignore[no-untyped-def]
    queue = _queue(linked_app)
    assert len(queue) >= 2
    first, second = queue[0], queue[1]
    c = login(TestClient(linked_app), "reviewer")
    listing = c.get("/review").text
    assert f"/review/{first['a']}/{first['b']}" in listing and first["a_name"] in listing
    page = c.get(f"/review/{first['a']}/{first['b']}").text
    assert first["a"] in page and first["b"] in page and "Why the model thinks so" in page
    r = post_form(
        c,
        f"/review/{first['a']}/{first['b']}",
        f"/review/{first['a']}/{first['b']}",
        {"decision": "accept", "note": "same father, same prison"},
    )
    assert r.status_code == 200 and "Decision recorded" in r.text
    last = linked_app.state.case.latest(1)[0]
    assert last.event.type == "link.accepted" and last.event.actor == "reviewer"
    assert last.event.body["note"] == "same father, same prison"
    remaining = _queue(linked_app)
    assert (first["a"], first["b"]) not in {(p["a"], p["b"]) for p in remaining}
    r = post_form(
        c,
        f"/review/{second['a']}/{second['b']}",
        f"/review/{second['a']}/{second['b']}",
        {"decision": "reject"},
    )
    assert linked_app.state.case.latest(1)[0].event.type == "link.rejected"


def test_bad_decisions_and_other_roles_change_nothing(linked_app) -> None:  # type: ignore[no-untyped-def]
    pair = _queue(linked_app)[0]
    url = f"/review/{pair['a']}/{pair['b']}"
    before = linked_app.state.case.size()
    c = login(TestClient(linked_app), "reviewer")
    assert post_form(c, url, url, {"decision": "maybe"}).status_code == 422
    assert (
        post_form(c, url, f"/review/{pair['a']}/no-such-entry", {"decision": "accept"}).status_code
        == 404
    )
    for role in ("analyst", "liaison", "viewer"):
        other = login(TestClient(linked_app), role)
        assert other.get(url).status_code == 403
        assert post_form(other, "/", url, {"decision": "accept"}).status_code == 403
    assert linked_app.state.case.size() == before
