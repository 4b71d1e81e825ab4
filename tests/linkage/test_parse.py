"""Splitting a printed full name: a surname affix printed apart stays with the
family name, by sabt.names' own table of affixes, so linkage compares the
parts as sabt.names compares the whole names."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from sabt.linkage.features import feature_row
from sabt.linkage.mapping import Mapping
from sabt.linkage.parse import parse_row
from sabt.names import THRESHOLD, similarity, surname_affixes

# One man, as lists print him: the affix -nejad (نژاد) apart, hyphenated,
# closed up, after ZWNJ; in either script. linkage once knew -zadeh, -pour,
# -nia and -far only, and read "Ali Hossein Nejad" as Mr Nejad, given name
# "Ali Hossein".
VARIANTS = [
    "Ali Hossein Nejad",
    "Ali Hosseinnejad",
    "Ali Hossein-Nejad",
    "Ali Hosseinnezhad",
    "علی حسین نژاد",
    "علی حسین\u200cنژاد",
    "علی حسیننژاد",
]


def parsed(full: str, order: str = "given_first") -> dict[str, Any]:
    mapping = Mapping.from_dict(
        {"columns": {"full_name": "Name"}, "options": {"name_order": order}}, "test"
    )
    fields, problems = parse_row({"Name": full}, mapping)
    assert not problems
    return fields


def level(a: dict[str, Any], b: dict[str, Any], part: str) -> str:
    """The linkage model's top levels for one name part (model.name_comparison)."""
    if a[f"{part}_key"] == b[f"{part}_key"] or a[f"{part}_roman"] == b[f"{part}_roman"]:
        return "agree"
    if a[f"{part}_skel"] == b[f"{part}_skel"]:
        return "same consonant skeleton"
    return "further apart"


@pytest.mark.parametrize("full", VARIANTS)
def test_an_affix_printed_apart_stays_with_the_family_name(full: str) -> None:
    f = parsed(full)
    assert f["given_name"] in ("Ali", "علی")
    assert similarity(f["family_name"], "Hosseinnejad").score >= THRESHOLD


def test_the_variants_compare_in_linkage_as_in_sabt_names() -> None:
    rows = {v: feature_row(v, "list", 2, parsed(v)) for v in VARIANTS}
    for a, b in combinations(VARIANTS, 2):
        # sabt.names: the same name (identical, or via the romanisation table:
        # نژاد printed apart is the affix, no longer "Nzhad" letter by letter),
        # and linkage's keys agree with it.
        assert similarity(a, b).score >= 0.95, (a, b)
        assert level(rows[a], rows[b], "given") == "agree", (a, b)
        assert level(rows[a], rows[b], "family") == "agree", (a, b)


@pytest.mark.parametrize(
    ("full", "given", "family"),
    [
        ("Hossein Nejad Ali", "Ali", "Hossein Nejad"),
        ("حسین زاده رضا", "رضا", "حسین زاده"),
        ("Karimi Ali Reza", "Ali Reza", "Karimi"),
    ],
)
def test_family_first_names_keep_their_affix_too(full: str, given: str, family: str) -> None:
    f = parsed(full, "family_first")
    assert (f["given_name"], f["family_name"]) == (given, family)


def test_the_affixes_are_sabt_names_table_and_a_lone_initial_is_not_one() -> None:
    affixes = surname_affixes()
    assert {"nejad", "nezhad", "نژاد", "zadeh", "زاده", "pour", "rad", "vand"} <= affixes
    # The suffix -i is only ever written joined (Rezaei, رضایی): "Ali Reza Y" is
    # Ali Reza, family name Y — not Ali, family name "Reza Y".
    assert not {"i", "y", "ی", "یی"} & affixes
    f = parsed("Ali Reza Y")
    assert (f["given_name"], f["family_name"]) == ("Ali Reza", "Y")
