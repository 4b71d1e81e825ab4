"""Reading dates written in Persian or Latin script (PERSIAN.md §4).

Forms read: ``۱۳۶۷/۰۵/۰۶``, ``1367/5/6``, ``67/5/6``, ``31.07.1988``,
``1988-07-31``, month names of the three calendars in either script
("۹ مرداد ۱۳۶۷", "6 Amordad 1367", "July 31, 1988", "Muharram 1409"), number
words ("شصت و هفت", "نهم مرداد ۶۷"), qualifiers (circa, before, after, early,
mid, late; حدود, قبل از, بعد از, اوایل, اواسط, اواخر), seasons ("تابستان ۶۷",
"summer 1988"), decades ("دهه ۶۰", "دهه شصت", "the 1360s") and calendar markers (ه‍.ش, ق, م, SH, AH, AD).

Years: 13xx/14xx are Jalali (Hijri when the text or ``default_calendar`` says
so), 1500 and later Gregorian. Two-digit years need a calendar — from a month name,
a marker, Persian script or the Persian year-first short form yy/m/d (Jalali),
or ``default_calendar`` — and read as 13yy
(Jalali), 19yy (Gregorian) or 14yy/13yy (Hijri, pivot 50).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sabt.errors import InvalidInput
from sabt.names.calendars import Calendar, month_from_name
from sabt.names.dates import PartialDate, Qualifier
from sabt.names.numbers import is_thousand, word_value, words_value
from sabt.names.text import search_key

_TOKEN = re.compile(r"\d+(?:\s*[/\-.]\s*\d+)+|\d+|[^\W\d_]+|[~?<>]")

_QUALIFIERS: dict[str, Qualifier] = {
    "c": "circa", "ca": "circa", "circa": "circa", "about": "circa", "approx": "circa",
    "approximately": "circa", "around": "circa", "abt": "circa", "~": "circa", "?": "circa",
    "حدود": "circa", "حدودا": "circa", "تقریبا": "circa", "حوالی": "circa",
    "before": "before", "bef": "before", "<": "before", "قبل": "before", "پیش": "before",
    "after": "after", "aft": "after", ">": "after", "بعد": "after", "پس": "after",
    "early": "early", "اوایل": "early", "ابتدای": "early", "اوائل": "early",
    "mid": "mid", "middle": "mid", "اواسط": "mid", "میانه": "mid", "نیمه": "mid", "وسط": "mid",
    "late": "late", "end": "late", "اواخر": "late", "اخر": "late", "پایان": "late",
}  # fmt: skip
_SEASONS = {
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
    "بهار": "spring", "تابستان": "summer", "پاییز": "autumn", "زمستان": "winter",
}  # fmt: skip
_MARKERS: dict[str, Calendar] = {
    "sh": "jalali", "ap": "jalali", "hs": "jalali", "solar": "jalali", "jalali": "jalali",
    "شمسی": "jalali", "خورشیدی": "jalali", "ش": "jalali", "هش": "jalali",
    "ad": "gregorian", "ce": "gregorian", "gregorian": "gregorian", "میلادی": "gregorian", "م": "gregorian",
    "ah": "hijri", "hijri": "hijri", "lunar": "hijri", "قمری": "hijri", "ق": "hijri", "هق": "hijri",
}  # fmt: skip
_FILLER = {
    "of", "the", "in", "on", "year", "month", "day", "st", "nd", "rd", "th", "from", "about",
    "از", "سال", "ماه", "روز", "در", "ه", "هجری", "تاریخ", "ام",
}  # fmt: skip


@dataclass
class _Reading:
    qualifier: Qualifier = "exact"
    season: str | None = None
    calendar: Calendar | None = None
    month: int | None = None
    numbers: list[tuple[int, int]] = field(default_factory=list)  # (value, digits written)
    numeric: list[tuple[int, int]] | None = None  # the parts of 1367/5/6
    persian: bool = False
    numbers_before_month: int = 0
    decade: bool = False


def _fail(text: str, why: str) -> InvalidInput:
    return InvalidInput(f"cannot read {text!r} as a date: {why}", {"date": f"{text!r}: {why}"})


def _set_calendar(r: _Reading, calendar: Calendar, text: str) -> None:
    if r.calendar is not None and r.calendar != calendar:
        raise _fail(text, f"it names both the {r.calendar} and the {calendar} calendar")
    r.calendar = calendar


def _read_tokens(text: str, tokens: list[str]) -> _Reading:
    r = _Reading(persian=any("\u0600" <= c <= "\u06ff" for c in text))
    i = 0
    while i < len(tokens):
        # Month names of up to three words ("Rabi al-Awwal", "ذی الحجه") first.
        for width in (3, 2, 1):
            found = (
                month_from_name("".join(tokens[i : i + width]))
                if i + width <= len(tokens)
                else None
            )
            if found is not None:
                if r.month is not None:
                    raise _fail(text, "it names two months")
                _set_calendar(r, found[0], text)
                r.month = found[1]
                r.numbers_before_month = len(r.numbers)
                i += width
                break
        else:
            i = _read_word(text, tokens, i, r)
    return r


def _read_word(text: str, tokens: list[str], i: int, r: _Reading) -> int:
    tok = tokens[i]
    if tok[0].isdigit():
        if any(sep in tok for sep in "/-."):
            if r.numeric is not None:
                raise _fail(text, "it holds two numeric dates")
            parts = re.split(r"\s*[/\-.]\s*", tok)
            r.numeric = [(int(p), len(p)) for p in parts]
        else:
            r.numbers.append((int(tok), len(tok)))
        return i + 1
    if word_value(tok) is not None or is_thousand(tok):
        j = i
        while j < len(tokens) and (
            word_value(tokens[j]) is not None or is_thousand(tokens[j]) or tokens[j] == "و"
        ):
            j += 1
        while j > i and tokens[j - 1] == "و":
            j -= 1
        value = words_value(tokens[i:j])
        if value is None:
            raise _fail(text, f"the number words {' '.join(tokens[i:j])!r} do not make a number")
        r.numbers.append((value, len(str(value))))
        return j
    if tok in _QUALIFIERS:
        if r.qualifier != "exact" and r.qualifier != _QUALIFIERS[tok]:
            raise _fail(text, "it has two qualifiers")
        r.qualifier = _QUALIFIERS[tok]
        return i + 1
    if tok in ("دهه", "decade", "s") and (tok != "s" or (i > 0 and tokens[i - 1].isdigit())):
        r.decade = True  # دهه ۶۰, the 1360s
        return i + 1
    if tok in _SEASONS:
        r.season = _SEASONS[tok]
        return i + 1
    if tok == "solar" and i + 1 < len(tokens) and tokens[i + 1] == "hijri":
        _set_calendar(r, "jalali", text)
        return i + 2
    if tok in _MARKERS:
        _set_calendar(r, _MARKERS[tok], text)
        return i + 1
    if tok in _FILLER:
        return i + 1
    raise _fail(text, f"the word {tok!r} is not part of a date")


def _year(
    text: str, value: int, digits: int, r: _Reading, default: Calendar | None
) -> tuple[Calendar, int]:
    if digits <= 2:
        cal = r.calendar or default or ("jalali" if r.persian else None)
        if cal is None:
            raise _fail(
                text,
                "a two-digit year needs a calendar (a month name, a marker such as SH/AD, or default_calendar)",
            )
        if cal == "jalali":
            return cal, 1300 + value
        if cal == "gregorian":
            return cal, 1900 + value
        return cal, (1400 if value < 50 else 1300) + value
    if r.calendar is not None:
        return r.calendar, value
    if 1300 <= value <= 1499:
        return (default if default in ("jalali", "hijri") else "jalali"), value
    if value >= 1500:  # a Jalali year 1500 is 2121 AD: such a year is Gregorian
        return "gregorian", value
    if default is not None:
        return default, value
    raise _fail(text, f"the year {value} could be in any calendar; pass default_calendar")


def parse_date(text: str, default_calendar: Calendar | None = None) -> PartialDate:
    """Read ``text`` as a :class:`PartialDate`; InvalidInput quoting it if unreadable."""
    key = search_key(text)
    tokens = _TOKEN.findall(key)
    if not tokens:
        raise _fail(text, "it is empty")
    r = _read_tokens(text, tokens)
    year_raw: tuple[int, int] | None = None
    month = r.month
    day: int | None = None
    if r.numeric is not None:
        if r.numbers or month is not None:
            raise _fail(text, "it mixes a numeric date with other numbers or a month name")
        parts = r.numeric
        if len(parts) == 3:
            if parts[0][1] >= 3 or parts[0][0] > 31:
                year_raw, month, day = parts[0], parts[1][0], parts[2][0]
                # Year first with two digits is the Persian short form: 67/5/6.
                r.persian = r.persian or parts[0][1] <= 2
            elif parts[2][1] >= 3 or parts[2][0] > 31:
                day, month, year_raw = parts[0][0], parts[1][0], parts[2]
            else:
                # Year first with two digits is the Persian short form: 67/5/6.
                year_raw, month, day = parts[0], parts[1][0], parts[2][0]
                r.persian = True
        elif len(parts) == 2:
            if parts[0][1] >= 3 or parts[0][0] > 12:
                year_raw, month = parts[0], parts[1][0]
            elif parts[1][1] >= 3 or parts[1][0] > 12:
                month, year_raw = parts[0][0], parts[1]
            else:
                raise _fail(text, "it is not clear which number is the year")
        else:
            raise _fail(text, "a numeric date has two or three parts")
    else:
        numbers = r.numbers
        if len(numbers) == 1:
            if month is not None and r.numbers_before_month == 1 and numbers[0][1] <= 2:
                raise _fail(text, "it has a day and a month but no year")
            year_raw = numbers[0]
        elif len(numbers) == 2 and month is not None:
            # The four-digit number is the year; otherwise the later one (9 Mordad 67).
            if numbers[0][1] >= 3 and numbers[1][1] < 3:
                year_raw, day = numbers[0], numbers[1][0]
            else:
                day, year_raw = numbers[0][0], numbers[1]
        elif not numbers:
            raise _fail(text, "it has no year")
        else:
            raise _fail(text, "it has more numbers than a date")
    assert year_raw is not None
    calendar, year = _year(text, year_raw[0], year_raw[1], r, default_calendar)
    qualifier: Qualifier = r.qualifier
    if r.season is not None and qualifier == "exact":
        qualifier = "season"
    try:
        return PartialDate(calendar, year, month, day, qualifier, r.season, text, r.decade)
    except InvalidInput as e:
        raise _fail(text, e.message) from e
