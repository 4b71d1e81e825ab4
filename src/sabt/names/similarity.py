"""How alike two names are, in either script or across scripts, with reasons.

A reviewer confirming a link must see *why* two names were judged alike, so a
:class:`Match` carries readable reasons ("Hossein ~ حسین via romanization",
"given name differs: Hasan ≠ حسین") beside its score in [0, 1].

Rules, per pair of names (PERSIAN.md §2–3):

* equal name keys (after normalisation: علي = علی, Mohammad-Ali = Mohammadali): 1.0;
* Latin vs Latin: equal folded keys (Mohammad ~ Muhammad): 0.95; consonant
  skeletons equal and folded spellings close (Mehdi ~ Mahdi): 0.9; otherwise
  mostly the edit similarity of the folded spellings;
* Persian vs Persian: letters are written, not guessed, so a different letter
  is a different name (حسن ≠ حسین) unless it is a same-sound letter
  (ث س ص, ذ ز ض ظ, ت ط, ح ه, غ ق): 0.9;
* across scripts: the Latin spelling is one of the Persian name's
  romanisations: 0.95; close to one: less; a Persian name the table does not
  know falls back on the consonant skeleton, never above 0.85.

Multi-word names are compared word by word when both have as many words (the
weakest word decides, so a different given name is not outvoted by a common
family name), else as one closed-up string; a family-first order is tried too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from sabt.names.romanize import (
    fold_latin,
    is_known,
    latin_affix,
    roman_keys,
    romanizations,
    spell,
    table_entries,
)
from sabt.names.skeleton import skeleton_key
from sabt.names.text import name_key, script
from sabt.names.titles import split_titles, title_class

# The score at which two names are taken as the same by default; measured on
# the evaluation set in tests/names/test_evaluation.py (docs/benchmarks.md).
THRESHOLD = 0.75


@dataclass(frozen=True)
class Match:
    """A score in [0, 1] and the reasons for it, in words a reviewer can check."""

    score: float
    reasons: tuple[str, ...] = ()

    @property
    def is_match(self) -> bool:
        """True at or above :data:`THRESHOLD`."""
        return self.score >= THRESHOLD

    def to_dict(self) -> dict[str, object]:
        """Plain JSON types, for a review event."""
        return {"score": self.score, "reasons": list(self.reasons)}


_SAME_SOUND = str.maketrans(
    {"ث": "س", "ص": "س", "ذ": "ز", "ض": "ز", "ظ": "ز", "ط": "ت", "ح": "ه", "غ": "ق"}
)


def _lev(a: str, b: str) -> float:
    return float(Levenshtein.normalized_similarity(a, b))


def _final_vowel_added(x: str, y: str) -> bool:
    """Saeed / Saeedeh, Mahdi / Mahdieh: a final -eh is a written ه, another name."""
    return x == y + "e" or y == x + "e"


def _latin_pair(a: str, b: str) -> tuple[float, str]:
    fa, fb = fold_latin(a), fold_latin(b)
    if fa == fb:
        return 0.95, f"{a} ~ {b} (spelling variant)"
    if _final_vowel_added(fa, fb):
        return 0.6, f"{a} ≠ {b} (one ends in -eh: another name)"
    shared = table_entries(a) & table_entries(b)
    if shared:
        return 0.9, f"{a} ~ {b} (both spell {min(shared)})"
    close = _lev(fa, fb)
    end_a, end_b = latin_affix(a), latin_affix(b)
    if end_a and end_b and not end_a[1] & end_b[1]:
        # Mohammadian / Mohammadnia: the same consonants, but -ian (یان) and
        # -nia (نیا) make two family names, not two spellings of one.
        return (
            min(0.6, 0.85 * close),
            f"{a} ≠ {b} (different endings: -{end_a[0]} / -{end_b[0]}: another name)",
        )
    if end_a and end_b and _stem_with_i(a[: -len(end_a[0])], b[: -len(end_b[0])]):
        # Karimnia / Kariminia: کریم‌نیا and کریمی‌نیا, the -i of the second stem
        # is written (ی), so the two are different names.
        return min(0.6, 0.85 * close), f"{a} ≠ {b} (one stem ends in -i: another name)"
    if skeleton_key(a) == skeleton_key(b) and close >= 0.7:
        return 0.9, f"{a} ~ {b} (same consonants, vowels differ)"
    return 0.85 * close, f"{a} ≠ {b}"


def _stem_with_i(x: str, y: str) -> bool:
    fx, fy = fold_latin(x), fold_latin(y)
    return fx != fy and (fold_latin(x + "i") == fy or fold_latin(y + "i") == fx)


def _persian_pair(a: str, b: str) -> tuple[float, str]:
    ka, kb = name_key(a), name_key(b)
    if ka.translate(_SAME_SOUND) == kb.translate(_SAME_SOUND):
        return 0.9, f"{a} ~ {b} (letters that sound alike)"
    if roman_keys(a) & roman_keys(b) and is_known(a) and is_known(b):
        return 0.9, f"{a} ~ {b} (spellings of one name)"
    return 0.8 * _lev(ka, kb), f"{a} ≠ {b}"


def _cross_pair(persian: str, latin: str) -> tuple[float, str]:
    fl = fold_latin(latin)
    if is_known(persian):
        keys = roman_keys(persian)
        if fl in keys:
            return 0.95, f"{latin} ~ {persian} via romanization"
        if any(_final_vowel_added(fl, k) for k in keys):
            return 0.6, f"{latin} ≠ {persian} (one ends in -eh: another name)"
        best = max(_lev(fl, k) for k in keys)
        if skeleton_key(persian) == skeleton_key(latin) and best >= 0.75:
            return (
                0.85,
                f"{latin} ~ {persian} (close to a romanization: {romanizations(persian)[0]})",
            )
        return 0.85 * best, f"{latin} ≠ {persian} (usually {romanizations(persian)[0]})"
    # Not in the table: only the consonants and the written long vowels are known.
    spelled = fold_latin(spell(persian))
    bare = _lev(spelled, fl)
    if skeleton_key(persian) == skeleton_key(latin):
        return (
            0.7 + 0.15 * bare,
            f"{latin} ~ {persian} (consonants agree; {persian} is not in the romanization table)",
        )
    return 0.7 * _lev(skeleton_key(persian), skeleton_key(latin)), f"{latin} ≠ {persian}"


def _initial(a: str, b: str) -> tuple[float, str] | None:
    """ "A." against Ali / علی: an initial fits any name with that first letter."""
    if len(name_key(a)) != 1 or len(name_key(b)) == 1:
        return None
    letter = fold_latin(a)[:1]
    firsts = {k[:1] for k in roman_keys(b)} | {fold_latin(f)[:1] for f in romanizations(b)}
    if name_key(b)[:1] in ("ا", "آ", "ع"):
        firsts |= set("aeiu")  # a Persian initial vowel is written in any Latin vowel
    if letter and letter in firsts:
        return 0.8, f"the initial {a} fits {b}"
    return 0.0, f"the initial {a} does not fit {b}"


@lru_cache(maxsize=1 << 17)
def _pair(a: str, b: str) -> tuple[float, str]:
    """Score and reason for two names taken as one string each."""
    if name_key(a) == name_key(b):
        return 1.0, (f"{a} = {b}" if a != b else f"{a} identical")
    initial = _initial(a, b) or _initial(b, a)
    if initial is not None:
        return initial
    sa, sb = script(a), script(b)
    if sa == "persian" and sb == "persian":
        return _persian_pair(a, b)
    if sa == "persian" and sb == "latin":
        return _cross_pair(a, b)
    if sa == "latin" and sb == "persian":
        return _cross_pair(b, a)
    return _latin_pair(a, b)


def _words(name: str) -> list[str]:
    _titles, rest = split_titles(name)
    # "Rezaei, Ali" is family-first: read it given-first.
    if "," in rest or "،" in rest:
        head, _, tail = rest.replace("،", ",").partition(",")
        rest = f"{tail.strip()} {head.strip()}"
    return [w for w in rest.split(" ") if name_key(w)]


def _wordwise(wa: list[str], wb: list[str]) -> tuple[float, list[str]]:
    scored = [_pair(x, y) for x, y in zip(wa, wb, strict=True)]
    # An identical word needs no reason; an equal one spelt differently does (علي = علی).
    return min(s for s, _ in scored), [r for _, r in scored if not r.endswith(" identical")]


def similarity(a: str, b: str) -> Match:
    """How alike two bare names are, in either script; titles are set aside.

    >>> similarity("Hossein Rezaei", "حسین رضایی").score
    0.95
    """
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return Match(0.0, ("a name is empty",))
    joined_score, joined_reason = _pair(" ".join(wa), " ".join(wb))
    best = (joined_score, [joined_reason])
    if len(wa) == len(wb) and len(wa) > 1:
        # Word by word, the weakest word decides — unless the closed-up names
        # agree outright (Ali Reza / Alireza split differently).
        score, reasons = _wordwise(wa, wb)
        if score >= joined_score or joined_score < 0.95:
            best = (score, reasons)
        for k in range(1, len(wb)):
            rotated = wb[k:] + wb[:k]
            r_score, r_reasons = _wordwise(wa, rotated)
            r_score -= 0.02  # a different order is weak evidence against
            if r_score > best[0]:
                best = (r_score, [*r_reasons, "name order differs"])
    reasons = list(best[1]) or ["names identical after normalisation"]
    ta = {title_class(t) for t in split_titles(a)[0]}
    tb = {title_class(t) for t in split_titles(b)[0]}
    if ("sayyid" in ta) != ("sayyid" in tb):
        reasons.append("Seyyed in one name only")
    return Match(round(max(0.0, min(1.0, best[0])), 4), tuple(reasons))
