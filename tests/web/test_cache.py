"""The page cache: kept across events that only record a reading, dropped by a change."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import login, post_form

from sabt.web.pages import places as places_page

pytest.importorskip("sabt.records.queries", reason="the records package has not landed")


@pytest.fixture
def computed(monkeypatch):  # type: ignore[no-untyped-def]
    """How many times the map's data was computed (not served from the cache)."""
    calls = []
    real = places_page.places

    def counting(conn):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(places_page, "places", counting)
    return calls


def test_a_reveal_keeps_the_cache_and_a_record_edit_empties_it(records_app, computed) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    case = records_app.state.case
    inv = login(TestClient(records_app), "investigator")
    assert inv.get("/map").status_code == 200 and inv.get("/map").status_code == 200
    assert len(computed) == 1
    size = case.size()
    r = post_form(
        inv,
        f"/records/{ids['witness']}",
        "/reveal",
        {"kind": "record", "ref": ids["witness"], "field": "name", "reason": "dossier"},
    )
    assert r.status_code == 200 and case.size() == size + 1  # the reading is in the ledger...
    assert "North Prison" in inv.get("/map").text
    assert len(computed) == 1  # ...and the map is still served from the cache
    r = post_form(
        inv,
        f"/records/{ids['prison']}",
        f"/records/{ids['prison']}/claims",
        {"property": "coordinates", "value": "35.81, 51.40", "source": ids["report"]},
    )
    assert r.status_code == 200
    assert "35.810000,51.400000" in inv.get("/map").text  # beside the other source's
    assert len(computed) == 2


def test_a_change_made_by_another_process_is_seen(records_app, computed) -> None:  # type: ignore[no-untyped-def]
    """Another worker, or the CLI, appends to the same log: the next page is fresh."""
    from sabt.records import store
    from sabt.records.draft import ClaimInput

    ids = records_app.state.ids
    viewer = login(TestClient(records_app), "viewer")
    viewer.get("/map")
    case = records_app.state.case
    case.append("ledger.verified", {"size": 1, "root": "00"}, actor="elsewhere")
    viewer.get("/map")
    assert len(computed) == 1
    store.add_claims(
        case,
        [ClaimInput(ids["cemetery"], "coordinates", "35.56, 51.53", ids["list"], "p. 9", 2)],
        actor="elsewhere",
    )
    assert "35.560000,51.530000" in viewer.get("/map").text and len(computed) == 2


def test_the_dashboard_shows_every_new_event(records_app) -> None:  # type: ignore[no-untyped-def]
    inv = login(TestClient(records_app), "investigator")
    assert "ledger.verified" not in inv.get("/").text
    records_app.state.case.append("ledger.verified", {"size": 1, "root": "00"}, actor="test")
    assert "ledger.verified" in inv.get("/").text


def test_pages_are_computed_off_the_event_loop(records_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A page's queries run in the thread pool: on the event loop they would hold
    up every other request until they finish."""
    import asyncio

    from sabt.web import family

    loops = []

    def spy(fn):  # type: ignore[no-untyped-def]
        def wrapped(*args):  # type: ignore[no-untyped-def]
            try:
                loops.append(asyncio.get_running_loop())
            except RuntimeError:
                loops.append(None)  # no loop in this thread: a worker thread
            return fn(*args)

        return wrapped

    monkeypatch.setattr(places_page, "places", spy(places_page.places))
    monkeypatch.setattr(places_page, "timeline", spy(places_page.timeline))
    monkeypatch.setattr(family, "sheet", spy(family.sheet))
    monkeypatch.setattr(family, "lookup", spy(family.lookup))
    c = login(TestClient(records_app), "investigator")
    for page in ("/map", "/timeline", f"/family/{records_app.state.ids['victim']}"):
        assert c.get(page).status_code == 200
    assert c.get("/family", params={"name": "Hossein"}).status_code == 200
    assert loops == [None, None, None, None]
