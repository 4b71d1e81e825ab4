"""Record pages: claims with sources and grades, conflicts side by side, adding
a claim, a person's timeline, protected identities and the logged reveal."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import login, post_form

pytest.importorskip("sabt.records.queries", reason="the records package has not landed")


def as_role(app, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    return login(TestClient(app), role)


def test_conflicting_dates_are_shown_side_by_side_with_sources(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    page = as_role(records_app, "analyst").get(f"/records/{ids['victim']}").text
    section = page[page.index('id="prop-death_date"') :]
    section = section[: section.index("</section>")]
    assert "sources disagree" in section
    assert "1988-08-14" in section and "1988-09-02" in section
    assert "FICTIONAL list of the Beta Watch" in section and "C2" in section
    assert "FICTIONAL report of the Alpha Archive" in section and "B3" in section
    assert "row 17" in section  # the locator


def test_investigator_adds_a_claim_with_a_source(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = as_role(records_app, "investigator")
    page = f"/records/{ids['victim']}"
    r = post_form(
        c, page, f"{page}/claims",
        {"property": "birth_date", "value": "1960-03-01", "source": ids["report"], "locator": "p. 8", "credibility": "2"},
    )  # fmt: skip
    assert r.status_code == 200 and "The claim was added" in r.text
    assert "1960-03-01" in r.text and "B2" in r.text
    last = records_app.state.case.latest(1)[0]
    assert last.event.type == "claim.added" and last.event.actor == "investigator"


def test_a_bad_claim_changes_nothing(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = as_role(records_app, "investigator")
    before = records_app.state.case.size()
    page = f"/records/{ids['victim']}"
    r = post_form(
        c,
        page,
        f"{page}/claims",
        {"property": "birth_date", "value": "the thirty-second of May", "source": ids["report"]},
    )
    assert r.status_code == 422 and "birth_date" in r.text
    r = post_form(
        c, page, f"{page}/claims", {"property": "shoe_size", "value": "42", "source": ids["report"]}
    )
    assert r.status_code == 422 and "shoe_size" in r.text
    assert records_app.state.case.size() == before


def test_analyst_may_not_add_claims(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = as_role(records_app, "analyst")
    page = f"/records/{ids['victim']}"
    assert 'id="add-claim"' not in c.get(page).text
    r = post_form(
        c, page, f"{page}/claims", {"property": "name", "value": "X", "source": ids["report"]}
    )
    assert r.status_code == 403


def test_timeline_puts_the_role_then_before_the_office_later(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    page = as_role(records_app, "viewer").get(f"/records/{ids['official']}").text
    timeline = page[page.index('id="timeline"') :]
    assert timeline.index("FICTIONAL death commission") < timeline.index("FICTIONAL chief justice")
    assert "1988-07" in timeline and "2004" in timeline


def test_with_the_vault_locked_a_reveal_says_so_and_logs_nothing(  # type: ignore[no-untyped-def]
    records_app, monkeypatch
) -> None:
    """A server started without the passphrase never asks for it on a request
    (nor derives the key again each time): the reveal says the vault is locked."""
    ids, case = records_app.state.ids, records_app.state.case
    inv = as_role(records_app, "investigator")
    # As if `sabt serve` had started with a wrong passphrase and could not unlock.
    monkeypatch.setenv("SABT_PASSPHRASE", "not-the-passphrase")
    monkeypatch.setattr(case, "_keyring", None)
    case.freeze_keys()  # what `sabt serve` does after its one attempt
    before = case.size()
    page = f"/records/{ids['witness']}"
    form = {"kind": "record", "ref": ids["witness"], "field": "name", "reason": "dossier"}
    r = post_form(inv, page, "/reveal", form)
    assert "The vault is locked" in r.text and "Secret Witness Name" not in r.text
    assert "Wrong passphrase" not in r.text  # no key derivation tried on the request
    assert case.size() == before  # nothing was read, so no read is logged


def test_protected_witness_is_hidden_and_revealing_is_logged(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    case = records_app.state.case
    page = f"/records/{ids['witness']}"
    viewer = as_role(records_app, "viewer")
    assert "Secret Witness Name" not in viewer.get(page).text
    assert "000 FICTIONAL" not in viewer.get(page).text  # the sealed contact
    inv = as_role(records_app, "investigator")
    html = inv.get(page).text
    assert "Secret Witness Name" not in html and "Protected person P-" in html
    before = case.size()
    r = post_form(
        inv,
        page,
        "/reveal",
        {
            "kind": "record",
            "ref": ids["witness"],
            "field": "name",
            "reason": "preparing the dossier",
        },
    )
    assert r.status_code == 200 and "Secret Witness Name" in r.text
    last = case.latest(1)[0]
    assert case.size() == before + 1 and last.event.type == "sensitive.read"
    assert last.event.body == {
        "subject": f"record/{ids['witness']}",
        "field": "name",
        "reason": "preparing the dossier",
    }
    assert last.event.actor == "investigator"
    # Without a reason nothing is read or logged; a viewer may not reveal at all.
    r = post_form(
        inv,
        page,
        "/reveal",
        {"kind": "record", "ref": ids["witness"], "field": "name", "reason": ""},
    )
    assert r.status_code == 422 and "Secret Witness Name" not in r.text
    r = post_form(
        viewer,
        page,
        "/reveal",
        {"kind": "record", "ref": ids["witness"], "field": "name", "reason": "curious"},
    )
    assert r.status_code == 403 and "Secret Witness Name" not in r.text
    assert case.size() == before + 1
    audit = as_role(records_app, "admin").get("/admin/audit").text
    assert f"record/{ids['witness']}" in audit and "preparing the dossier" in audit


def test_list_pages_link_every_record(records_app) -> None:  # type: ignore[no-untyped-def]
    ids = records_app.state.ids
    c = as_role(records_app, "reviewer")
    persons = c.get("/persons").text
    assert f"/records/{ids['victim']}" in persons and "Hossein Rezaei" in persons
    assert "Secret Witness Name" not in persons
    assert f"/records/{ids['prison']}" in c.get("/places").text
    assert "FICTIONAL report of the Alpha Archive" in c.get("/sources").text
    assert f"/records/{ids['incident']}" in c.get("/incidents").text
    assert "FICTIONAL death commission" in c.get("/organisations").text
