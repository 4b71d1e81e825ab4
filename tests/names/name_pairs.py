"""A labelled evaluation set of same / different name pairs, generated (no real people).

Sources, both MIT-licensed data shipped inside PyPI wheels (dev extras):

* ``persian-gender-detection``: 19,881 Persian-script given names — a
  gazetteer from which Persian-script people are drawn;
* ``name-variants``: 81 Persian names with the Latin spellings people really
  use. sabt's own romanisation table was written without it, so it is held
  out: cross-script and Latin pairs built from it test the rules, not a copy.

Positive pairs (same person): Persian-script orthographic variants made by the
PERSIAN.md §2 rules (Arabic letters, tatweel, harakat, ZWNJ / space / joined,
presentation forms, bidi marks, titles, family-first order); Persian ↔ Latin
and Latin ↔ Latin spellings of one name from ``name-variants``; records whose
father's name is spelt differently and whose birth years are given in
different calendars.

Negative pairs (different people): hard ones — minimal pairs such as
حسن / حسین and محمد / محمود with the same family name, in either script; the
same name with the fathers swapped; a birth year a decade off — and easy ones:
another given or family name.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass
from importlib import resources

from name_variants.persian_names import PERSIAN_NAME_VARIANTS

from sabt.names import PartialDate, PersonName

FAMILY_FROM_VARIANTS = ["محمدی", "احمدی", "رضایی", "حسینی", "موسوی"]
HARD_GIVEN = [
    ("حسن", "حسین", "Hasan", "Hossein"),
    ("محمد", "محمود", "Mohammad", "Mahmoud"),
    ("محمد", "احمد", "Mohammad", "Ahmad"),
    ("مهدی", "مهری", "Mehdi", "Mehri"),
    ("رضا", "رضوان", "Reza", "Rezvan"),
    ("فاطمه", "فاطیما", "Fatemeh", "Fatima Zahra"),
    ("جواد", "جلال", "Javad", "Jalal"),
    ("حمید", "مجید", "Hamid", "Majid"),
    ("سعید", "سعیده", "Saeed", "Saeedeh"),
    ("علی", "علیرضا", "Ali", "Alireza"),
    ("کریم", "رحیم", "Karim", "Rahim"),
    ("نسرین", "نسیم", "Nasrin", "Nasim"),
    ("منصور", "مسعود", "Mansour", "Masoud"),
    ("ناصر", "نادر", "Naser", "Nader"),
    ("اکبر", "اصغر", "Akbar", "Asghar"),
]
HARD_FAMILY = [
    ("کریمی", "رحیمی"),
    ("حسینی", "حسنی"),
    ("احمدی", "محمدی"),
    ("رضایی", "رضوانی"),
    ("نوری", "انوری"),
]


@dataclass(frozen=True)
class Pair:
    """Two attestations, whether they are the same person, and what the pair tests."""

    a: PersonName
    b: PersonName
    same: bool
    kind: str


def gazetteer_names(limit: int = 4000) -> list[str]:
    """Clean single-word given names from persian-gender-detection's data."""
    text = (
        resources.files("persian_gender_detection")
        .joinpath("gender", "iranianNamesDataset.csv")
        .read_text("utf-8")
    )
    names = [row["Names"].strip() for row in csv.DictReader(io.StringIO(text))]
    clean = sorted(
        {
            n
            for n in names
            if re.fullmatch("[\u0622-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{3,7}", n)
        }
    )
    return clean[:limit]


# Orthographic variants a Persian name can take between two lists (PERSIAN.md §2).
def _arabic_letters(s: str) -> str:
    return s.replace("ی", "ي").replace("ک", "ك")


def _tatweel(s: str) -> str:
    return s[:2] + "ـــ" + s[2:] if len(s) > 3 else s


def _harakat(s: str) -> str:
    return s[0] + "َ" + s[1:]


def _presentation(s: str) -> str:
    # Isolated presentation forms of a few letters, as PDFs extract them.
    return s.translate(
        str.maketrans({"ع": "\ufec9", "ل": "\ufedd", "م": "\ufee1", "ن": "\ufee5", "ب": "\ufe8f"})
    )


def _bidi(s: str) -> str:
    return "\u200f" + s + "\u200e"


def _final_teh(s: str) -> str:
    return s[:-1] + "ة" if s.endswith("ه") else s


VARIANTS = [_arabic_letters, _tatweel, _harakat, _presentation, _bidi, _final_teh]


def _surname(rng: random.Random, names: list[str]) -> str:
    base = rng.choice(names)
    suffix = rng.choice(["ی", "‌زاده", " زاده", "‌پور", "ی", "ی", "نیا"])
    if suffix == "ی" and base.endswith(("ا", "ی", "و")):
        suffix = "یی"
    return base + suffix


def _respace(s: str) -> str:
    """ZWNJ, space or nothing between a name and its affix: one name either way."""
    return s.replace("\u200c", " ") if "\u200c" in s else s.replace(" ", "")


def _persian_positive(rng: random.Random, names: list[str]) -> Pair:
    given, family = rng.choice(names), _surname(rng, names)
    father = rng.choice(names)
    year = rng.randint(1320, 1350)
    a = PersonName(given, family, father, PartialDate.parse(str(year)))
    g2, f2, fa2 = (
        rng.choice(VARIANTS)(given),
        rng.choice(VARIANTS)(_respace(family)),
        rng.choice(VARIANTS)(father),
    )
    shape = rng.randrange(3)
    if shape == 0:
        b = PersonName.parse(f"شهید {g2} {f2} فرزند {fa2}", PartialDate.parse(str(year + 621)))
    elif shape == 1:
        b = PersonName.parse(f"{f2}، {g2} فرزند {fa2}")
    else:
        b = PersonName(g2, f2, fa2, PartialDate.parse(f"حدود {year - 1}"))
    return Pair(a, b, True, "persian variant")


def _variant_people(rng: random.Random) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    given = rng.choice([k for k in PERSIAN_NAME_VARIANTS if k not in FAMILY_FROM_VARIANTS])
    family = rng.choice(FAMILY_FROM_VARIANTS)
    return (given, PERSIAN_NAME_VARIANTS[given]["forms"]), (
        family,
        PERSIAN_NAME_VARIANTS[family]["forms"],
    )


def _cross_positive(rng: random.Random) -> Pair:
    (g, gforms), (f, fforms) = _variant_people(rng)
    latin = f"{rng.choice(gforms).title()} {rng.choice(fforms).title()}"
    return Pair(PersonName(g, f), PersonName.parse(latin), True, "cross-script variant")


def _latin_positive(rng: random.Random) -> Pair:
    (_g, gforms), (_f, fforms) = _variant_people(rng)
    a = f"{rng.choice(gforms).title()} {rng.choice(fforms).title()}"
    b = f"{rng.choice(fforms).upper()}, {rng.choice(gforms).title()}"
    return Pair(PersonName.parse(a), PersonName.parse(b), True, "latin variant")


def _hard_negative(rng: random.Random, names: list[str]) -> Pair:
    fa, fb, la, lb = rng.choice(HARD_GIVEN)
    family = _surname(rng, names)
    roll = rng.randrange(3)
    if roll == 0:
        return Pair(
            PersonName(fa, family), PersonName(fb, family), False, "hard negative: given name"
        )
    if roll == 1:
        (g, gforms), (f, fforms) = _variant_people(rng)
        latin = PersonName.parse(f"{lb} {rng.choice(fforms).title()}")
        return Pair(PersonName(fa, f), latin, False, "hard negative: given name across scripts")
    ga, gb = rng.choice(HARD_FAMILY)
    given = rng.choice(names)
    return Pair(PersonName(given, ga), PersonName(given, gb), False, "hard negative: family name")


def _father_swapped(rng: random.Random, names: list[str]) -> Pair:
    given, family = rng.choice(names), _surname(rng, names)
    fa, fb, _la, _lb = rng.choice(HARD_GIVEN)
    a = PersonName(given, family, fa)
    b = PersonName(given, family, fb)
    return Pair(a, b, False, "hard negative: fathers swapped")


def _son_and_father(rng: random.Random, names: list[str]) -> Pair:
    """Given name and father's name swapped: the father, not the son."""
    given, father, family = rng.choice(names), rng.choice(names), _surname(rng, names)
    return Pair(
        PersonName(given, family, father),
        PersonName(father, family, given),
        False,
        "hard negative: son and father swapped",
    )


def _birth_apart(rng: random.Random, names: list[str]) -> Pair:
    given, family, father = rng.choice(names), _surname(rng, names), rng.choice(names)
    year = rng.randint(1320, 1345)
    a = PersonName(given, family, father, PartialDate.parse(str(year)))
    b = PersonName(given, family, father, PartialDate.parse(str(year + rng.randint(8, 15))))
    return Pair(a, b, False, "hard negative: birth years apart")


def _easy_negative(rng: random.Random, names: list[str]) -> Pair:
    a = PersonName(rng.choice(names), _surname(rng, names))
    b = PersonName(rng.choice(names), a.family if rng.random() < 0.5 else _surname(rng, names))
    if a.given == b.given:
        b = PersonName(rng.choice(names), b.family)
    return Pair(a, b, False, "negative: other name")


def make_pairs(seed: int = 1988, n: int = 600) -> list[Pair]:
    """``n`` labelled pairs (about half positive), the same for the same seed."""
    rng = random.Random(seed)
    names = gazetteer_names()
    makers = [
        (0.22, lambda: _persian_positive(rng, names)),
        (0.18, lambda: _cross_positive(rng)),
        (0.10, lambda: _latin_positive(rng)),
        (0.18, lambda: _hard_negative(rng, names)),
        (0.07, lambda: _father_swapped(rng, names)),
        (0.05, lambda: _son_and_father(rng, names)),
        (0.07, lambda: _birth_apart(rng, names)),
        (0.13, lambda: _easy_negative(rng, names)),
    ]
    weights = [w for w, _ in makers]
    pairs: list[Pair] = []
    while len(pairs) < n:
        _w, make = rng.choices(makers, weights)[0]
        pair = make()
        # A pair whose two names are one name is no negative (the gazetteer repeats).
        if not pair.same and (pair.a == pair.b or pair.a.given == pair.a.father):
            continue
        pairs.append(pair)
    return pairs
