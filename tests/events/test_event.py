from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.errors import InvalidInput
from sabt.events.event import Event
from sabt.ledger import leaf_hash

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def make(**kw: object) -> Event:
    base: dict[str, object] = {
        "type": "note.added",
        "body": {"text": "x"},
        "actor": "a",
        "case": "c",
        "at": "2026-11-21T10:00:00.000001Z",
    }
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_canonical_bytes_sort_keys_and_have_no_whitespace() -> None:
    ev = make(body={"b": 1, "a": "ثبت", "c": [True, None]})
    data = ev.canonical()
    assert (
        data
        == (
            '{"actor":"a","at":"2026-11-21T10:00:00.000001Z","body":{"a":"ثبت","b":1,"c":[true,null]},'
            '"case":"c","type":"note.added","v":1}'
        ).encode()
    )
    assert ev.leaf_hash() == leaf_hash(data)


@given(json_values)
def test_decode_of_encode_is_identity(body: object) -> None:
    ev = make(body={"value": body})
    assert Event.from_bytes(ev.canonical()) == ev


def test_non_canonical_bytes_are_refused() -> None:
    ev = make()
    pretty = json.dumps(ev.to_dict(), indent=1).encode()
    with pytest.raises(InvalidInput, match="canonical"):
        Event.from_bytes(pretty)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("type", "Note", "type"),
        ("at", "2026-11-21 10:00:00", "at"),
        ("at", "2026-11-21T10:00:00+03:30", "at"),
        ("actor", " ", "actor"),
        ("body", ["not", "an", "object"], "body"),
    ],
)
def test_invalid_events_name_the_field(field: str, value: object, where: str) -> None:
    with pytest.raises(InvalidInput) as info:
        make(**{field: value})
    assert where in info.value.errors


def test_unknown_fields_are_refused() -> None:
    data = make().to_dict() | {"extra": 1}
    with pytest.raises(InvalidInput, match="wrong fields"):
        Event.from_dict(data)


any_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=15,
)


@given(any_json)
def test_fast_canonical_encoding_equals_the_rfc8785_reference(value: object) -> None:
    import rfc8785

    from sabt.events.event import canonical

    try:
        expected = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, ValueError):
        with pytest.raises(InvalidInput):
            canonical(value)
        return
    assert canonical(value) == expected


def test_keys_are_sorted_by_utf16_code_units_as_rfc8785_requires() -> None:
    from sabt.events.event import canonical

    assert canonical({"\ue000": 1, "😀": 2}) == '{"😀":2,"\ue000":1}'.encode()


@pytest.mark.parametrize(
    "value",
    [{"text": "شهادت \ud800"}, {"a": ["ok", {"b": "x\udfff y"}]}, "\udc80", {"\ud800": 1}],
)
def test_a_lone_surrogate_anywhere_is_refused(value: object) -> None:
    """RFC 8785 allows only valid Unicode strings; the fast path leaves
    the check to the UTF-8 encoding, which must still refuse them all."""
    from sabt.events.event import canonical

    with pytest.raises(InvalidInput, match="canonical JSON"):
        canonical(value)
