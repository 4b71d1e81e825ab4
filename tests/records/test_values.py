"""Cleaning values, locators and dates (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.records import dates, draft, values
from sabt.records.vocab import kind


def prop(k: str, p: str):  # type: ignore[no-untyped-def]
    return kind(k).property(p)


def test_a_name_keeps_its_print_and_script() -> None:
    v = values.clean(prop("person", "name"), "  حسین  ")
    assert (v.text, v.script) == ("حسین", "Arab")
    assert values.clean(prop("person", "name"), "Hossein").script == "Latn"


def test_spellings_of_one_printed_name_are_one_value() -> None:
    def key(raw: str) -> str:
        return values.clean(prop("person", "name"), raw).key

    assert key("حسین‌زاده") == key("حسین زاده") == key("حسینزاده") == key("حسين‌زاده")
    assert key("Mohammad-Ali Karimi") == key("Mohammad Ali Karimi")
    assert key("حسن") != key("حسین")


@pytest.mark.parametrize(
    ("k", "p", "raw", "problem"),
    [
        ("person", "gender", "robot", "expected one of female"),
        ("person", "birth_date", "1988-13", "'1988-13'"),
        ("person", "birth_date", "summer 88", "'summer 88'"),
        ("place", "coordinates", "35.7", "latitude, longitude"),
        ("place", "coordinates", "135.7, 51.4", "must lie in"),
        ("membership", "organization", "Commission X", "record id"),
        ("source", "blobs", "abc", "SHA-256"),
        ("person", "name", "   ", "empty"),
    ],
)
def test_bad_values_say_what_was_expected(k: str, p: str, raw: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        values.clean(prop(k, p), raw)


def test_enums_accept_spaces_and_case() -> None:
    assert (
        values.clean(prop("act", "type"), "Enforced disappearance").text == "enforced_disappearance"
    )


def test_partial_dates_are_compatible_when_their_ranges_overlap() -> None:
    p = prop("person", "birth_date")
    year, month, other = (values.clean(p, t).key for t in ("1988", "1988-08", "1987-12-31"))
    assert values.compatible(p, year, month)
    assert not values.compatible(p, year, other)


# Years 1800-2199 read as Gregorian; sabt.names reads 1300-1499 as Solar Hijri.
@given(st.dates(dt.date(1800, 1, 1), dt.date(2199, 12, 31)))
def test_a_day_is_within_its_month_and_year(d: dt.date) -> None:
    day = dates.parse(d.isoformat())
    month = dates.parse(d.isoformat()[:7])
    year = dates.parse(d.isoformat()[:4])
    assert (
        year.earliest <= month.earliest <= day.earliest <= day.latest <= month.latest <= year.latest
    )
    assert dates.overlap(day.key, year.key)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("p. 12", "page 12"), ("pp. 3 – 5", "pages 3-5"), ("00:12:31", "time 00:12:31"), ("t=1:02:03.5", "time 1:02:03.5"),
     ("offset 1024", "offset 1024"), ("@77", "offset 77"), ("row 7", "row 7"), ("", "")],
)  # fmt: skip
def test_locators_are_canonical(raw: str, canonical: str) -> None:
    assert draft.locator(raw) == canonical


def test_a_locator_that_is_none_of_page_time_offset_row_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a page"):
        draft.locator("somewhere in the middle")
