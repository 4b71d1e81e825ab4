"""The noise published lists carry, as small seeded transformations.

Each function takes a ``random.Random`` and returns a possibly altered copy;
the kinds follow PERSIAN.md §2–§5: Arabic letter variants (ي ك ة), hamza
spellings, ZWNJ / space / nothing in compounds, tatweel, Latin spelling
variants, keyboard-like typos, titles and surname-first order.
"""

from __future__ import annotations

import random

ZWNJ = "\u200c"
TATWEEL = "\u0640"

# Letters that sit near each other on the Persian standard keyboard, for typos.
_FA_NEIGHBOURS = {
    "ض": "صث",
    "ص": "ضث",
    "ث": "صق",
    "ق": "ثف",
    "ف": "قغ",
    "غ": "فع",
    "ع": "غه",
    "ه": "عخ",
    "خ": "هح",
    "ح": "خج",
    "ج": "حچ",
    "ش": "سی",
    "س": "شی",
    "ی": "سب",
    "ب": "یل",
    "ل": "با",
    "ا": "لت",
    "ت": "ان",
    "ن": "تم",
    "م": "نک",
    "ک": "مگ",
    "ظ": "طز",
    "ط": "ظز",
    "ز": "رط",
    "ر": "زذ",
    "ذ": "رد",
    "د": "ذپ",
    "و": "پد",
}
_LATIN_NEIGHBOURS = {
    "a": "sq",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "u": "yi",
    "s": "ad",
    "h": "gj",
    "r": "et",
    "n": "bm",
    "m": "n",
    "d": "sf",
    "z": "s",
    "k": "jl",
    "t": "ry",
    "b": "vn",
    "l": "k",
    "g": "fh",
    "f": "dg",
}


def arabic_letters(text: str, rng: random.Random) -> str:
    """Print Persian yeh/kaf/heh as their Arabic code points, as many lists do."""
    out = text.replace("ی", "ي").replace("ک", "ك")
    if out.endswith("ه") and rng.random() < 0.3:
        out = out[:-1] + "ة"
    return out


def hamza_spelling(text: str) -> str:
    """رضایی → رضائی: the hamza-on-yeh spelling of the same name."""
    return text.replace("ایی", "ائی")


def tatweel(text: str, rng: random.Random) -> str:
    """Stretch one joint with tatweel (PDF-extracted lists do this)."""
    joints = [
        i for i in range(1, len(text)) if text[i - 1] not in " ادذرزژو" + ZWNJ and text[i] != " "
    ]
    if not joints:
        return text
    i = rng.choice(joints)
    return text[:i] + TATWEEL * rng.randint(1, 3) + text[i:]


def typo(text: str, rng: random.Random) -> str:
    """One keyboard-like slip: a dropped, doubled, swapped or neighbouring letter."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.random()
    c = text[i]
    if kind < 0.3:
        return text[:i] + text[i + 1 :]
    if kind < 0.5:
        return text[:i] + c + text[i:]
    if kind < 0.7 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + c + text[i + 2 :]
    table = _LATIN_NEIGHBOURS if c.isascii() else _FA_NEIGHBOURS
    near = table.get(c.lower())
    if not near:
        return text[:i] + text[i + 1 :]
    sub = rng.choice(near)
    if c.isupper():
        sub = sub.upper()
    return text[:i] + sub + text[i + 1 :]


def persian_joint(
    rng: random.Random, weights: tuple[float, float, float] = (0.6, 0.25, 0.15)
) -> str:
    """How a compound is joined in Persian: ZWNJ, a space, or nothing."""
    return rng.choices([ZWNJ, " ", ""], weights=weights)[0]


def latin_joint(rng: random.Random) -> str:
    """How a compound is joined in Latin script: nothing, a hyphen or a space."""
    return rng.choices(["", "-", " "], weights=[0.6, 0.25, 0.15])[0]


def pick_spelling(usual: str, variants: list[str], rng: random.Random, rate: float) -> str:
    """A person's usual spelling, or with probability ``rate`` another one."""
    others = [v for v in variants if v != usual]
    if others and rng.random() < rate:
        return rng.choice(others)
    return usual
