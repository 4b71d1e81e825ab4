"""Full-text search in Persian and English, on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def indexed(db_url, tmp_path: Path):  # type: ignore[no-untyped-def]
    from sabt.search.index import sync
    from sabt.web.samples import add_sample_records
    from sabt.web.testing import new_case

    case = new_case(tmp_path / "case", database_url=db_url)
    ids = add_sample_records(case)
    assert sync(case) > 10
    yield case, ids
    case.close()


def titles(case, query: str, **kw):  # type: ignore[no-untyped-def]
    from sabt.search import search

    with case.engine.connect() as conn:
        return [(h.kind, h.ref) for h in search(conn, query, **kw)]


def test_index_in_both_scripts_public_view_syntax_and_sync(indexed) -> None:  # type: ignore[no-untyped-def]
    case, ids = indexed
    assert ("person", ids["victim"]) in titles(case, "حسین")
    assert ("person", ids["namesake"]) in titles(case, "حسین رضایی")  # recorded in Latin only
    assert ("place", ids["prison"]) in titles(case, "north prison")
    assert ("place", ids["prison"]) in titles(case, "زندان")
    assert titles(case, "Hossein Mahmoud") == [("person", ids["namesake"])]  # every word must match
    assert titles(case, "nonexistentword") == []

    # The public view leaves out protected records; sealed names are never indexed.
    assert ("person", ids["witness"]) in titles(case, "protected person")
    assert ("person", ids["witness"]) not in titles(case, "protected person", public=True)
    assert titles(case, "Secret Witness") == []
    # No user text reaches the FTS5 MATCH or to_tsquery syntax.
    for nasty in [
        '"',
        "prison OR",
        "NEAR(a b)",
        "a* -b",
        "'; drop table search_docs; --",
        "(",
        "&|!",
    ]:
        titles(case, nasty)
    assert titles(case, "prison") != []
    # The index follows new claims, incrementally and on a rebuild.
    from sabt.records import store
    from sabt.records.draft import ClaimInput
    from sabt.search.index import rebuild, sync

    assert titles(case, "Zanjan") == []
    store.add_claims(
        case,
        [ClaimInput(ids["victim"], "description", "Born in Zanjan", ids["report"], "p. 9", 3)],
        actor="t",
    )
    assert sync(case) == 1 and sync(case) == 0
    assert titles(case, "zanjan") == [("person", ids["victim"])]
    assert rebuild(case) == 14  # every sample record but the relationships
    assert titles(case, "zanjan") == [("person", ids["victim"])]


def test_search_page_for_staff_and_public(records_app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient
    from webtools import login

    ids = records_app.state.ids
    staff = (
        login(TestClient(records_app), "analyst")
        .get("/search", params={"q": "Protected person"})
        .text
    )
    public = (
        login(TestClient(records_app), "viewer")
        .get("/search", params={"q": "Protected person"})
        .text
    )
    assert f"/records/{ids['witness']}" in staff and f"/records/{ids['witness']}" not in public
    assert (
        "حسین رضایی"
        in login(TestClient(records_app), "viewer").get("/search", params={"q": "Hosein"}).text
    )


def test_evidence_never_reaches_the_public_view(indexed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sabt.search.dialect import for_connection
    from sabt.search.document import Document
    from sabt.search.index import sync
    from sabt.search.keys import document_keys
    from sabt.vault.evidence import Provenance, add_paths

    case, _ = indexed
    note = tmp_path / "statement.txt"
    note.write_text("The witness Zarathustra Khosrowshahi lives at 12 Cypress Lane.", "utf-8")
    add_paths(case, [str(note)], Provenance())
    sync(case)
    assert [k for k, _ in titles(case, "Khosrowshahi")] == ["evidence"]
    assert titles(case, "Khosrowshahi", public=True) == []
    # An index written before evidence was marked sensitive still keeps it from the public.
    old = Document("evidence", "f" * 64, "old.txt", "Zarathustra in an old index")
    with case.engine.begin() as conn:
        for_connection(conn).put(conn, old, document_keys(f"{old.title}\n{old.body}"))
    assert titles(case, "Zarathustra", public=True) == []
