"""Capture tables from linkage clusters (cluster, list, stratum)."""

from __future__ import annotations

import pytest

from sabt.errors import InvalidInput
from sabt.estimate import tables_from_memberships


def test_a_person_on_several_lists_makes_one_pattern() -> None:
    memberships = [
        ("p1", "A", None), ("p1", "B", None), ("p1", "A", None),  # two records on A
        ("p2", "B", None), ("p3", "C", None), ("p4", "A", None), ("p4", "C", None),
    ]  # fmt: skip
    t = tables_from_memberships(memberships)["all"]
    assert t.lists == ("A", "B", "C")
    rows = {tuple(r[k] for k in t.lists): r["count"] for r in t.to_rows()}
    assert rows == {(1, 1, 0): 1, (0, 1, 0): 1, (0, 0, 1): 1, (1, 0, 1): 1}


def test_strata_share_the_lists_so_empty_lists_show() -> None:
    memberships = [("a", "A", "x"), ("a", "B", "x"), ("b", "C", "y"), ("b", "A", "y")]
    tables = tables_from_memberships(memberships, lists=["A", "B", "C", "D"])
    assert tables["x"].lists == tables["y"].lists == ("A", "B", "C", "D")
    assert tables["x"].empty_lists() == ("C", "D")


def test_a_cluster_in_two_strata_is_an_error() -> None:
    with pytest.raises(InvalidInput) as e:
        tables_from_memberships([("a", "A", "x"), ("a", "B", "y")])
    assert "cluster a" in e.value.errors


def test_unknown_list_and_malformed_items_are_reported() -> None:
    with pytest.raises(InvalidInput) as e:
        tables_from_memberships([("a", "Z", None), ("b",), ("c", "", None)], lists=["A", "B"])  # type: ignore[list-item]
    assert set(e.value.errors) == {"lists", "membership 2", "membership 3"}


def test_people_without_a_stratum_form_a_visible_unknown_stratum() -> None:
    memberships = [("a", "A", "Evin"), ("a", "B", "Evin"), ("b", "A", None), ("b", "C", None)]
    tables = tables_from_memberships(memberships)
    assert sorted(tables) == ["Evin", "unknown"]
    assert tables["unknown"].observed == 1
