"""Clustering with reviewers' constraints, and the quality scores, on tiny known cases."""

from __future__ import annotations

import pytest

from sabt.linkage.clusters import Edge, cluster
from sabt.linkage.quality import score

NODES = ["a:1", "a:2", "b:1", "b:2", "c:1"]


def test_links_at_or_above_the_threshold_join_strongest_first() -> None:
    edges = [Edge("a:1", "b:1", 8.0), Edge("b:1", "c:1", 1.0), Edge("a:2", "b:2", -3.0)]
    c = cluster(NODES, edges, threshold=0.0)
    assert c["a:1"] == c["b:1"] == c["c:1"] == "a:1"
    assert c["a:2"] != c["b:2"]


def test_one_person_per_list_stops_chaining_through_a_weak_link() -> None:
    # b:1 is strongly a:1 and weakly a:2: without the rule, a:1 and a:2 (one list) merge.
    edges = [Edge("a:1", "b:1", 9.0), Edge("a:2", "b:1", 2.0)]
    assert cluster(NODES, edges, 0.0)["a:2"] == "a:2"
    assert cluster(NODES, edges, 0.0, one_per_list=False)["a:2"] == "a:1"


def test_a_rejection_splits_even_through_other_links_and_acceptance_joins() -> None:
    edges = [Edge("a:1", "b:1", 9.0), Edge("b:1", "c:1", 5.0)]
    c = cluster(NODES, edges, 0.0, rejected=[("a:1", "c:1")])
    assert c["a:1"] == c["b:1"] and c["c:1"] == "c:1"
    c = cluster(NODES, edges, 0.0, accepted=[("a:2", "c:1")])
    assert (
        c["a:2"] == c["c:1"] and c["a:1"] != c["c:1"]
    )  # accepted first; then one per list keeps a:1 apart


def test_scores_on_a_known_clustering() -> None:
    truth = {"a:1": "P1", "b:1": "P1", "c:1": "P1", "a:2": "P2", "b:2": "P3"}
    perfect = score({k: v for k, v in truth.items()}, truth)
    assert perfect.f1 == perfect.bcubed_f1 == 1.0
    # Predict {a:1, b:1} {c:1} {a:2, b:2}: one of 3 true pairs found, one false pair.
    predicted = {"a:1": "x", "b:1": "x", "c:1": "y", "a:2": "z", "b:2": "z"}
    s = score(predicted, truth)
    assert s.precision == pytest.approx(1 / 2) and s.recall == pytest.approx(1 / 3)
    assert s.bcubed_precision == pytest.approx((1 + 1 + 1 + 0.5 + 0.5) / 5)
    assert s.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
