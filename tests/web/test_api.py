"""The JSON API: same accounts and roles, HTTP Basic for scripts, the session
with an X-CSRF-Token header for the browser, and an OpenAPI schema."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from webtools import csrf_of, login

from sabt.web.testing import PASSWORD

pytest.importorskip("sabt.records.queries", reason="the records package has not landed")


def basic(role: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{role}:{PASSWORD}".encode()).decode()}


def test_script_adds_a_claim_with_http_basic(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = TestClient(records_app)
    claim = {
        "property": "birth_date",
        "value": "1959",
        "source": ids["list"],
        "locator": "row 17",
        "credibility": 3,
    }
    r = c.post(f"/api/records/{ids['victim']}/claims", json=claim, headers=basic("investigator"))
    assert r.status_code == 200 and r.json()["id"]
    record = c.get(f"/api/records/{ids['victim']}", headers=basic("analyst")).json()
    births = next(p for p in record["properties"] if p["name"] == "birth_date")
    assert births["values"][0]["value"] == "1959"
    bad = c.post(
        f"/api/records/{ids['victim']}/claims",
        json={**claim, "value": "soon"},
        headers=basic("investigator"),
    )
    assert bad.status_code == 422 and "errors" in bad.json()
    assert (
        c.post(
            f"/api/records/{ids['victim']}/claims", json=claim, headers=basic("analyst")
        ).status_code
        == 403
    )


def test_browser_session_needs_the_csrf_header(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = login(TestClient(records_app), "investigator")
    claim = {"property": "gender", "value": "male", "source": ids["list"]}
    before = records_app.state.case.size()
    assert c.post(f"/api/records/{ids['victim']}/claims", json=claim).status_code == 403
    assert records_app.state.case.size() == before
    token = csrf_of(c.get("/").text)
    r = c.post(f"/api/records/{ids['victim']}/claims", json=claim, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and records_app.state.case.size() == before + 1


def test_public_view_is_redacted_in_json_too(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = TestClient(records_app)
    witness = c.get(f"/api/records/{ids['witness']}", headers=basic("viewer")).json()
    text = str(witness)
    assert "Secret Witness Name" not in text and "000 FICTIONAL" not in text and "[sealed]" in text
    assert all(
        claim["analyst"] == ""
        for prop in witness["properties"]
        for value in prop["values"]
        for claim in value["claims"]
    )
    hits = c.get("/api/search", params={"q": "protected person"}, headers=basic("viewer")).json()[
        "hits"
    ]
    assert all(h["ref"] != ids["witness"] for h in hits)
    assert (
        c.get("/api/family", params={"name": "Hossein"}, headers=basic("viewer")).status_code == 403
    )


def test_openapi_lists_the_api(records_app) -> None:  # type: ignore[no-untyped-def]
    schema = TestClient(records_app).get("/api/openapi.json").json()
    for path in (
        "/api/me",
        "/api/records/{rid}",
        "/api/records/{rid}/claims",
        "/api/search",
        "/api/family",
    ):
        assert path in schema["paths"], path


def test_review_and_estimates_over_json(linked_app) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(linked_app)
    pairs = c.get("/api/review", headers=basic("reviewer")).json()["pairs"]
    a, b = pairs[0]["a"], pairs[0]["b"]
    r = c.post(
        f"/api/review/{a}/{b}",
        json={"decision": "reject", "note": "different fathers"},
        headers=basic("reviewer"),
    )
    assert r.status_code == 200 and r.json()["decision"]["decision"] == "non-match"
    assert (
        c.post(
            f"/api/review/{a}/{b}", json={"decision": "perhaps"}, headers=basic("reviewer")
        ).status_code
        == 422
    )
    assert c.get("/api/review", headers=basic("liaison")).status_code == 403
    assert c.get("/api/estimates", headers=basic("viewer")).json() == {"estimates": []}


def test_reviewers_notes_stay_with_staff(records_app) -> None:  # type: ignore[no-untyped-def]
    from sabt.records import store

    ids = records_app.state.ids
    c = TestClient(records_app)
    view = c.get(f"/api/records/{ids['victim']}", headers=basic("investigator")).json()
    claim = view["properties"][0]["values"][0]["claims"][0]
    store.review_claim(
        records_app.state.case, claim["id"], "accepted", "informant K., do not contact", actor="t"
    )
    staff = str(c.get(f"/api/records/{ids['victim']}", headers=basic("investigator")).json())
    public = str(c.get(f"/api/records/{ids['victim']}", headers=basic("viewer")).json())
    assert "informant K." in staff
    assert "informant K." not in public
