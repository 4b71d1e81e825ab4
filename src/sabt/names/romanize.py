"""Latin spellings of Persian names, and one Latin key for both scripts (PERSIAN.md §3).

Persian script omits short vowels, so a name has many Latin spellings and none
can be derived with certainty. Two tools:

* :func:`romanizations` gives the candidate spellings of a Persian-script name
  from a curated table (``data/romanizations.tsv``: common given names, family
  names and affixes such as -zadeh, -pour, -i), composing compounds
  (حسین‌زاده → Hosseinzadeh, رضایی → Rezaei). A word the table does not know
  gets a bare letter-by-letter spelling: no vowels are invented for it.
* :func:`roman_key` folds any spelling by the variant rules (o/u, ow/o, e/i, doubled
  consonants, ou/oo/u, ee/i/y, final -eh/-e/-ah/-a, kh/x, gh/q/g, zh/j, dj/j,
  w/v, apostrophes) so that Mohammad, Muhammad and Mohamad share a key, and a
  Persian-script name gets the key of its first (most common) romanisation.

These are candidates for matching: never present a generated spelling as the
spelling a source used.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import islice, product

from sabt.names.data import read_table
from sabt.names.text import name_key, normalize, script

_MAX_FORMS = 24


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], frozenset[str]]:
    """Names and affixes (with suffixes) by name key, and the keys of the affixes
    that may be printed apart from their name (not the suffixes)."""
    names: dict[str, tuple[str, ...]] = {}
    affixes: dict[str, tuple[str, ...]] = {}
    apart: set[str] = set()
    for persian, spellings, kind in read_table("romanizations.tsv", 3):
        forms = tuple(s.strip() for s in spellings.split("|") if s.strip())
        (affixes if kind in ("affix", "suffix") else names)[name_key(persian)] = forms
        if kind == "affix":
            apart.add(name_key(persian))
    return names, affixes, frozenset(apart)


def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    names, affixes, _apart = _tables()
    return names, affixes


def _apart() -> frozenset[str]:
    """The affixes that may be printed apart from their name (not the suffixes)."""
    return _tables()[2]


@cache
def surname_affixes() -> frozenset[str]:
    """The name keys of the table's surname affixes in both scripts (زاده, zadeh,
    zade, نژاد, nejad, …): a word that is one of them, printed apart ("Hossein
    Nejad", "حسین زاده"), belongs with the word before it. The suffix -i (ی,
    یی) is never printed apart, and is not one of them: a lone "Y" is an initial."""
    _names, affixes = _table()
    apart = {key: forms for key, forms in affixes.items() if key in _apart()}
    latin = {name_key(form) for forms in apart.values() for form in forms}
    return frozenset(apart) | frozenset(latin)


@cache
def _latin_endings() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each Latin spelling of an affix or suffix (nia, niya, ian, yan, pour, i…),
    lower-case, longest first, with the keys of the Persian affixes it spells."""
    _names, affixes = _table()
    endings: dict[str, set[str]] = {}
    for key, forms in affixes.items():
        for form in forms:
            endings.setdefault(form.casefold(), set()).add(key)
    ordered = sorted(endings.items(), key=lambda item: -len(item[0]))
    return tuple((form, frozenset(keys)) for form, keys in ordered)


_STEM = 3  # letters an affixed name keeps before its affix


def latin_affix(word: str) -> tuple[str, frozenset[str]] | None:
    """The longest Latin spelling of a table affix that ``word`` ends with,
    leaving a stem of at least three letters, and the keys of the Persian
    affixes it spells: Mohammadnia → ("nia", {نیا}), Rezaee → ("ee", {ی, یی});
    None for Reza."""
    low = word.casefold()
    for form, keys in _latin_endings():
        if low.endswith(form) and len(low) - len(form) >= _STEM:
            return form, keys
    return None


_LETTERS = {
    "ا": "a", "آ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
    "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f",
    "ق": "gh", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip


def spell(word: str) -> str:
    """A bare letter-by-letter Latin spelling of an unknown Persian word (no short vowels)."""
    key = name_key(word)
    out: list[str] = []
    for i, ch in enumerate(key):
        prev = key[i - 1] if i else ""
        if ch == "و":
            out.append("v" if i == 0 or prev in "اآ" else "ou")
        elif ch == "ی":
            out.append("y" if i == 0 or (prev in "اآ" and i < len(key) - 1) else "i")
        elif ch == "ه":
            out.append("eh" if i == len(key) - 1 and i > 0 else "h")
        else:
            out.append(_LETTERS.get(ch, ch))
    spelled = "".join(out)
    return spelled[:1].upper() + spelled[1:]


def _word_forms(key: str, depth: int = 0) -> list[tuple[str, ...]] | None:
    """The spellings of a word as a sequence of table parts, or None."""
    names, affixes = _table()
    if key in names:
        return [names[key]]
    if depth == 0 and key in _apart():
        # An affix printed apart (حسین نژاد) is the affix, not an unknown word
        # to spell letter by letter ("Nzhad"): Hossein Nejad, as closed up.
        return [tuple(form[:1].upper() + form[1:] for form in affixes[key])]
    if depth >= 2:
        return None
    # Longest known head first, then a known name or affix for the rest.
    for cut in range(len(key) - 1, 1, -1):
        head, tail = key[:cut], key[cut:]
        if head not in names:
            continue
        if tail in affixes:
            return [names[head], affixes[tail]]
        rest = _word_forms(tail, depth + 1)
        if rest is not None:
            return [names[head], *rest]
    return None


def _join(parts: list[tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for combo in product(*parts):
        first, *others = combo
        # Compounds are written closed up: Hossein + zadeh = Hosseinzadeh.
        out.append(first + "".join(o.replace(" ", "").replace("-", "").lower() for o in others))
        if len(out) >= _MAX_FORMS:
            break
    return out


@lru_cache(maxsize=1 << 16)
def romanizations(persian_name: str) -> tuple[str, ...]:
    """Candidate Latin spellings of a Persian-script name, the most common first.

    Words are romanised separately and joined with a space; a surname affix
    printed apart is spelt as the table spells it joined (حسین نژاد → Hossein
    Nejad, like حسین‌نژاد → Hosseinnejad). A Latin name is returned as it is
    (in display form). ``()`` for an empty name.
    """
    display = normalize(persian_name)
    if script(display) in ("latin", "none"):
        return (display,) if display else ()
    per_word: list[list[str]] = []
    for word in display.split(" "):
        key = name_key(word)
        if not key:
            continue
        if script(word) == "latin":
            per_word.append([word])
            continue
        parts = _word_forms(key)
        per_word.append(_join(parts) if parts is not None else [spell(word)])
    forms: list[str] = []
    for combo in product(*per_word):
        form = " ".join(combo)
        if form not in forms:
            forms.append(form)
        if len(forms) >= _MAX_FORMS:
            break
    return tuple(forms)


@lru_cache(maxsize=1 << 16)
def is_known(persian_name: str) -> bool:
    """True when every word of the name is in (or composed from) the table."""
    words = [name_key(w) for w in normalize(persian_name).split(" ") if name_key(w)]
    return bool(words) and all(_word_forms(w) is not None for w in words)


# The variant rules, applied in order to one casefolded word without marks.
_CARONS = str.maketrans(
    {
        "š": "sh",
        "č": "ch",
        "ž": "zh",
        "ḵ": "kh",
        "ḫ": "kh",
        "ġ": "gh",
        "ẕ": "z",
        "ẓ": "z",
        "ṣ": "s",
        "ṯ": "s",
        "ḏ": "z",
    }
)
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"dj"), "j"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"dh"), "z"),
    (re.compile(r"x"), "kh"),
    (re.compile(r"q|gh"), "g"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"[ou]v(?=[^aeiouy]|$)"), "u"),  # Khosrow(shahi) / Khosro(shahi), Towhid / Tohid
    (re.compile(r"ou|oo|uu|o"), "u"),
    (re.compile(r"ee|ii"), "i"),
    (re.compile(r"aa"), "a"),
    (re.compile(r"[ae][eiy]+(?=[^aeiou]|$)"), "ei"),  # Hossein / Husayn, Rezaei / Rezayi
    (re.compile(r"(?<=[^aeiou])y$"), "i"),  # Karimy
    (re.compile(r"(?<=[^aeiou])(?:eh|ah|e|a)$"), "e"),  # Fatemeh / Fateme / Fatima
    (re.compile(r"(?<=[aeiu])y(?=[aeiu])"), ""),  # Siyavash / Siavash
    (re.compile(r"(.)\1+"), r"\1"),  # Hassan / Hasan
]
_WORD_SPLIT = re.compile("[\\s\u200c\\-\u2010\u2011_.]+")


def _fold_word(word: str) -> str:
    out = name_key(word.casefold().translate(_CARONS))
    # Repeat to a fixed point, so that folding a folded key changes nothing.
    for _ in range(8):
        before = out
        for pattern, replacement in _RULES:
            out = pattern.sub(replacement, out)
        if out == before:
            break
    return out


def _with_affixes(words: list[str]) -> list[list[str]]:
    """Words grouped so that a surname affix printed apart closes up with the
    word before it (Reza Nia → [Reza, Nia]): the ends of that word are not the
    ends of a name, and fold as they do in Rezania."""
    groups: list[list[str]] = []
    for word in words:
        if groups and name_key(word) in surname_affixes():
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


@lru_cache(maxsize=1 << 16)
def fold_latin(text: str) -> str:
    """A Latin spelling folded by the variant rules: Muhammad, Mohamad → "muhamad"."""
    # Words are folded apart (their ends matter: Fatemeh Zahra), an affix printed
    # apart with its word (Reza Nia = Rezania), then the joined key once more, so
    # that folding a folded key changes nothing.
    words = [w for w in _WORD_SPLIT.split(text) if w]
    return _fold_word("".join(_fold_word("".join(g)) for g in _with_affixes(words)))


@lru_cache(maxsize=1 << 16)
def roman_key(name: str) -> str:
    """One Latin key for a name in either script: compare it across lists.

    Latin names are folded by the variant rules; a Persian-script name is
    folded from its most common romanisation (:func:`romanizations`).
    """
    if script(name) in ("latin", "none"):
        return fold_latin(name)
    forms = romanizations(name)
    return fold_latin(forms[0]) if forms else ""


@cache
def _reverse() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    names, _affixes = _table()
    for key, forms in names.items():
        for form in forms:
            found.setdefault(fold_latin(form), set()).add(key)
    return {k: frozenset(v) for k, v in found.items()}


def table_entries(latin: str) -> frozenset[str]:
    """The Persian names (as name keys) the table spells ``latin``: Cyrus → {کورش, کوروش}."""
    return _reverse().get(fold_latin(latin), frozenset())


@lru_cache(maxsize=1 << 16)
def roman_keys(name: str) -> frozenset[str]:
    """Every folded key a name can have: all romanisations of a Persian name.

    Folded word by word, so the variants collapse before they are combined
    (Hossein, Hosein, Husayn are one key) and no combination is cut off; an
    affix printed apart is folded with its word, as in the closed-up name.
    """
    display = normalize(name)
    if script(display) in ("latin", "none"):
        return frozenset({fold_latin(display)})
    groups = _with_affixes([w for w in display.split(" ") if name_key(w)])
    per_word = [
        sorted(
            {
                fold_latin("".join(combo))
                for combo in islice(product(*(romanizations(w) for w in group)), _MAX_FORMS**2)
            }
        )
        for group in groups
    ]
    keys: set[str] = set()
    for combo in product(*per_word):
        keys.add(_fold_word("".join(combo)))
        if len(keys) >= 4 * _MAX_FORMS:
            break
    return frozenset(keys)
