"""Partial dates in three calendars (PERSIAN.md §4), cross-checked with jdatetime."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.errors import InvalidInput
from sabt.names import PartialDate, from_gregorian, to_gregorian


def test_the_checks_in_the_spec() -> None:
    assert to_gregorian("jalali", 1367, 5, 9) == dt.date(1988, 7, 31)
    assert from_gregorian("jalali", dt.date(2025, 3, 20)) == (1403, 12, 30)
    year = PartialDate.parse("1367")
    assert (year.earliest, year.latest) == (dt.date(1988, 3, 21), dt.date(1989, 3, 20))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_jalali_conversion_agrees_with_jdatetime(day: dt.date) -> None:
    j = jdatetime.date.fromgregorian(date=day)
    assert from_gregorian("jalali", day) == (j.year, j.month, j.day)
    assert to_gregorian("jalali", j.year, j.month, j.day) == day


@pytest.mark.parametrize(
    ("text", "calendar", "ymd", "qualifier", "earliest", "latest"),
    [
        ("۱۳۶۷/۰۵/۰۹", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("1367/5/9", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("67/5/9", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("١٣٦٧-٥-٩", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("۹ مرداد ۱۳۶۷", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("نهم مرداد ۶۷", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("9 Amordad 1367", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("Mordad 1367", "jalali", (1367, 5, None), "exact", "1988-07-23", "1988-08-22"),
        ("Shahrewar 1367", "jalali", (1367, 6, None), "exact", "1988-08-23", "1988-09-22"),
        ("Dei 1367", "jalali", (1367, 10, None), "exact", "1988-12-22", "1989-01-20"),
        ("Espand 1367", "jalali", (1367, 12, None), "exact", "1989-02-20", "1989-03-20"),
        ("Tir 1367", "jalali", (1367, 4, None), "exact", "1988-06-22", "1988-07-22"),
        ("مهر ۱۳۶۷", "jalali", (1367, 7, None), "exact", "1988-09-23", "1988-10-22"),
        ("شصت و هفت", "jalali", (1367, None, None), "exact", "1988-03-21", "1989-03-20"),
        (
            "هزار و سیصد و شصت و هفت",
            "jalali",
            (1367, None, None),
            "exact",
            "1988-03-21",
            "1989-03-20",
        ),
        ("تابستان ۶۷", "jalali", (1367, None, None), "season", "1988-06-22", "1988-09-22"),
        ("summer 1988", "gregorian", (1988, None, None), "season", "1988-06-22", "1988-09-22"),
        ("اواخر مرداد ۱۳۶۷", "jalali", (1367, 5, None), "late", "1988-08-13", "1988-08-22"),
        ("اوایل شهریور ۶۷", "jalali", (1367, 6, None), "early", "1988-08-23", "1988-09-01"),
        ("31.07.1988", "gregorian", (1988, 7, 31), "exact", "1988-07-31", "1988-07-31"),
        ("1988-07-31", "gregorian", (1988, 7, 31), "exact", "1988-07-31", "1988-07-31"),
        ("July 31, 1988", "gregorian", (1988, 7, 31), "exact", "1988-07-31", "1988-07-31"),
        ("31st of July 1988", "gregorian", (1988, 7, 31), "exact", "1988-07-31", "1988-07-31"),
        ("c. 1988", "gregorian", (1988, None, None), "circa", "1987-01-01", "1989-12-31"),
        ("before 1367", "jalali", (1367, None, None), "before", "0001-01-01", "1988-03-20"),
        ("after Tir 1367", "jalali", (1367, 4, None), "after", "1988-07-23", "9999-12-31"),
        ("حدود سال ۱۳۴۰", "jalali", (1340, None, None), "circa", "1960-03-21", "1963-03-20"),
        ("Muharram 1409", "hijri", (1409, 1, None), "exact", "1988-08-13", "1988-09-11"),
        ("ذی‌الحجه ۱۴۰۸ ق", "hijri", (1408, 12, None), "exact", "1988-07-14", "1988-08-12"),
        ("1367 SH", "jalali", (1367, None, None), "exact", "1988-03-21", "1989-03-20"),
        ("دهه شصت", "jalali", (1360, None, None), "exact", "1981-03-21", "1991-03-20"),
        ("the 1980s", "gregorian", (1980, None, None), "exact", "1980-01-01", "1989-12-31"),
        ("۹ام مرداد ۱۳۶۷", "jalali", (1367, 5, 9), "exact", "1988-07-31", "1988-07-31"),
        ("بیست و یکم شهریور ۶۷", "jalali", (1367, 6, 21), "exact", "1988-09-12", "1988-09-12"),
        ("اول مهر ۱۳۶۷", "jalali", (1367, 7, 1), "exact", "1988-09-23", "1988-09-23"),
        ("پائیز ۶۷", "jalali", (1367, None, None), "season", "1988-09-23", "1988-12-21"),
        ("۱۳۶۷ هجری شمسی", "jalali", (1367, None, None), "exact", "1988-03-21", "1989-03-20"),
        ("the 5th of Shahrivar 1367", "jalali", (1367, 6, 5), "exact", "1988-08-27", "1988-08-27"),
        (
            "1408 AH",
            "hijri",
            (1408, None, None),
            "exact",
            "1987-08-25",
            "1988-08-12",
        ),  # Umm al-Qura
    ],
)
def test_forms_in_both_scripts(
    text: str,
    calendar: str,
    ymd: tuple[int, int | None, int | None],
    qualifier: str,
    earliest: str,
    latest: str,
) -> None:
    d = PartialDate.parse(text)
    assert (d.calendar, (d.year, d.month, d.day), d.qualifier) == (calendar, ymd, qualifier)
    assert (d.earliest.isoformat(), d.latest.isoformat()) == (earliest, latest)
    assert d.text == text


def test_default_calendar_decides_two_digit_and_ambiguous_years() -> None:
    assert PartialDate.parse("summer 67", default_calendar="jalali").year == 1367
    assert PartialDate.parse("summer 67", default_calendar="gregorian").year == 1967
    assert PartialDate.parse("1408", default_calendar="hijri").calendar == "hijri"
    assert PartialDate.parse("1408").calendar == "jalali"
    assert PartialDate.parse("2200-01-01").calendar == "gregorian"
    assert PartialDate.parse("1250", default_calendar="jalali").earliest.year == 1871


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("yesterday", "'yesterday' is not part of a date"),
        ("1367/13/1", "month 13"),
        ("1367/12/30", "day 30 does not exist"),
        ("9 Mordad", "no year"),
        ("summer 67", "two-digit year needs a calendar"),
        ("5/6", "which number is the year"),
        ("Muharram 1300", "supported years 1343–1500"),
        ("Mordad 1367 AD", "both the jalali and the gregorian"),
        ("دهه ۶۷", "a decade is a year ending in 0"),
        ("1250", "could be in any calendar; pass default_calendar"),
    ],
)
def test_unreadable_dates_raise_invalid_input_quoting_the_text(text: str, why: str) -> None:
    with pytest.raises(InvalidInput) as e:
        PartialDate.parse(text)
    assert repr(text) in str(e.value)
    assert why in str(e.value)


def test_overlap_not_equality() -> None:
    summer = PartialDate.parse("تابستان ۶۷")
    assert summer.overlaps(PartialDate.parse("9 Mordad 1367"))
    assert summer.overlaps(PartialDate.parse("September 1988"))
    assert not summer.overlaps(PartialDate.parse("Mehr 1367"))
    assert PartialDate.parse("before 1367").overlaps(PartialDate.parse("1987"))
    assert not PartialDate.parse("before 1367").overlaps(PartialDate.parse("Mordad 1367"))


def test_formatting_in_both_calendars_and_scripts() -> None:
    d = PartialDate.parse("۹ مرداد ۱۳۶۷")
    assert d.format() == "9 Mordad 1367 SH"
    assert d.format(script="persian") == "۹ مرداد ۱۳۶۷"
    assert d.format("gregorian") == "31 July 1988"
    late = PartialDate.parse("اواخر مرداد ۶۷")
    assert late.format() == "late Mordad 1367 SH"
    assert late.format(script="persian") == "اواخر مرداد ۱۳۶۷"
    assert late.format("gregorian") == "13 August 1988 – 22 August 1988"
    assert PartialDate.parse("July 31, 1988").format("jalali", "persian") == "۹ مرداد ۱۳۶۷"


DATES = st.builds(
    PartialDate.parse,
    st.sampled_from(
        [
            "1367",
            "Mordad 1367",
            "۹ مرداد ۱۳۶۷",
            "c. 1988",
            "تابستان ۶۷",
            "late Tir 1367",
            "Muharram 1409",
            "after 1360",
            "mid-1988",
        ]
    ),
)


@given(DATES)
def test_dict_round_trip(d: PartialDate) -> None:
    stored = d.to_dict()
    assert PartialDate.from_dict(stored) == d
    assert PartialDate.from_dict(stored).to_dict() == stored


def test_a_malformed_stored_date_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="lacks the field 'calendar'"):
        PartialDate.from_dict({"year": 1367})
    with pytest.raises(InvalidInput, match="unknown calendar"):
        PartialDate.from_dict({"calendar": "julian", "year": 1367})


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@st.composite
def printed_jalali(draw: st.DrawFn) -> tuple[str, tuple[int, int, int]]:
    """A Jalali day as a list might print it: any digits, separators, bidi marks."""
    year = draw(st.integers(1300, 1420))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 29))
    sep = draw(st.sampled_from(["/", "-", ".", " / "]))
    text = f"{year}{sep}{month:0{draw(st.integers(1, 2))}d}{sep}{day}"
    text = text.translate(draw(st.sampled_from([_PERSIAN_DIGITS, _ARABIC_DIGITS, {}])))
    text = (
        draw(st.sampled_from(["", "\u200f", " "]))
        + text
        + draw(st.sampled_from(["", "\u200e", " ه.ش"]))
    )
    return text, (year, month, day)


@given(printed_jalali())
def test_printed_jalali_days_parse_and_keep_the_verbatim_text(
    case: tuple[str, tuple[int, int, int]],
) -> None:
    text, (y, m, d) = case
    parsed = PartialDate.parse(text)
    assert parsed.text == text  # the raw text is kept exactly as printed
    assert (parsed.calendar, parsed.year, parsed.month, parsed.day) == ("jalali", y, m, d)
    day = jdatetime.date(y, m, d).togregorian()
    assert parsed.earliest == parsed.latest == day
    assert PartialDate.from_dict(parsed.to_dict()).text == text


_PIECES = list("0123456789۰۱۲۳۴۵۶۷۸۹/-. ") + [
    "Mordad",
    "مرداد",
    "summer",
    "c.",
    "before",
    "AH",
    "Dey",
    "شصت",
    "و",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join) | st.text(max_size=15))
def test_any_text_parses_or_raises_invalid_input(text: str) -> None:
    try:
        d = PartialDate.parse(text)
    except InvalidInput as e:
        assert repr(text) in str(e)
    else:
        assert d.earliest <= d.latest
        assert PartialDate.from_dict(d.to_dict()) == d
