"""Capture tables: aggregation, validation and the summaries the warnings use."""

from __future__ import annotations

import numpy as np
import pytest

from sabt.errors import InvalidInput
from sabt.estimate import CaptureTable
from sabt.estimate.captures import check_estimable


def test_duplicate_patterns_are_merged_and_zero_counts_dropped() -> None:
    t = CaptureTable.from_patterns(["A", "B"], [[1, 0], [1, 1], [1, 0], [0, 1]], [3, 2, 4, 0])
    assert t.observed == 9
    assert sorted(zip(t.cells.tolist(), t.counts.tolist(), strict=True)) == [(1, 7), (3, 2)]


def test_summaries(kosovo: CaptureTable) -> None:
    assert kosovo.observed == 4400
    assert kosovo.list_totals() == {"EXH": 1910, "ABA": 1528, "OSCE": 1786, "HRW": 685}
    assert kosovo.overlapping() == 1182
    pairs = kosovo.pairwise_overlaps()
    assert pairs[0, 0] == 1910 and pairs[0, 1] == pairs[1, 0]
    assert kosovo.full_counts()[0] == 0 and kosovo.full_counts().sum() == 4400


def test_invalid_patterns_are_all_reported() -> None:
    with pytest.raises(InvalidInput) as e:
        CaptureTable.from_patterns(["A", "B"], [[1, 2], [0, 0], [1, 1]], [1, 5, -1])
    assert set(e.value.errors) == {"pattern 1", "pattern 2", "pattern 3"}
    assert "all-zero" in e.value.errors["pattern 2"]


def test_dropping_an_empty_list_keeps_everyone_and_notes_it() -> None:
    t = CaptureTable.from_patterns(["A", "B", "C"], [[1, 0, 0], [1, 1, 0], [0, 1, 0]], [5, 3, 4])
    assert t.empty_lists() == ("C",)
    d = t.without_empty_lists()
    assert d.lists == ("A", "B") and d.observed == 12
    assert "dropped list(s) C" in d.notes[0]


def test_no_overlap_cannot_be_estimated() -> None:
    t = CaptureTable.from_patterns(["A", "B"], [[1, 0], [0, 1]], [10, 10])
    with pytest.raises(InvalidInput, match="no one appears on two lists"):
        check_estimable(t)


def test_pattern_matrix_shape_is_checked() -> None:
    with pytest.raises(InvalidInput):
        CaptureTable(("A", "B"), np.zeros((2, 3), dtype=np.uint8), np.ones(2, dtype=np.int64))
