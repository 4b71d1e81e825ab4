"""Conflict rules (pure): what counts as a conflict, and who stands behind a value."""

from __future__ import annotations

from sabt.records.conflicts import Fact, conflicting, group, status
from sabt.records.values import clean
from sabt.records.vocab import kind

TOLL = kind("incident").property("toll")
NAME = kind("person").property("name")
BORN = kind("person").property("birth_date")


def key(p, text: str) -> str:  # type: ignore[no-untyped-def]
    return clean(p, text).key


def test_two_tolls_are_a_conflict_with_origins_counted_per_value() -> None:
    facts = [
        Fact("c1", key(TOLL, "several thousand"), origin="Org One"),
        Fact("c2", key(TOLL, "over 30,000"), origin="Org Two"),
        Fact("c3", key(TOLL, "Over 30,000"), origin="Org Three"),
        Fact("c4", key(TOLL, "over 30,000"), origin="Org Two"),  # same origin: not independent
    ]
    assert conflicting(TOLL, facts) == {"c1", "c2", "c3", "c4"}
    groups = group(facts)
    assert [g.origins for g in groups] == [1, 2]
    assert [len(g.affirmed) for g in groups] == [1, 3]


def test_names_in_two_scripts_are_not_a_conflict() -> None:
    facts = [Fact("c1", key(NAME, "حسین")), Fact("c2", key(NAME, "Hossein"))]
    assert conflicting(NAME, facts) == set()


def test_a_denied_value_is_a_conflict_even_for_a_multi_valued_property() -> None:
    facts = [Fact("c1", key(NAME, "Hossein")), Fact("c2", key(NAME, "Hossein"), stance="denies")]
    assert conflicting(NAME, facts) == {"c1", "c2"}


def test_a_refined_date_is_not_a_conflict_but_a_different_year_is() -> None:
    assert (
        conflicting(BORN, [Fact("a", key(BORN, "1950")), Fact("b", key(BORN, "1950-03"))]) == set()
    )
    assert conflicting(BORN, [Fact("a", key(BORN, "1950")), Fact("b", key(BORN, "1952"))]) == {
        "a",
        "b",
    }


def test_retracting_one_side_ends_the_conflict() -> None:
    facts = [Fact("a", key(BORN, "1950")), Fact("b", key(BORN, "1952"), retracted=True)]
    assert conflicting(BORN, facts) == set()
    assert status("accepted", True, False) == "retracted"
    assert status("accepted", False, True) == "conflict"
    assert status("needs-work", False, False) == "needs-work"


def test_sealed_values_are_never_merged_or_compared() -> None:
    facts = [Fact("a", None), Fact("b", None)]
    assert len(group(facts)) == 2
    assert conflicting(kind("person").property("address"), facts) == set()


def test_a_solar_hijri_year_overlaps_the_gregorian_years_it_spans() -> None:
    # 1367 SH runs from 21 March 1988 to 20 March 1989.
    assert conflicting(BORN, [Fact("a", key(BORN, "1367")), Fact("b", key(BORN, "1988"))]) == set()
    assert conflicting(BORN, [Fact("a", key(BORN, "1367")), Fact("b", key(BORN, "1987"))]) == {
        "a",
        "b",
    }


def test_spelling_variants_of_one_printed_name_are_one_value() -> None:
    # Arabic yeh and kaf (as in many PDFs) against Persian yeh and keheh.
    groups = group([Fact("a", key(NAME, "علي كريمي")), Fact("b", key(NAME, "علی کریمی"))])
    assert len(groups) == 1
