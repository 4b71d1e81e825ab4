"""Partial dates as ranges, for claims: "1988", "1988-07", "1988-07-29",
"c. 1950", "summer 1988", or a Solar Hijri date ("1367", "۱۳۶۷/۰۵") — whatever
``sabt.names.PartialDate`` reads.

The key of a date is ``earliest/latest`` (ISO 8601 days), so that comparing
two claimed dates is comparing ranges: they are compatible when they overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sabt.errors import InvalidInput
from sabt.names import PartialDate


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


def parse(text: str) -> DateRange:
    """The range a partial date covers, or ``ValueError`` naming what was found."""
    try:
        pd = PartialDate.parse(text)
    except InvalidInput as e:  # its message becomes the row's or field's message
        raise ValueError(e.message) from None
    return DateRange(pd.earliest, pd.latest)


def overlap(a: str, b: str) -> bool:
    ra, rb = DateRange.from_key(a), DateRange.from_key(b)
    return ra.earliest <= rb.latest and rb.earliest <= ra.latest
