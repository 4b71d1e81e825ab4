"""Evidence pages: list, preview, extracted text, custody, content and proof."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtools import login, post_form

pytest.importorskip("sabt.vault.projection", reason="the vault package has not landed")


@pytest.fixture
def items(records_app, tmp_path: Path):  # type: ignore[no-untyped-def]
    from sabt.vault import samples
    from sabt.vault.evidence import Provenance, add_file

    photo = tmp_path / "site-1988.jpg"
    photo.write_bytes(
        samples.photo(random.Random(7), taken=datetime(1988, 8, 20, 10, 0), lat=10.1, lon=20.2)
    )
    note = tmp_path / "یادداشت شاهد.txt"
    note.write_text(samples.note_fa(), "utf-8")
    page = tmp_path / "capture.html"
    page.write_text("<html><script>alert(1)</script>FICTIONAL capture</html>", "utf-8")
    case = records_app.state.case
    prov = Provenance(source="FICTIONAL test archive")
    return {p.name: add_file(case, p, prov, actor="investigator") for p in (photo, note, page)}


def test_list_and_item_pages(records_app, items) -> None:  # type: ignore[no-untyped-def]
    c = login(TestClient(records_app), "analyst")
    listing = c.get("/evidence").text
    for name, result in items.items():
        assert name in listing and f"/evidence/{result.hash}" in listing
    jpeg = items["site-1988.jpg"]
    page = c.get(f"/evidence/{jpeg.hash[:12]}").text  # a prefix is enough
    assert f'src="/evidence/{jpeg.hash}/content"' in page and "1988-08-20" in page
    assert "FICTIONAL test archive" in page and "received" in page  # the custody timeline
    text = c.get(f"/evidence/{items['یادداشت شاهد.txt'].hash}").text
    assert "ساختگی" in text and 'dir="auto"' in text


def test_with_the_vault_locked_the_page_says_why_there_is_no_text(  # type: ignore[no-untyped-def]
    records_app, items, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extracted text is sealed under the item's key (sabt.vault.textseal):
    a server started without the passphrase shows the rest of the page."""
    c = login(TestClient(records_app), "analyst")
    note = items["یادداشت شاهد.txt"].hash
    # As if `sabt serve` had started with a wrong passphrase and could not unlock:
    # a request never tries again (a prompt, or Argon2id on every page).
    monkeypatch.setenv("SABT_PASSPHRASE", "not-the-passphrase")
    monkeypatch.setattr(records_app.state.case, "_keyring", None)
    records_app.state.case.freeze_keys()  # what `sabt serve` does after its one attempt
    page = c.get(f"/evidence/{note}")
    assert page.status_code == 200 and "ساختگی" not in page.text
    assert 'id="text-why-not"' in page.text and "vault locked" in page.text
    content = c.get(f"/evidence/{note}/content")  # locked: unavailable until restarted, said so
    assert content.status_code == 503 and "The vault is locked" in content.text
    assert "FICTIONAL test archive" in page.text  # the rest is there


def test_content_is_decrypted_and_only_images_are_inline(records_app, items) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    c = login(TestClient(records_app), "investigator")
    jpeg = c.get(f"/evidence/{items['site-1988.jpg'].hash}/content")
    assert jpeg.headers["content-type"] == "image/jpeg" and jpeg.headers[
        "content-disposition"
    ].startswith("inline")
    assert hashlib.sha256(jpeg.content).hexdigest() == items["site-1988.jpg"].hash
    html = c.get(f"/evidence/{items['capture.html'].hash}/content")
    assert html.headers["content-type"] == "application/octet-stream"
    assert html.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in html.headers["content-security-policy"]
    # A Persian file name downloads under its own name (RFC 8187), not as an error.
    note = c.get(f"/evidence/{items['یادداشت شاهد.txt'].hash}/content")
    assert note.status_code == 200
    assert note.headers["content-disposition"].endswith(
        "filename*=UTF-8''%DB%8C%D8%A7%D8%AF%D8%AF%D8%A7%D8%B4%D8%AA%20%D8%B4%D8%A7%D9%87%D8%AF.txt"
    )


def test_inclusion_proof_verifies_offline(records_app, items) -> None:  # type: ignore[no-untyped-def]
    from sabt.ledger import Verifier
    from sabt.ledger.tlogproof import verify_tlog_proof

    case = records_app.state.case
    c = login(TestClient(records_app), "reviewer")
    result = items["یادداشت شاهد.txt"]
    proof = c.get(f"/evidence/{result.hash}/proof").text
    leaf = next(case.events(start=result.seq, end=result.seq + 1)).leaf_hash
    verified = verify_tlog_proof(proof, leaf, Verifier.from_vkey(case.vkey))
    assert verified.index == result.seq
    other = next(case.events(start=0, end=1)).leaf_hash
    with pytest.raises(Exception):  # noqa: B017 - any integrity error will do
        verify_tlog_proof(proof, other, Verifier.from_vkey(case.vkey))


def test_custody_step_is_recorded_by_an_investigator_only(records_app, items) -> None:  # type: ignore[no-untyped-def]
    h = items["site-1988.jpg"].hash
    inv = login(TestClient(records_app), "investigator")
    r = post_form(
        inv,
        f"/evidence/{h}",
        f"/evidence/{h}/custody",
        {"event": "transferred", "to": "FICTIONAL tribunal", "note": "sealed envelope"},
    )
    assert r.status_code == 200 and "FICTIONAL tribunal" in r.text
    assert records_app.state.case.latest(1)[0].event.type == "custody.recorded"
    bad = post_form(inv, f"/evidence/{h}", f"/evidence/{h}/custody", {"event": "teleported"})
    assert bad.status_code == 422
    analyst = login(TestClient(records_app), "analyst")
    assert (
        post_form(
            analyst, f"/evidence/{h}", f"/evidence/{h}/custody", {"event": "accessed"}
        ).status_code
        == 403
    )
    viewer = login(TestClient(records_app), "viewer")
    assert viewer.get(f"/evidence/{h}").status_code == 403
    assert viewer.get(f"/evidence/{h}/content").status_code == 403
    assert viewer.get("/evidence/0000/content").status_code == 403  # no hint whether it exists


def test_shredded_content_is_refused_before_any_byte(records_app, items) -> None:  # type: ignore[no-untyped-def]
    """A shredded item is 410 Gone with who and why, also when only the record
    of the shred is there (a crash before the key was destroyed); a key
    destroyed with no record is an error before the response starts, never a
    200 cut off mid-stream."""
    from sabt.vault import custody
    from sabt.vault.evidence import blob_store

    case = records_app.state.case
    c = login(TestClient(records_app), "investigator")
    photo = items["site-1988.jpg"].hash
    custody.shred(case, photo, reason="FICTIONAL safety order", actor="admin")
    gone = c.get(f"/evidence/{photo}/content")
    assert gone.status_code == 410 and "FICTIONAL safety order" in gone.text

    note = items["یادداشت شاهد.txt"].hash
    case.append(  # what an interrupted `sabt custody shred` leaves: the record only
        "custody.recorded",
        {"hash": note, "event": "shredded", "reason": "FICTIONAL"},
        actor="admin",
    )
    assert c.get(f"/evidence/{note}/content").status_code == 410

    page = items["capture.html"].hash
    blob_store(case).forget_key(page)  # destroyed behind the log's back
    broken = c.get(f"/evidence/{page}/content")
    assert broken.status_code >= 400 and broken.content != b""


def test_an_admin_shreds_from_the_item_page_and_no_one_else_can(records_app, items) -> None:  # type: ignore[no-untyped-def]
    case = records_app.state.case
    note = items["یادداشت شاهد.txt"].hash
    page = f"/evidence/{note}"
    investigator = login(TestClient(records_app), "investigator")
    assert 'action="/evidence/' + note + '/shred"' not in investigator.get(page).text
    refused = post_form(investigator, page, f"{page}/shred", {"reason": "x", "confirm": note[:12]})
    assert refused.status_code == 403

    admin = login(TestClient(records_app), "admin")
    assert f'action="/evidence/{note}/shred"' in admin.get(page).text
    size = case.size()
    for bad, field in (
        ({"reason": "FICTIONAL order", "confirm": "0000"}, "confirm"),
        ({"reason": "  ", "confirm": note[:12]}, "reason"),
    ):
        r = post_form(admin, page, f"{page}/shred", bad, follow_redirects=False)
        assert r.status_code == 422 and field in r.text
    assert case.size() == size  # nothing was written

    done = post_form(
        admin,
        page,
        f"{page}/shred",
        {"reason": "FICTIONAL: witness withdrew consent", "confirm": note[:12].upper()},
        follow_redirects=False,
    )
    assert done.status_code == 303 and case.size() == size + 1
    after = admin.get(page).text
    assert 'id="shredded"' in after and "witness withdrew consent" in after
    assert f"/evidence/{note}/content" not in after and 'id="shred"' not in after
    assert admin.get(f"{page}/content").status_code == 410
    assert "ساختگی" not in after  # the extracted text left the projection
    persian = post_form(admin, page, "/lang", {"lang": "fa", "next": page}).text
    assert "به دست admin نابود شد" in persian and "shredded on" not in persian


def test_a_server_never_unlocks_the_vault_on_a_request(  # type: ignore[no-untyped-def]
    records_app, items, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sabt serve` tries once, at start (Case.freeze_keys). A shred on a server
    whose vault stayed locked says so, records nothing and destroys nothing,
    instead of waiting at a prompt on the server's terminal or running the key
    derivation again with a wrong passphrase."""
    case = records_app.state.case
    admin = login(TestClient(records_app), "admin")
    note = items["یادداشت شاهد.txt"].hash
    monkeypatch.setenv("SABT_PASSPHRASE", "not-the-passphrase")
    monkeypatch.setattr(case, "_keyring", None)
    case.freeze_keys()
    size = case.size()
    page = f"/evidence/{note}"
    r = post_form(admin, page, f"{page}/shred", {"reason": "FICTIONAL order", "confirm": note[:12]})
    assert "The vault is locked" in r.text and "Wrong passphrase" not in r.text
    assert r.status_code != 401  # the admin is logged in: not sent to the login page
    assert case.size() == size
