"""The family lookup: a name in either script, with the father's name, finds the
victim's record and the answer a family can be given."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import login

from support import counted

pytest.importorskip("sabt.records.queries", reason="the records package has not landed")


def test_persian_name_and_father_find_the_latin_record(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = login(TestClient(records_app), "liaison")
    r = c.get("/family", params={"name": "حسین رضایی", "father": "علی"})
    assert r.status_code == 200
    assert f"/family/{ids['victim']}" in r.text
    assert f"/family/{ids['namesake']}" not in r.text  # same name, another father


def test_latin_spelling_variant_finds_both_namesakes_without_a_father(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = login(TestClient(records_app), "liaison")
    r = c.get("/family", params={"name": "Hosein Rezaee"})
    assert f"/family/{ids['victim']}" in r.text and f"/family/{ids['namesake']}" in r.text
    assert "2 possible matches" in r.text
    none = c.get("/family", params={"name": "Nobody Atall"})
    assert "No record matches" in none.text


def test_the_sheet_gives_fate_date_place_burial_and_sources(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = login(TestClient(records_app), "liaison")
    sheet = c.get(f"/family/{ids['victim']}").text
    body = sheet[sheet.index('class="family-sheet"') :]
    assert "Execution" in body and "1988-08-14" in body and "North Prison" in body
    assert "East Field" in body  # the burial site, from the secret burial
    assert "1988-09-02" in body  # the other source's date is not hidden
    assert "FICTIONAL list of the Beta Watch" in body and "row 17" in body
    assert 'id="print"' in sheet and "/static/print.js" in sheet


def test_the_sheet_in_persian(records_app) -> None:  # type: ignore[no-untyped-def]
    from webtools import post_form

    ids = records_app.state.ids
    c = login(TestClient(records_app), "liaison")
    r = post_form(c, "/family", "/lang", {"lang": "fa", "next": f"/family/{ids['victim']}"})
    assert (
        'dir="rtl"' in r.text and "سرنوشت" in r.text and "اعدام" in r.text and "محل دفن" in r.text
    )


def test_analysts_and_the_public_cannot_use_it(records_app) -> None:  # type: ignore[no-untyped-def]
    for role in ("analyst", "viewer", "reviewer"):
        c = login(TestClient(records_app), role)
        assert c.get("/family", params={"name": "Hossein"}).status_code == 403


def _add_people_and_places(case, source: str, n: int) -> None:  # type: ignore[no-untyped-def]
    from sabt.records import store

    for i in range(n):
        store.add_record(
            case, "person", actor="test", source=source, locator=f"row {100 + i}",
            claims=[("name", f"Hossein Testi{i}"), ("father_name", "Ali")],
        )  # fmt: skip
        store.add_record(
            case, "place", actor="test", source=source, locator=f"p. {100 + i}",
            claims=[("name", f"Place {i}"), ("type", "prison"), ("coordinates", "35.1, 51.2")],
        )  # fmt: skip


def test_lookup_and_map_queries_do_not_grow_with_the_hits(records_app) -> None:  # type: ignore[no-untyped-def]
    """Reading every hit's record one by one made the lookup page with 27 hits
    run 148 statements instead of 23 with 3 hits, and the map 5 per place (144
    for 28 places); both now run 13 and 9, however many."""
    case, ids = records_app.state.case, records_app.state.ids
    c = login(TestClient(records_app), "investigator")
    lookup = lambda: c.get("/family", params={"name": "Hossein"})  # noqa: E731

    def measure() -> tuple[int, int]:
        lookup()  # brings the search index up to date
        with counted(case.engine) as n_lookup:
            lookup()
        with counted(case.engine) as n_map:
            c.get("/map")  # the first view since the change
        return n_lookup[0], n_map[0]

    _add_people_and_places(case, ids["list"], 1)
    few = measure()
    assert lookup().text.count('href="/family/') == 3
    _add_people_and_places(case, ids["list"], 25)
    many = measure()
    assert lookup().text.count('href="/family/') == 20  # 27 hits, the best 20 shown
    assert c.get("/map").text.count("Place ") >= 26
    assert many == few, (few, many)
