"""Repair of mojibake in imported text (PERSIAN.md §2 step 1).

Victim lists arrive as spreadsheets and CSV files that passed through Windows
tools: UTF-8 bytes read as cp1252 ("Ø¹Ù„ÛŒ") or as the Arabic Windows code
page cp1256 ("ط¹ظ„غŒ"). ``ftfy`` repairs the Latin code pages; it knows no
Arabic code page, so cp1256 is undone here by re-encoding and strict UTF-8
decoding, which genuine Persian text essentially never survives (its cp1256
bytes are not valid UTF-8 sequences).

Repair is for import only: the raw text is kept as printed elsewhere.
"""

from __future__ import annotations

import re

import ftfy
from ftfy.badness import MOJIBAKE_CATEGORIES
from ftfy.chardata import CHARMAP_ENCODINGS

# What repaired text may contain: ASCII, Latin letters, punctuation, and the
# letters, marks and digits Persian and Arabic use. A "repair" producing
# anything else (ǁ, ځ, C1 controls) was clean text that happened to decode.
_PLAUSIBLE = re.compile(
    "[\x20-\x7e\n\t\u00a0-\u017f\u2000-\u206f\u060c\u061b\u061f\u0621-\u0655"
    "\u0660-\u066c\u0670\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc\u06f0-\u06f9]*"
)


def _suspects() -> re.Pattern[str]:
    """A class of the characters without one of which ftfy sees no mojibake.

    ftfy changes only text its badness heuristic flags, and every pattern of that
    heuristic needs at least one character that a code page it knows makes of
    bytes 0x80–0xFF, other than the "common" ones and quotation marks (’ — … « »
    “ ”), which it flags only beside another such character. Scanning for this
    class is a hundred times faster than the heuristic, and most Persian and
    English text has none of them (tests/names/test_mojibake.py checks the claim
    against ftfy itself).
    """
    chars: set[str] = {"\ufffd"}
    high = bytes(range(0x80, 0x100))
    for encoding in CHARMAP_ENCODINGS:
        chars.update(high.decode(encoding, errors="ignore"))
    harmless = "".join(
        MOJIBAKE_CATEGORIES[k] for k in ("common", "start_punctuation", "end_punctuation")
    )
    chars.difference_update(harmless)
    return re.compile("[" + "".join(sorted(re.escape(c) for c in chars)) + "]")


_SUSPECT = _suspects()
# Lead bytes of UTF-8 Arabic-script and Latin-1 letters as cp1256 shows them.
# What cp1256 makes of UTF-8 continuation bytes (0x80–0xBF) and Persian text
# never contains (quotation marks, dashes and spaces are left out: it does).
_SYMBOLS = re.compile("[€‚ƒ„†‡ˆ‰‹Œ™›œ¢£¤¥¦§¨©¬®¯°±²³´µ¶·¸¹¼½¾]")
_LEADS = re.compile("[\u0637\u0638\u0639\u063a\u0623\u00c2\u00c3]")


def _undo_cp1256(text: str) -> str | None:
    try:
        fixed = text.encode("cp1256").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    # Accept only when something was repaired (each repaired letter was two or
    # three mojibake characters) and the text shows a sign no Persian prose
    # has: a few pairs of real letters are themselves mojibake of a letter
    # ("عک" is how the bytes of "ژ" read in cp1256), but nearly every letter's
    # second byte reads as a symbol (¹ Œ § ¯ …).
    if (
        len(fixed) < len(text)
        and _LEADS.search(text)
        and _SYMBOLS.search(text)
        and _PLAUSIBLE.fullmatch(fixed)
    ):
        return fixed
    return None


def repair_mojibake(text: str) -> str:
    """``text`` with UTF-8-read-as-cp1252/latin-1/cp1256 undone; unchanged if clean.

    Applied at import, before :func:`sabt.names.normalize`. Repairs nested
    mojibake (a file re-saved twice) up to three layers deep.
    """
    out = text
    for _ in range(3):
        before = out
        # cp1256 first: its strict round trip either repairs the whole text or
        # nothing, while ftfy would repair only the Latin part of it ("â€”" back
        # to "—") and leave the Arabic-script mojibake beyond repair.
        fixed = None if out.isascii() else _undo_cp1256(out)
        if fixed is not None:
            out = fixed
        elif _SUSPECT.search(out):
            out = ftfy.fix_encoding(out)
        if out == before:
            break
    return out
