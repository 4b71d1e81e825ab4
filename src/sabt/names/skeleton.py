"""The cross-script consonant skeleton of a name, for blocking (PERSIAN.md §3).

Persian script omits short vowels and Latin spellings vary in them, so both
scripts are reduced to the same consonant classes: vowels dropped, و/ی (v/w/y)
read as consonants only at the start of the name, digraphs (kh gh sh ch zh dj)
read first, letters that sound alike in Persian merged (ث س ص → s; ذ ز ض ظ → z;
ت ط → t; ح ه → h; غ ق گ → q), a word-final ه / h dropped (Fatemeh = Fateme),
and doubled classes collapsed (Hassan = Hasan = حسن).

The key is coarse on purpose: حسن and حسین share it, and so do about eight
given names per key. Use it to choose candidate pairs, never to decide a match.

Classes are written with one letter each, so that a key read again gives
itself: x (خ), q (غ ق گ), š (ش), č (چ), ĵ (ج ژ), ḥ (ح ه), v and y (only first).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sabt.names.text import search_key

_PERSIAN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s",
    "ج": "ĵ", "ژ": "ĵ", "چ": "č", "ح": "ḥ", "ه": "ḥ", "خ": "x", "د": "d",
    "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ش": "š", "غ": "q",
    "ق": "q", "گ": "q", "ف": "f", "ک": "k", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
_PERSIAN_SEMIVOWEL = {"و": "v", "ی": "y"}

_LATIN = {
    "b": "b", "p": "p", "t": "t", "s": "s", "j": "ĵ", "h": "ḥ", "x": "x",
    "d": "d", "z": "z", "r": "r", "q": "q", "g": "q", "f": "f", "k": "k",
    "c": "k", "l": "l", "m": "m", "n": "n",
}  # fmt: skip
_LATIN_SEMIVOWEL = {"v": "v", "w": "v", "y": "y"}
# Read before single letters; UN 2012 letters with carons are digraphs too.
_LATIN_DIGRAPHS = re.compile(r"kh|gh|sh|ch|zh|dj|ph|ck|[šžčḵḫġḥĵ]")
_DIGRAPH_CLASS = {
    "kh": "x", "gh": "q", "sh": "š", "ch": "č", "zh": "ĵ", "dj": "ĵ", "ph": "f",
    "ck": "k", "š": "š", "ž": "ĵ", "č": "č", "ḵ": "x", "ḫ": "x", "ġ": "q",
    "ḥ": "ḥ", "ĵ": "ĵ",
}  # fmt: skip

_WORDS = re.compile(r"[^\s\-‐‑–—_.,/]+")
# Before the key is made, the letters with carons and dots under must survive
# the mark-dropping of search_key, so they are read from the casefolded text.
_PROTECTED = "šžčḵḫġḥĵ"
_KEEP = str.maketrans({c: chr(1 + i) for i, c in enumerate(_PROTECTED)})
_RESTORE = str.maketrans({chr(1 + i): c for i, c in enumerate(_PROTECTED)})


def _persian_word(word: str) -> list[str]:
    out: list[str] = []
    last = len(word) - 1
    for i, ch in enumerate(word):
        if ch in _PERSIAN_SEMIVOWEL:
            if i == 0:
                out.append(_PERSIAN_SEMIVOWEL[ch])
        elif ch == "ه" and i == last and i > 0:
            continue  # silent final heh: Fatemeh = Fateme = Fatima
        elif ch in _PERSIAN:
            out.append(_PERSIAN[ch])
    return out


def _latin_word(word: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        m = _LATIN_DIGRAPHS.match(word, i)
        if m:
            out.append(_DIGRAPH_CLASS[m.group()])
            i = m.end()
            continue
        ch = word[i]
        if ch in _LATIN_SEMIVOWEL:
            if i == 0:
                out.append(_LATIN_SEMIVOWEL[ch])
        elif ch == "h" and i == len(word) - 1 and i > 0:
            pass  # final -eh / -ah
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        i += 1
    return out


@lru_cache(maxsize=1 << 16)
def skeleton_key(name: str) -> str:
    """The consonant skeleton of ``name`` in either script: حسین, Hossein → "ḥsn".

    Words are read separately (so "Mohammad Ali", "Mohammad-Ali" and
    "Mohammadali" agree) and the classes concatenated with doubles collapsed.
    Empty when the name has no consonant. A key read again gives itself.
    """
    protected = name.casefold().translate(_KEEP)
    key = search_key(protected).translate(_RESTORE)
    classes: list[str] = []
    for number, word in enumerate(_WORDS.findall(key)):
        word = word.replace("'", "").replace("’", "")
        read = (
            _persian_word(word)
            if any("\u0600" <= c <= "\u06ff" for c in word)
            else _latin_word(word)
        )
        # A semivowel counts only at the start of the name: "Mohammad Yousef"
        # and محمدیوسف agree, and a key read again gives itself.
        classes.extend(c for c in read if number == 0 or c not in ("v", "y"))
    if classes[1:]:
        classes = classes[:1] + [c for c in classes[1:] if c not in ("v", "y")]
    collapsed = [c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1]]
    return "".join(collapsed)
