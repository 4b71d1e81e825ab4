"""Places resolved from any spelling, in either script (PERSIAN.md §5)."""

from __future__ import annotations

import pytest

from sabt.errors import InvalidInput, NotFound
from sabt.names import Gazetteer, Place


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Evin", "evin"), ("اوین", "evin"), ("زندان اوین", "evin"), ("Evin prison", "evin"),
        ("Gohardasht", "gohardasht"), ("Rajai-Shahr", "gohardasht"), ("گوهردشت", "gohardasht"),
        ("رجایی‌شهر", "gohardasht"), ("رجائی شهر", "gohardasht"), ("Gowhar Dasht", "gohardasht"),
        ("Ghezel Hesar", "ghezel-hesar"), ("Qezelhesar", "ghezel-hesar"), ("قزل حصار", "ghezel-hesar"),
        ("Adelabad", "adelabad"), ("Adel Abad", "adelabad"), ("Vakilabad", "vakilabad"),
        ("وکیل آباد", "vakilabad"), ("Khavaran", "khavaran"), ("خاوران", "khavaran"),
        ("Tabriz", "tabriz"), ("Tabriz prison", "tabriz-prison"), ("Bakhtaran", "kermanshah"),
    ],
)  # fmt: skip
def test_any_spelling_resolves(spelling: str, place_id: str) -> None:
    assert Gazetteer.default().resolve(spelling).id == place_id


def test_display_names_in_both_scripts_and_parent() -> None:
    evin = Gazetteer.default().get("evin")
    assert (evin.name("latin"), evin.name("persian"), evin.within) == (
        "Evin Prison",
        "اوین",
        "tehran",
    )


def test_callers_extend_it_and_conflicts_are_refused() -> None:
    g = Gazetteer.default()
    g.add(Place("heshmatiyeh", "prison", ("Heshmatiyeh Prison", "زندان حشمتیه"), "tehran"))
    assert g.resolve("حشمتیه").id == "heshmatiyeh"
    g.add_alias("evin", "Evin House of Detention")
    assert g.resolve("Evin House of Detention").id == "evin"
    with pytest.raises(InvalidInput, match="already names"):
        g.add(Place("evin-2", "prison", ("اوین",)))
    with pytest.raises(InvalidInput, match="already has a place"):
        g.add(Place("evin", "prison", ("Somewhere",)))
    with pytest.raises(InvalidInput, match="already names the place 'evin'"):
        g.add_alias("qasr", "Evin")


def test_unknown_place_is_not_found_with_suggestions() -> None:
    with pytest.raises(NotFound, match="did you mean Gohardasht Prison"):
        Gazetteer.default().resolve("Gohardast Prisn")
    with pytest.raises(NotFound):
        Gazetteer.default().get("nowhere")


def test_place_round_trips_through_a_dict_and_rejects_malformed_ones() -> None:
    evin = Gazetteer.default().get("evin")
    assert Place.from_dict(evin.to_dict()) == evin
    with pytest.raises(InvalidInput, match="names"):
        Place.from_dict({"id": "x", "kind": "prison", "names": []})
    with pytest.raises(InvalidInput, match="'id' and 'kind'"):
        Place.from_dict({"names": ["Evin"]})
