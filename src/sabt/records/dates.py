"""Partial dates as ranges, for claims: "1988", "1988-07", "1988-07-29" or a
Solar Hijri date that sabt.names understands.

The key of a date is ``earliest/latest`` (ISO 8601 days), so that comparing
two claimed dates is comparing ranges: they are compatible when they overlap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DateRange:
    earliest: dt.date
    latest: dt.date

    @property
    def key(self) -> str:
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    @classmethod
    def from_key(cls, key: str) -> DateRange:
        a, b = key.split("/")
        return cls(dt.date.fromisoformat(a), dt.date.fromisoformat(b))


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _iso(text: str) -> DateRange:
    m = _ISO.match(text)
    if not m:
        raise ValueError(f"expected a date such as 1988, 1988-07 or 1988-07-29; found {text!r}")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
        mon = int(month)
        if day is None:
            last = calendar.monthrange(year, mon)[1]
            return DateRange(dt.date(year, mon, 1), dt.date(year, mon, last))
        d = dt.date(year, mon, int(day))
        return DateRange(d, d)
    except ValueError as e:
        raise ValueError(f"not a real date: {text!r} ({e})") from None


def parse(text: str) -> DateRange:
    """The range a partial date covers, or ``ValueError`` naming what was found."""
    try:
        from sabt.names import PartialDate
    except ImportError:  # sabt.names not merged yet: Gregorian ISO forms only
        return _iso(text)
    try:
        pd = PartialDate.parse(text)
    except Exception as e:  # noqa: BLE001 - its error becomes the row's message
        raise ValueError(str(e)) from None
    return DateRange(pd.earliest, pd.latest)


def overlap(a: str, b: str) -> bool:
    ra, rb = DateRange.from_key(a), DateRange.from_key(b)
    return ra.earliest <= rb.latest and rb.earliest <= ra.latest
