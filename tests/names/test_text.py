"""Display form and keys (PERSIAN.md §1–2): the listed pairs fold, keys are idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.names import (
    fold_latin,
    latin_key,
    name_key,
    normalize,
    roman_key,
    search_key,
    search_terms,
    skeleton_key,
)

# Every pair PERSIAN.md §2 lists must give one key.
SAME_SEARCH_KEY = [
    ("علي", "علی"),
    ("كريمي", "کریمی"),
    ("مُحَمَّد", "محمد"),
    ("محـــمد", "محمد"),
    ("فاطمة", "فاطمه"),
    ("رضائی", "رضایی"),
    ("مؤمنی", "مومنی"),
    ("خانهٔ", "خانۀ"),
    ("۱۳۶۷", "١٣٦٧"),
    ("۱۳۶۷", "1367"),
    ("ﻋﻠﻲ", "علی"),  # Arabic presentation forms from a PDF
    ("أحمد", "احمد"),
    ("آذر", "اذر"),
]
SAME_NAME_KEY = [
    ("حسین‌زاده", "حسین زاده"),
    ("حسین زاده", "حسینزاده"),
    ("Mohammad-Ali", "Mohammad Ali"),
    ("Mohammad Ali", "Mohammadali"),
    ("Mo'meni", "Momeni"),
    ("Ḥusayn", "husayn"),
    ("ʿAlī", "Ali"),
    ("A’zam", "Azam"),
]

# Text drawn from the letters that matter here: Persian, Arabic forms, marks,
# digits, ZWNJ, bidi controls, spaces, Latin with diacritics.
ALPHABET = st.sampled_from(
    list("علیمحدرضاكيىةەۀآأإؤئءـ‌‍‎‏ ۱۲٣4ُ َ ّٔٓ ٰHosseinḥāʿ'-.")
    + ["\u202a", "\u2066", "\ufeff", "\u00a0", "\ufecb", "\u0654"]
)
TEXT = st.text(ALPHABET, max_size=30) | st.text(max_size=20)


@pytest.mark.parametrize(("a", "b"), SAME_SEARCH_KEY)
def test_listed_pairs_give_one_search_key(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), SAME_NAME_KEY)
def test_listed_pairs_give_one_name_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_display_form_folds_arabic_letters_but_keeps_persian_ones() -> None:
    assert normalize("علي كريمي") == "علی کریمی"
    assert normalize("فاطمة") == "فاطمه"
    # ۀ, آ, the harakat and ZWNJ are correct Persian: the display form keeps them.
    assert normalize("خانۀ آذر") == "خانۀ آذر"
    assert normalize("حسین‌زاده") == "حسین\u200cزاده"
    assert normalize("مُحَمَّد") == "مُحَمَّد"


def test_display_form_keeps_digits_and_never_joins_words() -> None:
    assert normalize("علی اکبر ۱۳۶۷") == "علی اکبر ۱۳۶۷"
    assert normalize("منصور") == "منصور"


def test_display_form_drops_invisible_controls_and_dangling_zwnj() -> None:
    assert normalize("\u202bعلی\u202c\u200d\u200f") == "علی"
    assert normalize("\ufeffحسین\u200c\u200c\u200cزاده") == "حسین\u200cزاده"
    assert normalize("علی\u200c رضایی\u200c") == "علی رضایی"
    assert normalize("علی\u00a0 \t رضایی") == "علی رضایی"


def test_search_terms_index_zwnj_joined_and_split() -> None:
    assert search_terms("حسین‌زاده") == ("حسین زاده", "حسینزاده")
    assert search_terms("حسین زاده") == ("حسین زاده",)


def test_latin_key_is_the_latin_normalisation() -> None:
    assert latin_key("Ḥusayn ʿAlī-Zādeh") == "husaynalizadeh"
    assert latin_key("HOSSEIN") == "hossein"
    assert latin_key("Søren Łukasz") == "sorenlukasz"


@given(TEXT)
def test_every_key_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)
    assert search_key(search_key(text)) == search_key(text)
    assert name_key(name_key(text)) == name_key(text)
    assert search_key(normalize(text)) == search_key(text)
    assert skeleton_key(skeleton_key(text)) == skeleton_key(text)
    assert fold_latin(fold_latin(text)) == fold_latin(text)
    assert fold_latin(roman_key(text)) == roman_key(text)


PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_PRESENTATION = {
    "ع": "\ufec9",
    "ل": "\ufedd",
    "م": "\ufee1",
    "ن": "\ufee5",
    "ب": "\ufe8f",
    "ی": "\ufbfc",
}


@st.composite
def spelled_twice(draw: st.DrawFn) -> tuple[str, str]:
    """A Persian word and the same word as another list might have printed it."""
    word = draw(st.text(st.sampled_from(PERSIAN_LETTERS), min_size=1, max_size=10))
    out = []
    for ch in word:
        variant = draw(
            st.sampled_from(["plain", "arabic", "mark", "tatweel", "presentation", "control"])
        )
        if variant == "arabic":
            ch = {"ی": "ي", "ک": "ك", "ه": "ة"}.get(ch, ch)
        elif variant == "mark":
            ch += draw(
                st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0670"])
            )
        elif variant == "tatweel":
            ch += "\u0640"
        elif variant == "presentation":
            ch = _PRESENTATION.get(ch, ch)
        elif variant == "control":
            ch += draw(st.sampled_from(["\u200e", "\u200f", "\u200d", "\u2067", "\u202b"]))
        out.append(ch)
    return word, "".join(out)


@given(spelled_twice())
def test_every_printed_variant_of_a_word_gives_its_key(pair: tuple[str, str]) -> None:
    word, printed = pair
    assert search_key(printed) == search_key(word)
    assert name_key(printed) == name_key(word)
