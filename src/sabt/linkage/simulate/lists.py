"""How each simulated list prints a person.

Four templates modelled on the kinds of published lists (PERSIAN.md §5):
a Latin list with split name columns and Gregorian birth years, a Persian list
with Jalali years and execution dates, a Persian list with one full-name field
("family، given"), "فرزند" and memorial titles, and a Latin list printed
"FAMILY, Given" with mixed-calendar birth years. More lists cycle through them.
Every template declares the mapping that ``sabt lists import`` needs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from persiantools.jdatetime import JalaliDate

from sabt.linkage.simulate import nametables as t
from sabt.linkage.simulate import noise
from sabt.linkage.simulate.population import NamePart, Person

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Template:
    columns: tuple[str, ...]
    mapping: dict[str, str]  # sabt field -> column
    options: dict[str, str]
    render: Callable[[Person, random.Random, float], dict[str, str]]


def _fa(part: NamePart, rng: random.Random, n: float) -> str:
    text = part.fa[0] if len(part.fa) == 1 else noise.persian_joint(rng).join(part.fa)
    if rng.random() < 0.5 * n:
        text = noise.arabic_letters(text, rng)
    if rng.random() < 0.3 * n:
        text = noise.hamza_spelling(text)
    if rng.random() < 0.02 * n:
        text = noise.tatweel(text, rng)
    if rng.random() < 0.04 * n:
        text = noise.typo(text, rng)
    return text


def _latin(part: NamePart, rng: random.Random, n: float) -> str:
    pieces = [
        noise.pick_spelling(u, list(v), rng, 0.25 * n)
        for u, v in zip(part.usual, part.latin, strict=True)
    ]
    text = pieces[0]
    if len(pieces) == 2:
        joint = noise.latin_joint(rng)
        second = pieces[1].capitalize() if joint else pieces[1]
        text = pieces[0] + joint + second
    if rng.random() < 0.04 * n:
        text = noise.typo(text, rng)
    return text


def _birth_year_fa(p: Person, rng: random.Random, n: float, missing: float) -> str:
    if rng.random() < missing * n:
        return ""
    year = p.birth[0] + (rng.choice([-1, 1]) if rng.random() < 0.05 * n else 0)
    text = str(year) if rng.random() < 0.8 else str(year)[2:]
    return text.translate(_FA_DIGITS) if rng.random() < 0.5 else text


def _gregorian_year(p: Person) -> int:
    return JalaliDate(*p.birth).to_gregorian().year


def _birth_year_latin(
    p: Person, rng: random.Random, n: float, missing: float, jalali: float
) -> str:
    if rng.random() < missing * n:
        return ""
    shift = rng.choice([-1, 1]) if rng.random() < 0.05 * n else 0
    if rng.random() < jalali:
        return str(p.birth[0] + shift)
    return str(_gregorian_year(p) + shift)


def _title_fa(p: Person, rng: random.Random, n: float, memorial: float) -> str:
    titles = []
    if rng.random() < memorial:
        titles.append("شهید")
    if p.sayyid and rng.random() < 0.7:
        titles.append("سید")
    elif rng.random() < 0.01 * n:
        titles.append("حاج")
    return " ".join(titles)


def _title_latin(p: Person, rng: random.Random) -> str:
    if p.sayyid and rng.random() < 0.6:
        return rng.choice(t.spellings(t.TITLES[0]))
    return ""


def _render_a(p: Person, rng: random.Random, n: float) -> dict[str, str]:
    title = _title_latin(p, rng)
    given = _latin(p.given, rng, n)
    return {
        "First name": f"{title} {given}".strip(),
        "Last name": _latin(p.family, rng, n),
        "Father's name": "" if rng.random() < 0.4 * n else _latin(p.father, rng, n),
        "Year of birth": _birth_year_latin(p, rng, n, 0.3, jalali=0.0),
        "Prison": p.prison,
        "City": p.city,
    }


def _death_fa(p: Person, rng: random.Random) -> str:
    y, m, d = p.death
    if rng.random() < 0.3:
        return f"{d} {t.JALALI_MONTHS[m - 1][0]} {y}".translate(_FA_DIGITS)
    text = f"{y}/{m:02d}/{d:02d}" if rng.random() < 0.5 else f"{y}/{m}/{d}"
    return text.translate(_FA_DIGITS) if rng.random() < 0.6 else text


def _fa_place(latin: str, table: tuple[tuple[str, str], ...]) -> str:
    return next(fa for fa, lat in table if lat == latin)


def _render_b(p: Person, rng: random.Random, n: float) -> dict[str, str]:
    title = _title_fa(p, rng, n, memorial=0.25)
    return {
        "نام": f"{title} {_fa(p.given, rng, n)}".strip(),
        "نام خانوادگی": _fa(p.family, rng, n),
        "نام پدر": "" if rng.random() < 0.1 * n else _fa(p.father, rng, n),
        "سال تولد": _birth_year_fa(p, rng, n, 0.2),
        "زندان": _fa_place(p.prison, t.PRISONS),
        "تاریخ اعدام": "" if rng.random() < 0.3 else _death_fa(p, rng),
    }


def _render_c(p: Person, rng: random.Random, n: float) -> dict[str, str]:
    title = _title_fa(p, rng, n, memorial=0.6)
    given, family = _fa(p.given, rng, n), _fa(p.family, rng, n)
    full = f"{family}، {given}" if rng.random() < 0.5 else f"{given} {family}"
    father = "" if rng.random() < 0.35 * n else _fa(p.father, rng, n)
    return {
        "نام و نام خانوادگی": f"{title} {full}".strip(),
        "فرزند": father,
        "سال تولد": _birth_year_fa(p, rng, n, 0.5),
        "سازمان": _fa_place(p.affiliation, t.AFFILIATIONS),
        "شهر": _fa_place(p.city, t.CITIES),
    }


def _render_d(p: Person, rng: random.Random, n: float) -> dict[str, str]:
    family = _latin(p.family, rng, n)
    given = _latin(p.given, rng, n)
    title = _title_latin(p, rng)
    name = f"{family.upper()}, {f'{title} {given}'.strip()}"
    y, m, d = p.death
    death = JalaliDate(y, m, d).to_gregorian().isoformat() if rng.random() < 0.7 else ""
    return {
        "Name": name,
        "Father": "" if rng.random() < 0.5 * n else _latin(p.father, rng, n),
        "Born": _birth_year_latin(p, rng, n, 0.25, jalali=0.4),
        "Organisation": p.affiliation,
        "City": p.city,
        "Executed": death,
    }


TEMPLATES: tuple[Template, ...] = (
    Template(
        ("First name", "Last name", "Father's name", "Year of birth", "Prison", "City"),
        {
            "given_name": "First name",
            "family_name": "Last name",
            "father_name": "Father's name",
            "birth_year": "Year of birth",
            "prison": "Prison",
            "city": "City",
        },
        {"birth_calendar": "gregorian"},
        _render_a,
    ),
    Template(
        ("نام", "نام خانوادگی", "نام پدر", "سال تولد", "زندان", "تاریخ اعدام"),
        {
            "given_name": "نام",
            "family_name": "نام خانوادگی",
            "father_name": "نام پدر",
            "birth_year": "سال تولد",
            "prison": "زندان",
            "death_date": "تاریخ اعدام",
        },
        {"birth_calendar": "jalali"},
        _render_b,
    ),
    Template(
        ("نام و نام خانوادگی", "فرزند", "سال تولد", "سازمان", "شهر"),
        {
            "full_name": "نام و نام خانوادگی",
            "father_name": "فرزند",
            "birth_year": "سال تولد",
            "affiliation": "سازمان",
            "city": "شهر",
        },
        {"birth_calendar": "jalali", "name_order": "given_first"},
        _render_c,
    ),
    Template(
        ("Name", "Father", "Born", "Organisation", "City", "Executed"),
        {
            "full_name": "Name",
            "father_name": "Father",
            "birth_year": "Born",
            "affiliation": "Organisation",
            "city": "City",
            "death_date": "Executed",
        },
        {"birth_calendar": "auto", "name_order": "family_first"},
        _render_d,
    ),
)
