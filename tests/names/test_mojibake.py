"""Repair of UTF-8 text read through a Windows code page (PERSIAN.md §2 step 1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.names import repair_mojibake

SAMPLES = ["علی رضایی", "حسین‌زاده", "گلی پور ژاله چ", "مؤمنی ۱۳۶۷", "Café Müller", "كريمي"]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("codec", ["cp1252", "cp1256", "latin-1"])
def test_utf8_read_as_a_code_page_is_repaired(text: str, codec: str) -> None:
    garbled = text.encode("utf-8").decode(codec, errors="ignore" if codec == "cp1252" else "strict")
    assert garbled != text
    assert repair_mojibake(garbled) == text


def test_double_mojibake_is_repaired() -> None:
    once = "علی".encode().decode("cp1256")
    twice = once.encode("utf-8").decode("cp1256")
    assert repair_mojibake(twice) == "علی"


@given(st.text(st.sampled_from(list("علیمحمدرضاکریمیژپچگ ۱۳۶۷abc‌")), max_size=30))
def test_clean_persian_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text
