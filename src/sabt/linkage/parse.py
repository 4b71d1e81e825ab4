"""Parse one raw row of a list into an attestation's fields.

Raw text is never altered (it is kept beside the fields); parsed fields are in
display form (``sabt.names.normalize``), titles are split into their own field
(PERSIAN.md §5), a full name is split into given and family name (a comma
means "family, given"; otherwise the mapping's ``name_order``, keeping an
affix printed apart (زاده / zadeh, نژاد / nejad: ``sabt.names.surname_affixes``,
the romanisation table's) with the family name), and a birth year becomes a
calendar, a year and the Gregorian years it can span (a Jalali year Y spans
Gregorian Y+621 and Y+622, PERSIAN.md §4).

Problems are returned, not raised, so an import can report every bad row.
"""

from __future__ import annotations

import re
from typing import Any

from sabt.errors import InvalidInput
from sabt.linkage.mapping import Mapping
from sabt.names import name_key, normalize, split_titles, surname_affixes
from sabt.names.dates import PartialDate

_COMMA = re.compile("[,،]")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_SEX = {"m": "M", "male": "M", "مرد": "M", "f": "F", "female": "F", "زن": "F"}


def _split_full(full: str, order: str) -> tuple[str, str]:
    parts = _COMMA.split(full, maxsplit=1)
    if len(parts) == 2:
        return parts[1].strip(), parts[0].strip()
    words = full.split()
    if len(words) < 2:
        return "", full
    affixes = surname_affixes()  # sabt.names' table: one list of affixes for every package
    if order == "family_first":
        n = 2 if len(words) > 2 and name_key(words[1]) in affixes else 1
        return " ".join(words[n:]), " ".join(words[:n])
    n = 2 if len(words) > 2 and name_key(words[-1]) in affixes else 1
    return " ".join(words[:-n]), " ".join(words[-n:])


def parse_birth_year(text: str, calendar: str) -> dict[str, Any]:
    """``{"text", "calendar", "year", "gregorian": [lo, hi]}``; ValueError if not a year."""
    digits = normalize(text).translate(_DIGITS).strip()
    if not re.fullmatch(r"\d{2}|\d{4}", digits):
        raise ValueError("expected a year such as 1340, ۱۳۴۰, 40 or 1961")
    year = int(digits)
    if len(digits) == 2:
        if calendar != "jalali":
            raise ValueError(
                'a two-digit year is ambiguous unless the mapping sets birth_calendar = "jalali"'
            )
        year += 1300
    cal = calendar
    if cal == "auto":
        cal = "jalali" if 1200 <= year < 1500 else "gregorian"
    if cal == "jalali":
        if not 1250 <= year <= 1370:
            raise ValueError(f"Jalali year {year} is outside 1250–1370")
        lo, hi = year + 621, year + 622
    else:
        if not 1870 <= year <= 1991:
            raise ValueError(f"Gregorian year {year} is outside 1870–1991")
        lo = hi = year
    return {"text": text, "calendar": cal, "year": year, "gregorian": [lo, hi]}


def parse_row(raw: dict[str, str], mapping: Mapping) -> tuple[dict[str, Any], dict[str, str]]:
    """``(fields, problems)`` for one row; problems map ``field (column 'X')`` to what is wrong."""
    cols = mapping.columns
    get = {f: normalize(raw.get(c, "")) for f, c in cols.items()}
    problems: dict[str, str] = {}
    fields: dict[str, Any] = {}

    given, family = get.get("given_name", ""), get.get("family_name", "")
    titles: tuple[str, ...] = ()
    if get.get("full_name"):
        # Titles lead the printed full name ("شهید سید کریمی، علی"): split them
        # off before the name is split into given and family.
        titles, rest = split_titles(get["full_name"])
        g, f = _split_full(rest, mapping.name_order)
        given, family = given or g, family or f
    # Titles also lead the given name inside split columns, or after the comma
    # of "KARIMI, Seyed Ali" (or the family name when there is no given name).
    more, _ = split_titles(f"{given} {family}".strip())
    if more:
        titles += more
        words = given.split() if given else family.split()
        rest = " ".join(words[len(" ".join(more).split()) :])
        given, family = (rest, family) if given else (given, rest)
    if not (given or family):
        where = ", ".join(
            f"{f} (column {cols[f]!r})"
            for f in ("full_name", "given_name", "family_name")
            if f in cols
        )
        problems["name"] = f"no name: {where} empty"
    fields.update(given_name=given, family_name=family, titles=list(titles))

    father = get.get("father_name", "")
    if father:
        # "سید حسن" and "حسن" are one father: titles go to their own field, as
        # for the person (split_titles itself keeps Mir/Mirza that begin names).
        ftitles, bare = split_titles(father)
        if bare:
            father = bare
            if ftitles:
                fields["father_titles"] = list(ftitles)
        fields["father_name"] = father
    if get.get("birth_year"):
        try:
            fields["birth_year"] = parse_birth_year(raw[cols["birth_year"]], mapping.birth_calendar)
        except ValueError as e:
            problems[f"birth_year (column {cols['birth_year']!r})"] = (
                f"{e}; found {raw[cols['birth_year']]!r}"
            )
    if get.get("sex"):
        sex = _SEX.get(get["sex"].casefold())
        if sex is None:
            problems[f"sex (column {cols['sex']!r})"] = (
                f"expected M/F, male/female or مرد/زن; found {raw[cols['sex']]!r}"
            )
        fields["sex"] = sex
    if get.get("death_date"):
        col = cols["death_date"]
        try:
            date = PartialDate.parse(raw[col])
            fields["death_date"] = {
                "text": raw[col],
                "date": date.to_dict(),
                "gregorian": [date.earliest.isoformat(), date.latest.isoformat()],
            }
        except InvalidInput as e:
            problems[f"death_date (column {col!r})"] = f"{e.message}; found {raw[col]!r}"
    for f in ("prison", "city", "affiliation", "notes"):
        if get.get(f):
            fields[f] = get[f]
    return fields, problems
