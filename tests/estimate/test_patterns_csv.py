"""Reading capture patterns from CSV: the layouts accepted and the errors reported."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.errors import InvalidInput
from sabt.estimate import parse_patterns, read_patterns
from support import ASSETS

KOSOVO = ASSETS / "estimate" / "kosovo_aggregate_tabular.csv"
KOSOVO_INDIVIDUAL = ASSETS / "estimate" / "kosovo_aggregate_individual.csv"


def test_kosovo_tabular_and_individual_files_give_the_same_table() -> None:
    tab = read_patterns(KOSOVO)["all"]
    ind = read_patterns(KOSOVO_INDIVIDUAL)["all"]
    assert tab.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert len(tab.counts) == 15
    assert np.array_equal(tab.full_counts(), ind.full_counts())


def test_stratum_column_splits_the_table() -> None:
    text = "A,B,C,count,stratum\n1,0,0,5,north\n1,1,0,2,north\n0,1,1,3,south\n1,0,1,1,south\n"
    tables = parse_patterns(text)
    assert sorted(tables) == ["north", "south"]
    assert tables["north"].observed == 7 and tables["south"].observed == 4
    assert tables["south"].lists == ("A", "B", "C")


def test_bad_rows_are_reported_with_row_and_field() -> None:
    text = "A,B,Freq\n1,0,4\n1,x,2\n0,1,-3\n0,0,7\n1,1\n"
    with pytest.raises(InvalidInput) as e:
        parse_patterns(text, source="lists.csv")
    errors = e.value.errors
    assert errors["row 3: B"] == "expected 0 or 1, found 'x'"
    assert "whole number" in errors["row 4: Freq"]
    assert "all-zero" in errors["row 5"]
    assert "expected 3 fields" in errors["row 6"]
    assert str(e.value).startswith("lists.csv: 4 problem(s)")


def test_zero_count_for_the_unobserved_pattern_is_accepted() -> None:
    tables = parse_patterns("A;B;n\n1;0;4\n0;1;3\n1;1;2\n0;0;0\n")
    assert tables["all"].observed == 9


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", None),
        ("A,count\n1,4\n", "row 1"),
        ("A,A,count\n1,0,4\n", "row 1"),
        ("A,B,count\n", None),
    ],
    ids=["empty", "one_list", "duplicate_columns", "header_only"],
)
def test_unusable_files_are_refused(text: str, where: str | None) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_patterns(text, source="x.csv")
    assert str(e.value).startswith("x.csv")
    if where:
        assert where in e.value.errors


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_patterns(tmp_path / "absent.csv")


@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda j: st.lists(
            st.tuples(st.lists(st.integers(0, 1), min_size=j, max_size=j), st.integers(0, 500)),
            min_size=1,
            max_size=40,
        )
    )
)
@settings(max_examples=60, deadline=None)
def test_csv_round_trip_preserves_every_count(rows: list[tuple[list[int], int]]) -> None:
    rows = [(p, c) for p, c in rows if any(p)]
    j = len(rows[0][0]) if rows else 2
    header = ",".join(f"L{i}" for i in range(j)) + ",count"
    text = header + "\n" + "".join(",".join(map(str, p)) + f",{c}\n" for p, c in rows)
    if not rows:
        with pytest.raises(InvalidInput, match="no capture pattern rows"):
            parse_patterns(text)
        return
    table = parse_patterns(text)["all"]
    expected = np.zeros(1 << j, dtype=np.int64)
    for p, c in rows:
        expected[sum(v << i for i, v in enumerate(p))] += c
    assert np.array_equal(table.full_counts(), expected)
    if table.observed == 0:
        return
    again = (
        "L0"
        + "".join(f",L{i}" for i in range(1, j))
        + ",count\n"
        + "".join(
            ",".join(str(r[f"L{i}"]) for i in range(j)) + f",{r['count']}\n"
            for r in table.to_rows()
        )
    )
    assert np.array_equal(parse_patterns(again)["all"].full_counts(), expected)
