"""The family lookup: a name in either script, with the father's name, finds the
victim's record and the answer a family can be given."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import login

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
