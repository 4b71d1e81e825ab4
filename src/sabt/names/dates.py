"""Partial dates in three calendars, compared by interval (PERSIAN.md §4).

A source says "۱۳۶۷/۰۵/۰۹", "summer 67", "اواخر مرداد", "c. 1988" or
"Muharram 1409". A :class:`PartialDate` keeps what it said — calendar, year,
month and day as far as given, a qualifier, a season and the verbatim text —
and derives a Gregorian interval ``[earliest, latest]``. Dates are compared by
interval overlap, never by equality.

Interval rules (documented in docs/names.md):

* precision gives the base span: a day, a month, a year, or a season (Jalali
  seasons: spring = Farvardin–Khordad ... winter = Dey–Esfand; a Gregorian
  "summer 1988" is the Jalali summer of the same solar year);
  A decade ("دهه ۶۰", "the 1360s") is ten years;
* early / mid / late take the first, middle or last third of that span;
* circa widens it by 7 days (day), 31 days (month), 365 days (year, season)
  or three years (decade);
* before / after are open on one side (``date.min`` / ``date.max``), and
  exclude the span itself.

Parsing lives in :mod:`sabt.names.dateparse`; this module is the value object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from sabt.errors import InvalidInput
from sabt.names.calendars import (
    CALENDARS,
    Calendar,
    from_gregorian,
    month_length,
    month_name,
    to_gregorian,
)

Qualifier = Literal["exact", "circa", "before", "after", "early", "mid", "late", "season"]
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "circa",
    "before",
    "after",
    "early",
    "mid",
    "late",
    "season",
)
SEASONS: tuple[str, ...] = ("spring", "summer", "autumn", "winter")

_WIDEN = {"day": 7, "month": 31, "year": 365, "season": 365, "decade": 365 * 3}
_LATIN_WORD = {
    "circa": "circa",
    "before": "before",
    "after": "after",
    "early": "early",
    "mid": "mid",
    "late": "late",
}
_PERSIAN_WORD = {
    "circa": "حدود",
    "before": "قبل از",
    "after": "بعد از",
    "early": "اوایل",
    "mid": "اواسط",
    "late": "اواخر",
}
_PERSIAN_SEASON = {"spring": "بهار", "summer": "تابستان", "autumn": "پاییز", "winter": "زمستان"}
_SUFFIX_LATIN = {"jalali": " SH", "gregorian": "", "hijri": " AH"}
_SUFFIX_PERSIAN = {"jalali": "", "gregorian": " میلادی", "hijri": " قمری"}
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class PartialDate:
    """A date as a source gave it, with its Gregorian interval.

    Construct with :meth:`parse` (text) or :meth:`from_dict` (stored form);
    the constructor validates and raises :class:`sabt.errors.InvalidInput`.
    """

    calendar: Calendar
    year: int
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier = "exact"
    season: str | None = None
    text: str = ""
    decade: bool = False
    _span: tuple[dt.date, dt.date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.calendar not in CALENDARS:
            raise InvalidInput(
                f"unknown calendar {self.calendar!r}; expected one of {', '.join(CALENDARS)}"
            )
        if self.qualifier not in QUALIFIERS:
            raise InvalidInput(
                f"unknown date qualifier {self.qualifier!r}; expected one of {', '.join(QUALIFIERS)}"
            )
        if self.season is not None and self.season not in SEASONS:
            raise InvalidInput(
                f"unknown season {self.season!r}; expected one of {', '.join(SEASONS)}"
            )
        if self.decade and (self.month is not None or self.season is not None or self.year % 10):
            raise InvalidInput(
                f"a decade is a year ending in 0 without month or season, not {self.year}"
            )
        if self.season is not None and (self.month is not None or self.calendar == "hijri"):
            raise InvalidInput(
                "a season goes with a year of a solar calendar only, not with a month or a Hijri year"
            )
        if self.qualifier == "season" and self.season is None:
            raise InvalidInput("the qualifier 'season' needs a season")
        if self.day is not None and self.month is None:
            raise InvalidInput("a day needs a month")
        object.__setattr__(self, "_span", self._interval())

    # -- parsing and storage -------------------------------------------------

    @classmethod
    def parse(cls, text: str, default_calendar: Calendar | None = None) -> PartialDate:
        """Read a date in Persian or Latin script; InvalidInput quoting ``text`` if unreadable.

        ``default_calendar`` decides two-digit years and years 13xx/14xx
        (Jalali or Hijri) when the text names no calendar or month.
        """
        from sabt.names.dateparse import parse_date

        return parse_date(text, default_calendar)

    def to_dict(self) -> dict[str, Any]:
        """The stored form: plain JSON types, with the derived interval for queries."""
        return {
            "calendar": self.calendar,
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "qualifier": self.qualifier,
            "season": self.season,
            "text": self.text,
            "decade": self.decade,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartialDate:
        """The inverse of :meth:`to_dict`; the interval is recomputed, not trusted."""
        try:
            made = cls(
                calendar=data["calendar"],
                year=int(data["year"]),
                month=None if data.get("month") is None else int(data["month"]),
                day=None if data.get("day") is None else int(data["day"]),
                qualifier=data.get("qualifier", "exact"),
                season=data.get("season"),
                text=str(data.get("text", "")),
                decade=bool(data.get("decade", False)),
            )
        except KeyError as e:
            raise InvalidInput(
                f"a stored date lacks the field {e.args[0]!r}", {"date": repr(data)}
            ) from e
        except (TypeError, ValueError) as e:
            raise InvalidInput(
                f"a stored date has a malformed field: {e}", {"date": repr(data)}
            ) from e
        return made

    # -- the interval ----------------------------------------------------------

    @property
    def precision(self) -> str:
        """ "day", "month", "season", "year" or "decade"."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.decade:
            return "decade"
        return "season" if self.season is not None else "year"

    @property
    def earliest(self) -> dt.date:
        """The first Gregorian day the date can mean (``date.min`` if open)."""
        return self._span[0]

    @property
    def latest(self) -> dt.date:
        """The last Gregorian day the date can mean (``date.max`` if open)."""
        return self._span[1]

    def __str__(self) -> str:
        return self.format()

    def overlaps(self, other: PartialDate) -> bool:
        """True when the two dates can mean the same day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def _base(self) -> tuple[dt.date, dt.date]:
        cal, y = self.calendar, self.year
        if self.day is not None and self.month is not None:
            d = to_gregorian(cal, y, self.month, self.day)
            return d, d
        if self.month is not None:
            return to_gregorian(cal, y, self.month, 1), to_gregorian(
                cal, y, self.month, month_length(cal, y, self.month)
            )
        if self.season is not None:
            jy = y if cal == "jalali" else y - 621  # the Jalali year starting in March of y
            first = 3 * SEASONS.index(self.season) + 1
            return to_gregorian("jalali", jy, first, 1), to_gregorian(
                "jalali", jy, first + 2, month_length("jalali", jy, first + 2)
            )
        last = y + 9 if self.decade else y
        return to_gregorian(cal, y, 1, 1), to_gregorian(cal, last, 12, month_length(cal, last, 12))

    def _core(self) -> tuple[dt.date, dt.date]:
        """The base span narrowed by early / mid / late."""
        start, end = self._base()
        if self.qualifier in ("early", "mid", "late") and start != end:
            days = (end - start).days + 1
            third = days // 3
            if self.qualifier == "early":
                return start, start + dt.timedelta(days=third - 1)
            if self.qualifier == "mid":
                return start + dt.timedelta(days=third), end - dt.timedelta(days=third)
            return end - dt.timedelta(days=third - 1), end
        return start, end

    def _interval(self) -> tuple[dt.date, dt.date]:
        try:
            start, end = self._core()
            if self.qualifier == "circa":
                pad = dt.timedelta(days=_WIDEN[self.precision])
                return start - pad, end + pad
            if self.qualifier == "before":
                return dt.date.min, start - dt.timedelta(days=1)
            if self.qualifier == "after":
                return end + dt.timedelta(days=1), dt.date.max
        except OverflowError as e:
            raise InvalidInput(
                f"the year {self.year} is outside the dates sabt can represent"
            ) from e
        return start, end

    # -- display ----------------------------------------------------------------

    def format(
        self, calendar: Calendar | None = None, script: Literal["latin", "persian"] = "latin"
    ) -> str:
        """The date for a reader, in its own calendar or converted to ``calendar``.

        In its own calendar the date reads as given ("late Mordad 1367 SH");
        converted, the interval is shown ("23 July 1988 – 22 August 1988").
        """
        target = calendar or self.calendar
        body = self._native(script) if target == self.calendar else self._converted(target, script)
        return body.translate(_PERSIAN_DIGITS) if script == "persian" else body

    def _qualified(self, body: str, script: str) -> str:
        words = _PERSIAN_WORD if script == "persian" else _LATIN_WORD
        if self.qualifier in words:
            return f"{words[self.qualifier]} {body}"
        return body

    def _native(self, script: str) -> str:
        sfx = (_SUFFIX_PERSIAN if script == "persian" else _SUFFIX_LATIN)[self.calendar]
        parts: list[str] = []
        if self.season is not None:
            parts.append(_PERSIAN_SEASON[self.season] if script == "persian" else self.season)
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None:
            parts.append(
                month_name(self.calendar, self.month, "persian" if script == "persian" else "latin")
            )
        if self.decade:
            parts.append(f"دهه {self.year}{sfx}" if script == "persian" else f"{self.year}s{sfx}")
        else:
            parts.append(f"{self.year}{sfx}")
        return self._qualified(" ".join(parts), script)

    def _converted(self, target: Calendar, script: str) -> str:
        start, end = self._core()
        if self.qualifier == "before":
            return self._qualified(_day(target, start, script), script)
        if self.qualifier == "after":
            return self._qualified(_day(target, end, script), script)
        body = (
            _day(target, start, script)
            if start == end
            else f"{_day(target, start, script)} – {_day(target, end, script)}"
        )
        return (
            f"{_PERSIAN_WORD['circa']} {body}"
            if self.qualifier == "circa" and script == "persian"
            else (f"circa {body}" if self.qualifier == "circa" else body)
        )


def _day(calendar: Calendar, day: dt.date, script: str) -> str:
    y, m, d = from_gregorian(calendar, day)
    sfx = (_SUFFIX_PERSIAN if script == "persian" else _SUFFIX_LATIN)[calendar]
    return f"{d} {month_name(calendar, m, 'persian' if script == 'persian' else 'latin')} {y}{sfx}"
