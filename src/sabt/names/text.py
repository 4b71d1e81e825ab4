"""The display form and the keys of a string (PERSIAN.md §1–2).

Every string has three forms: the raw text exactly as the source printed it
(never produced here, never overwritten), the display form (:func:`normalize`)
and keys: :func:`search_key` (indexed and applied identically to queries) and
:func:`name_key` (one name part, every separator removed). The steps run in the
order PERSIAN.md §2 gives, because the order matters: NFD of ۀ yields U+06D5 and
NFD of ئ yields Arabic yeh, so letters are folded a second time after marks are
dropped.

Nothing here re-spaces a name: "علی اکبر" stays two words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Bidi controls, ZWJ, BOM, soft hyphen and tatweel carry no meaning in a name.
_INVISIBLE = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E]
    + [0x2066, 0x2067, 0x2068, 0x2069, 0x200D, 0xFEFF, 0x00AD, 0x0640]
)

# Arabic letter forms folded to their Persian counterparts (§2 step 2). ۀ, آ and
# ZWNJ are kept in the display form: they are correct Persian.
_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh
        "\u0649": "\u06cc",  # ى alef maksura
        "\u06d2": "\u06cc",  # ے yeh barree
        "\u0643": "\u06a9",  # ك Arabic kaf
        "\u0629": "\u0647",  # ة teh marbuta
        "\u06d5": "\u0647",  # ە ae
        "\u06c1": "\u0647",  # ہ heh goal
    }
)

ZWNJ = "\u200c"
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
# A ZWNJ next to a space or at a line edge joins nothing.
_ZWNJ_EDGE = re.compile(rf"(?:(?<=[ \n])|^){ZWNJ}|{ZWNJ}(?=[ \n]|$)", re.MULTILINE)
_SPACES = re.compile(r"[^\S\n]+")

# The search key's further folds (§2 step 3), applied after marks are dropped.
_KEY_FOLD = str.maketrans(
    {
        "\u0622": "\u0627",  # آ
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0624": "\u0648",  # ؤ
        "\u0626": "\u06cc",  # ئ
        "\u0621": None,  # lone hamza
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        "\u066a": "%",  # Arabic percent sign
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    }
)

# What a name key removes: separators inside one name part (§2 step 4, §2 step 5).
_NAME_SEPARATORS = re.compile("[\\s\u200c\\-\u2010\u2011\u2012\u2013\u2014._'’‘ʿʾʻ`´]+")

# Latin letters that carry no combining mark to drop but still have a plain form.
_LATIN_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ð": "d"}
)


def normalize(text: str) -> str:
    """The display form: safe to show, still the source's spelling.

    NFKC (Arabic presentation forms from PDFs become letters), invisible
    controls and tatweel removed, Arabic letter forms folded to Persian, ZWNJ
    runs collapsed and dangling ZWNJ dropped, spaces collapsed. Digits are not
    converted and no ZWNJ is ever inserted.
    """
    out = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_LETTERS)
    out = out.replace("\r\n", "\n").replace("\r", "\n")
    out = _SPACES.sub(" ", out)
    out = _ZWNJ_RUN.sub(ZWNJ, out)
    out = _ZWNJ_EDGE.sub("", out)
    # Removing a dangling ZWNJ can leave a new run or edge only through spaces,
    # which were collapsed first, so one pass is enough; strip the line edges.
    out = "\n".join(line.strip(" ") for line in out.split("\n"))
    # Removing a control can bring two combining marks together: reorder them.
    return unicodedata.normalize("NFC", out.strip("\n "))


def _drop_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def search_key(text: str) -> str:
    """The indexed form of a text, applied identically to queries.

    The display form with every combining mark dropped, letters folded again
    (alef forms → ا, ؤ → و, ئ → ی, lone ء dropped), Persian and Arabic-Indic
    digits as ASCII, casefolded. ZWNJ becomes a space (the *split* form);
    :func:`search_terms` gives the joined form too.
    """
    out = _drop_marks(normalize(text)).translate(_LETTERS).translate(_KEY_FOLD)
    out = out.replace(ZWNJ, " ").casefold()
    out = _SPACES.sub(" ", out)
    return "\n".join(line.strip(" ") for line in out.split("\n")).strip("\n ")


def search_terms(text: str) -> tuple[str, ...]:
    """Every form of ``text`` an index should hold: ZWNJ split and ZWNJ joined.

    "حسین‌زاده" is indexed as "حسین زاده" and "حسینزاده", so a query typed
    either way finds it. One element when the text has no ZWNJ.
    """
    split = search_key(text)
    if ZWNJ not in normalize(text):
        return (split,)
    joined = search_key(normalize(text).replace(ZWNJ, ""))
    return (split, joined) if joined != split else (split,)


@lru_cache(maxsize=1 << 16)
def name_key(part: str) -> str:
    """The key of one name part: the search key with every separator removed.

    Spaces, ZWNJ, hyphens, dots and apostrophes (' ’ ‘ ʿ ʾ ʻ) go, so
    حسین‌زاده = حسین زاده = حسینزاده and Mohammad-Ali = Mohammad Ali =
    Mohammadali. Titles are not removed here: split them off first with
    :func:`sabt.names.split_titles`.
    """
    return _NAME_SEPARATORS.sub("", search_key(part).translate(_LATIN_EXTRA))


def latin_key(text: str) -> str:
    """The Latin normalisation of a name (§2 step 5): ḥ→h, ā→a, no apostrophes.

    The same as :func:`name_key` for Latin text; kept as its own name because
    callers read it as "the Latin spelling, normalised".
    """
    return name_key(text)


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_SCRIPT = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def script(text: str) -> str:
    """``"persian"``, ``"latin"``, ``"mixed"`` or ``"none"``: which letters ``text`` has."""
    persian = bool(_ARABIC_SCRIPT.search(text))
    latin = bool(_LATIN_SCRIPT.search(text))
    if persian and latin:
        return "mixed"
    if persian:
        return "persian"
    return "latin" if latin else "none"
