"""The three calendars of the sources: Solar Hijri (Jalali), Gregorian, lunar Hijri.

Conversions use ``persiantools`` for the Jalali calendar (it agrees with
jdatetime and convertdate on every day 1900–2100; PERSIAN.md §4) and
``hijridate`` (the Umm al-Qura tables, AH 1343–1500) for the lunar calendar.
Never "year + 621": a Jalali year straddles two Gregorian years.

Month names in both scripts live in ``data/months.tsv``.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from functools import cache
from typing import Literal

from hijridate import Gregorian, Hijri
from persiantools.jdatetime import JalaliDate

from sabt.errors import InvalidInput
from sabt.names.data import read_table
from sabt.names.text import name_key

Calendar = Literal["jalali", "gregorian", "hijri"]
CALENDARS: tuple[Calendar, ...] = ("jalali", "gregorian", "hijri")


def _check(calendar: Calendar, year: int, month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise InvalidInput(f"month {month} does not exist in the {calendar} calendar (1–12)")
    length = month_length(calendar, year, month)
    if not 1 <= day <= length:
        raise InvalidInput(
            f"day {day} does not exist in {calendar} {year}/{month} (it has {length} days)"
        )


_YEARS = {"jalali": (1, 9377), "gregorian": (1, 9999), "hijri": (1343, 1500)}


def month_length(calendar: Calendar, year: int, month: int) -> int:
    """Days in ``month`` of ``year`` in ``calendar``; InvalidInput for a year out of range."""
    low, high = _YEARS[calendar]
    if not low <= year <= high:
        raise InvalidInput(
            f"the {calendar} year {year} is outside the supported years {low}–{high}"
        )
    if calendar == "jalali":
        return int(JalaliDate.days_in_month(month, year))
    if calendar == "gregorian":
        return calendar_module.monthrange(year, month)[1]
    try:
        return int(Hijri(year, month, 1).month_length())
    except (OverflowError, ValueError) as e:
        raise InvalidInput(
            f"the Hijri date {year}/{month} is outside the supported years AH 1343–1500"
        ) from e


def to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> dt.date:
    """The Gregorian day of ``year/month/day`` in ``calendar``; InvalidInput if none."""
    _check(calendar, year, month, day)
    try:
        return _convert(calendar, year, month, day)
    except (OverflowError, ValueError) as e:
        # Within the checked years this only happens at the very ends of the range.
        raise InvalidInput(
            f"{calendar} {year}/{month}/{day} has no Gregorian date sabt can represent"
        ) from e


def _convert(calendar: Calendar, year: int, month: int, day: int) -> dt.date:
    if calendar == "gregorian":
        return dt.date(year, month, day)
    if calendar == "jalali":
        result: dt.date = JalaliDate(year, month, day).to_gregorian()  # type: ignore[no-untyped-call]
        return result
    g = Hijri(year, month, day).to_gregorian()
    return dt.date(g.year, g.month, g.day)


def from_gregorian(calendar: Calendar, day: dt.date) -> tuple[int, int, int]:
    """``(year, month, day)`` of a Gregorian ``day`` in ``calendar``."""
    if calendar == "gregorian":
        return day.year, day.month, day.day
    if calendar == "jalali":
        j = JalaliDate.to_jalali(day)  # type: ignore[no-untyped-call]
        return int(j.year), int(j.month), int(j.day)
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError) as e:
        raise InvalidInput(f"{day.isoformat()} is outside the Hijri years AH 1343–1500") from e
    return h.year, h.month, h.day


def _calendar(name: str) -> Calendar:
    for calendar in CALENDARS:
        if calendar == name:
            return calendar
    raise InvalidInput(f"data/months.tsv names an unknown calendar {name!r}")


@cache
def _months() -> dict[str, tuple[Calendar, int]]:
    table: dict[str, tuple[Calendar, int]] = {}
    for calendar, month, spellings in read_table("months.tsv", 3):
        cal = _calendar(calendar)
        for spelling in spellings.split("|"):
            table[name_key(spelling)] = (cal, int(month))
    return table


@cache
def _names() -> dict[tuple[str, int], tuple[str, str]]:
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for calendar, month, spellings in read_table("months.tsv", 3):
        forms = spellings.split("|")
        latin = next(f for f in forms if f.isascii())
        persian = next(f for f in forms if any("\u0600" <= c <= "\u06ff" for c in f))
        names[(calendar, int(month))] = (latin, persian)
    return names


def month_from_name(word: str) -> tuple[Calendar, int] | None:
    """The calendar and number of a month name in any listed spelling, or None."""
    return _months().get(name_key(word))


def month_name(
    calendar: Calendar, month: int, script: Literal["latin", "persian"] = "latin"
) -> str:
    """The display name of a month: ``("jalali", 5)`` → "Mordad" / "مرداد"."""
    latin, persian = _names()[(calendar, month)]
    return latin if script == "latin" else persian
