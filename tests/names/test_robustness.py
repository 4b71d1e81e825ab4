"""Any text an import can throw at the package gives a value or InvalidInput, never a crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sabt.names import (
    Gazetteer,
    PersonName,
    compare,
    name_columns,
    repair_mojibake,
    romanizations,
    split_titles,
)

GAZETTEER = Gazetteer.default()


@given(st.text(max_size=30))
def test_every_name_function_accepts_any_text(text: str) -> None:
    person = PersonName.parse(text)
    assert 0.0 <= compare(person, PersonName.parse("Ali Rezaei son of Hasan")).score <= 1.0
    assert set(name_columns(text)) == {
        "display",
        "search_key",
        "name_key",
        "skeleton_key",
        "roman_key",
        "script",
    }
    titles, rest = split_titles(text)
    assert all(t for t in titles)
    assert isinstance(romanizations(text), tuple)
    assert isinstance(repair_mojibake(text), str)
    assert len(GAZETTEER.candidates(text)) <= len(GAZETTEER)
    assert all(0.6 <= score <= 1.0 for _place, score in GAZETTEER.search(text))
