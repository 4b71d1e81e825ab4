"""Repair of UTF-8 text read through a Windows code page (PERSIAN.md §2 step 1)."""

from __future__ import annotations

import itertools

import ftfy
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from hypothesis import given
from hypothesis import strategies as st

from sabt.names import repair_mojibake
from sabt.names.mojibake import _SUSPECT

SAMPLES = ["علی رضایی", "حسین‌زاده", "گلی پور ژاله چ", "مؤمنی ۱۳۶۷", "Café Müller", "كريمي"]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("codec", ["cp1252", "cp1256", "latin-1"])
def test_utf8_read_as_a_code_page_is_repaired(text: str, codec: str) -> None:
    garbled = text.encode("utf-8").decode(codec, errors="ignore" if codec == "cp1252" else "strict")
    assert garbled != text
    assert repair_mojibake(garbled) == text


def test_cp1256_mojibake_with_punctuation_is_repaired_whole() -> None:
    """An em dash or quotation mark garbled with the Persian around it."""
    text = "شهادت «علی» — گوهردشت، ۱۳۶۷"
    garbled = text.encode("utf-8").decode("cp1256")
    assert repair_mojibake(garbled) == text


@pytest.mark.parametrize("text", ["عک", "عکعک", "علم عک", "غڑ"])
def test_letters_that_spell_the_bytes_of_another_letter_are_left_alone(text: str) -> None:
    """ "عک" is how the UTF-8 bytes of "ژ" read in cp1256; as Persian it is two letters."""
    assert text.encode("cp1256").decode("utf-8", errors="ignore")  # the trap is real
    assert repair_mojibake(text) == text


def test_double_mojibake_is_repaired() -> None:
    once = "علی".encode().decode("cp1256")
    twice = once.encode("utf-8").decode("cp1256")
    assert repair_mojibake(twice) == "علی"


@given(st.text(st.sampled_from(list("علیمحمدرضاکریمیژپچگ ۱۳۶۷abc‌")), max_size=30))
def test_clean_persian_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text


# The fast path: ftfy is consulted only when a character it could flag is present.
_HARMLESS = "".join(
    MOJIBAKE_CATEGORIES[k] for k in ("common", "start_punctuation", "end_punctuation")
)
_OTHERS = "aZ .,?!\n\t0" + "علیژ‌۱٫"


def test_text_without_suspect_characters_is_never_flagged_by_ftfy() -> None:
    """Every string of up to three characters from ftfy's harmless characters,
    ASCII and Persian: ftfy's own heuristic finds no mojibake in any of them, so
    skipping it for such text changes nothing."""
    alphabet = _HARMLESS + _OTHERS
    assert not any(_SUSPECT.search(c) for c in alphabet)
    flagged = [
        "".join(t)
        for n in (1, 2, 3)
        for t in itertools.product(alphabet, repeat=n)
        if is_bad("".join(t))
    ]
    assert flagged == []


@given(st.text(st.sampled_from(_HARMLESS + _OTHERS), max_size=60))
def test_skipping_ftfy_gives_what_ftfy_gives(text: str) -> None:
    assert not _SUSPECT.search(text)
    assert repair_mojibake(text) == ftfy.fix_encoding(text) == text


@pytest.mark.parametrize("text", ["“Café” — 1988 «علی»", "’Müller’ … «حسین‌زاده»", "“Ø§ Ù„ — «x»"])
def test_mojibake_beside_harmless_quotes_and_dashes_is_still_repaired(text: str) -> None:
    garbled = text.encode("utf-8").decode("cp1252", errors="ignore")
    assert _SUSPECT.search(garbled)
    assert repair_mojibake(garbled) == ftfy.fix_encoding(garbled)
    assert repair_mojibake(garbled) != garbled
