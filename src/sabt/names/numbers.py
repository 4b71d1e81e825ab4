"""Persian number words: "شصت و هفت" → 67, "هزار و سیصد و شصت و هفت" → 1367.

Dates in testimony and memorial lists are often written out in words, and day
numbers as ordinals ("نهم مرداد", "بیست و یکم"). Only what a date needs is
covered: cardinals and ordinals up to the thousands.
"""

from __future__ import annotations

from sabt.names.text import search_key

_UNITS = {
    "صفر": 0, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6,
    "هفت": 7, "هشت": 8, "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13,
    "چهارده": 14, "پانزده": 15, "پونزده": 15, "شانزده": 16, "هفده": 17, "هجده": 18,
    "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50,
    "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90, "صد": 100, "یکصد": 100,
    "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600,
    "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
_ORDINAL_ONLY = {"اول": 1, "یکم": 1, "نخست": 1, "سوم": 3, "سیام": 30}


def word_value(word: str) -> int | None:
    """The value of one number word, cardinal or ordinal (نهم → 9), or None."""
    w = search_key(word)
    if w in _UNITS:
        return _UNITS[w]
    if w in _ORDINAL_ONLY:
        return _ORDINAL_ONLY[w]
    for suffix in ("مین", "ام", "م"):
        if w.endswith(suffix) and w[: -len(suffix)] in _UNITS:
            return _UNITS[w[: -len(suffix)]]
    return None


def is_thousand(word: str) -> bool:
    """True for هزار, the only multiplier a date needs."""
    return search_key(word) in {"هزار", "یکهزار"}


def words_value(words: list[str]) -> int | None:
    """The value of a run of number words joined by و ("and"), or None if not one.

    ``["هزار", "و", "سیصد", "و", "شصت", "و", "هفت"]`` → 1367.
    """
    total = 0
    current = 0
    expect_number = True
    for word in words:
        if search_key(word) == "و":
            if expect_number:
                return None
            expect_number = True
            continue
        if not expect_number:
            return None
        if is_thousand(word):
            total += (current or 1) * 1000
            current = 0
        else:
            value = word_value(word)
            if value is None:
                return None
            current += value
        expect_number = False
    if expect_number:
        return None
    return total + current
