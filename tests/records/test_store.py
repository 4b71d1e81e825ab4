"""Records and claims through the case's one write path, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.records.conftest import add_sources

from sabt.case import Case
from sabt.db.rebuild import rebuild
from sabt.errors import InvalidInput, NotFound
from sabt.records import queries, store
from sabt.records.draft import ClaimInput
from sabt.records.projection import claim


def test_a_record_and_its_claims_round_trip(case: Case, sources: tuple[str, str, str]) -> None:
    a, b, _ = sources
    pid = store.add_record(
        case, "person", actor="ana", source=a, locator="p. 12", credibility=2,
        claims=[("name", "حسین نمونه"), ("name", "Hossein Example"), ("father_name", "Ali"), ("birth_date", "1950")],
    )  # fmt: skip
    store.add_claims(
        case, [ClaimInput(pid, "name", "Hossein  Example", b, "00:01:02", 3)], actor="bob"
    )
    with case.engine.connect() as conn:
        view = queries.record_view(conn, pid)
    props = {p.name: p for p in view.properties}
    names = props["name"].values
    assert [v.value for v in names] == ["حسین نمونه", "Hossein Example"]
    # two sources for one value: one value, both sources, two independent origins
    assert [(c.source, c.grade, c.locator, c.analyst) for c in names[1].claims] == [
        (a, "B2", "page 12", "ana"),
        (b, "C3", "time 00:01:02", "bob"),
    ]
    assert names[1].origins == 2
    assert not props["name"].conflict
    assert view.label == "حسین نمونه"


def test_a_conflicting_toll_is_stored_as_conflict_and_shown_side_by_side(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, b, d = sources
    inc = store.add_record(
        case,
        "incident",
        actor="t",
        source=a,
        claims=[("name", "Fictional summer executions"), ("toll", "several thousand")],
    )
    store.add_claims(
        case,
        [ClaimInput(inc, "toll", "over 30,000", b), ClaimInput(inc, "toll", "Over 30,000", d)],
        actor="t",
    )
    with case.engine.connect() as conn:
        statuses = (
            conn.execute(sa.select(claim.c.status).where(claim.c.property == "toll"))
            .scalars()
            .all()
        )
        toll = next(p for p in queries.record_view(conn, inc).properties if p.name == "toll")
    assert statuses == ["conflict"] * 3
    assert toll.conflict
    assert [(v.value, v.origins) for v in toll.values] == [
        ("several thousand", 1),
        ("over 30,000", 2),
    ]


def test_retracting_a_claim_ends_the_conflict_and_keeps_the_claim(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, b, _ = sources
    pid = store.add_record(case, "person", actor="t", source=a, claims=[("birth_date", "1950")])
    (late,) = store.add_claims(case, [ClaimInput(pid, "birth_date", "1952", b)], actor="t")
    store.retract_claim(case, late, "misread the year", actor="t")
    with case.engine.connect() as conn:
        every = queries.claims_of(conn, pid)
        view = queries.record_view(conn, pid)
    assert [(c.value, c.status) for c in every] == [("1950", "needs-work"), ("1952", "retracted")]
    assert every[1].note == "misread the year"
    assert not view.properties[0].conflict
    with pytest.raises(InvalidInput, match="already retracted"):
        store.retract_claim(case, late, "again", actor="t")


def test_a_claimed_value_is_retracted_not_unset(case: Case, sources: tuple[str, str, str]) -> None:
    a, _, _ = sources
    pid = store.add_record(case, "person", actor="t", source=a, claims=[("name", "X")])
    before = case.size()
    with pytest.raises(InvalidInput, match="retract the claim instead"):
        store.edit_record(case, pid, actor="t", unset=["name"])
    assert case.size() == before


def test_review_marks_a_claim_accepted(case: Case, sources: tuple[str, str, str]) -> None:
    a, _, _ = sources
    pid = store.add_record(case, "person", actor="t", source=a, claims=[("name", "X")])
    with case.engine.connect() as conn:
        (c,) = queries.claims_of(conn, pid)
    store.review_claim(case, c.id, "accepted", "checked against p. 12", actor="lead")
    with case.engine.connect() as conn:
        (c,) = queries.claims_of(conn, pid)
    assert (c.status, c.note) == ("accepted", "checked against p. 12")


@pytest.mark.parametrize(
    ("claim", "field", "problem"),
    [
        (("person", "birth_date", "1988-02-30"), "value", "1988-02-30"),
        (("person", "height", "180"), "property", "no property 'height'"),
        (("person", "name", "X", "src-nothere"), "source", "no source"),
        (("person", "name", "X", None, "7"), "credibility", "1 to 6"),
        (("person", "name", "X", None, "1", "the back"), "locator", "expected a page"),
        (("membership", "organization", "org-nothere"), "value", "existing organization"),
    ],
)
def test_a_bad_claim_names_its_field_and_changes_nothing(
    sqlite_case: Case, claim: tuple, field: str, problem: str
) -> None:  # type: ignore[type-arg]
    case = sqlite_case
    a, _, _ = add_sources(case)
    kind, prop, value, *rest = claim
    source = rest[0] if rest and rest[0] else a
    cred = rest[1] if len(rest) > 1 else 6
    loc = rest[2] if len(rest) > 2 else ""
    rid = store.add_record(case, kind, actor="t")
    before = case.size()
    with pytest.raises(InvalidInput) as e:
        store.add_claims(case, [ClaimInput(rid, prop, value, source, loc, cred)], actor="t")
    assert any(field in k and problem in v for k, v in e.value.errors.items()), e.value.errors
    assert case.size() == before


def test_a_record_with_a_bad_claim_is_not_created_either(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, _, _ = sources
    before = case.size()
    with pytest.raises(InvalidInput, match="birth_date"):
        store.add_record(
            case, "person", actor="t", source=a, claims=[("name", "X"), ("birth_date", "yesterday")]
        )
    assert case.size() == before


def test_sources_are_catalogued_and_edited_not_claimed(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, _, _ = sources
    with pytest.raises(InvalidInput, match="sources are not claimed"):
        store.add_claims(case, [ClaimInput(a, "title", "Y", a)], actor="t")
    with pytest.raises(InvalidInput, match="reliability"):
        store.add_record(
            case, "source", actor="t", fields={"title": "No grade", "type": "document"}
        )
    store.edit_record(
        case, a, actor="t", fields={"reliability": "A", "url": "https://example.invalid/a"}
    )
    with pytest.raises(InvalidInput, match="required"):
        store.edit_record(case, a, actor="t", unset=["title"])
    with pytest.raises(NotFound):
        store.edit_record(case, "src-0000000000", actor="t", fields={"title": "x"})
    with case.engine.connect() as conn:
        (src,) = [s for s in queries.source_list(conn) if s["id"] == a]
    assert (src["reliability"], src["url"]) == ("A", "https://example.invalid/a")


def test_timeline_puts_the_role_then_and_the_office_later_side_by_side(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, b, _ = sources
    pid = store.add_record(case, "person", actor="t", source=a, claims=[("name", "Example Judge")])
    org = store.add_record(
        case,
        "organization",
        actor="t",
        source=a,
        claims=[("name", "Fictional Commission"), ("type", "commission")],
    )
    post = store.add_record(
        case, "post", actor="t", source=b, claims=[("name", "Fictional Chief Justice")]
    )
    store.add_record(
        case,
        "position_held",
        actor="t",
        source=b,
        claims=[("holder", pid), ("post", post), ("start", "2004")],
    )
    store.add_record(
        case,
        "membership",
        actor="t",
        source=a,
        claims=[("member", pid), ("organization", org), ("start", "1988-07")],
    )
    with case.engine.connect() as conn:
        spans = queries.timeline(conn, pid)
    assert [(s.kind, s.what, [v.value for v in s.start]) for s in spans] == [
        ("membership", "Fictional Commission", ["1988-07"]),
        ("position_held", "Fictional Chief Justice", ["2004"]),
    ]


def test_rebuild_equals_the_live_projection(case: Case, sources: tuple[str, str, str]) -> None:
    a, b, _ = sources
    pid = store.add_record(
        case, "person", actor="t", source=a, claims=[("name", "X"), ("birth_date", "1950")]
    )
    (c,) = store.add_claims(case, [ClaimInput(pid, "birth_date", "1951", b)], actor="t")
    store.retract_claim(case, c, "typo", actor="t")
    report = rebuild(case)
    assert report.equal, report.differences
    assert report.tables["records_claim"] == 3
