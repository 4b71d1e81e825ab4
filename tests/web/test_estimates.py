"""Estimates: an analyst computes one from the linkage clusters; it is recorded
as an event and shown, with its charts, to every role."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import login, post_form

pytest.importorskip("sabt.linkage.queries", reason="the linkage package has not landed")


def test_analyst_computes_and_everyone_reads(linked_app) -> None:  # type: ignore[no-untyped-def]
    case = linked_app.state.case
    analyst = login(TestClient(linked_app), "analyst")
    r = post_form(analyst, "/estimates", "/estimates", {"method": "loglinear", "stratum": ""})
    assert r.status_code == 200
    last = case.latest(1)[0]
    assert last.event.type == "estimate.recorded" and last.event.actor == "analyst"
    total = last.event.body["result"]["total"]
    assert total["point"] >= total["observed"] > 0
    assert f'id="estimate-{last.seq}"' in r.text and f"{total['observed']} documented" in r.text
    viewer = login(TestClient(linked_app), "viewer")
    page = viewer.get("/estimates").text
    assert f"/estimates/{last.seq}/overlap.png" in page and 'id="estimate-form"' not in page
    png = viewer.get(f"/estimates/{last.seq}/overlap.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert viewer.get(f"/estimates/{last.seq}/secrets.png").status_code == 404


def test_bad_input_and_other_roles_change_nothing(linked_app) -> None:  # type: ignore[no-untyped-def]
    case = linked_app.state.case
    before = case.size()
    analyst = login(TestClient(linked_app), "analyst")
    assert (
        post_form(analyst, "/estimates", "/estimates", {"method": "astrology"}).status_code == 422
    )
    assert (
        post_form(
            analyst, "/estimates", "/estimates", {"method": "loglinear", "stratum": "shoe"}
        ).status_code
        == 422
    )
    for role in ("viewer", "reviewer", "liaison"):
        c = login(TestClient(linked_app), role)
        assert post_form(c, "/estimates", "/estimates", {"method": "loglinear"}).status_code == 403
    assert case.size() == before
