"""``sabt link``: link a case's attestations and record the run as events.

A run trains the model, scores pairs, and appends ``linkage.started`` (model
and thresholds), ``linkage.pairs`` (chunks of scored pairs at or above the
review band's lower end) and ``linkage.completed`` in one transaction; the
projection then clusters. Thresholds:

- ``threshold`` (a match weight, default −2, i.e. probability 0.2): pairs at
  or above it link automatically, subject to the clustering constraints (one
  person per list does most of the work: measured on simulated lists, −2 beat
  0 on F1 at 2,000 and 20,000 people — docs/benchmarks.md);
- ``review`` (probabilities, default 0.05–0.8): pairs inside it enter the
  review queue until a reviewer decides them — uncertain links on both sides
  of the threshold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

from sabt.errors import InvalidInput
from sabt.linkage.backends import Backend, open_backend
from sabt.linkage.clusters import Edge, cluster
from sabt.linkage.features import feature_frame
from sabt.linkage.predict import COMPARISONS, Prediction, predict, weight_to_probability
from sabt.linkage.projection import attestations, runs

if TYPE_CHECKING:
    from sabt.case import Case

DEFAULT_THRESHOLD = -2.0
DEFAULT_REVIEW = (0.05, 0.8)
CHUNK = 2000


@dataclass
class RunSummary:
    run: str
    backend: str
    attestations: int
    pairs: int
    clusters: int
    review: int


def check_thresholds(threshold: float, review: tuple[float, float]) -> None:
    lo, hi = review
    errors = {}
    if not 0 < lo < hi < 1:
        errors["review"] = f"expected 0 < low < high < 1, found {lo}–{hi}"
    if not -40 <= threshold <= 40:
        errors["threshold"] = f"expected a match weight between -40 and 40, found {threshold}"
    if errors:
        raise InvalidInput("The linkage thresholds are invalid.", errors)


def load_frame(conn: Any) -> pd.DataFrame:
    rows = conn.execute(
        sa.select(
            attestations.c.id, attestations.c.list, attestations.c.row, attestations.c.fields
        ).order_by(attestations.c.id)
    )
    return feature_frame((i, lst, row, json.loads(f)) for i, lst, row, f in rows)


def cluster_prediction(
    pred: Prediction, ids: list[str], threshold: float, one_per_list: bool = True
) -> dict[str, str]:
    """Clusters from a prediction alone (no decisions): for benchmarks and quality checks."""
    p = pred.pairs
    edges = [
        Edge(a, b, w) for a, b, w in zip(p.unique_id_l, p.unique_id_r, p.match_weight, strict=True)
    ]
    return cluster(ids, edges, threshold, one_per_list=one_per_list)


def pair_rows(pred: Prediction, min_probability: float) -> list[list[Any]]:
    """Pairs as event rows: [a, b, weight, probability, {comparison: [gamma, match weight]}]."""
    p = pred.pairs[pred.pairs.match_probability >= min_probability]
    comps = [c for c in COMPARISONS if f"gamma_{c}" in p.columns]
    out = []
    for rec in p.itertuples(index=False):
        r = rec._asdict()
        detail = {c: [int(r[f"gamma_{c}"]), round(float(r[f"mw_{c}"]), 6)] for c in comps}
        out.append(
            [
                r["unique_id_l"],
                r["unique_id_r"],
                round(float(r["match_weight"]), 6),
                round(float(r["match_probability"]), 9),
                detail,
            ]
        )
    return out


def link_case(
    case: Case,
    *,
    backend: str | Backend = "duckdb",
    threshold: float = DEFAULT_THRESHOLD,
    review: tuple[float, float] = DEFAULT_REVIEW,
    one_per_list: bool = True,
    actor: str | None = None,
) -> RunSummary:
    check_thresholds(threshold, review)
    with case.engine.connect() as conn:
        frame = load_frame(conn)
        n_runs = conn.execute(sa.select(sa.func.count()).select_from(runs)).scalar_one()
    if len(frame) < 2:
        raise InvalidInput(
            f"Nothing to link: the case has {len(frame)} attestation(s); import lists with `sabt lists import` first."
        )
    # Keep every pair the clustering threshold or the review band can use; the
    # scorer must not drop any of them first.
    store_from = min(review[0], weight_to_probability(threshold))
    engine = open_backend(backend) if isinstance(backend, str) else backend
    try:
        pred = predict(frame, engine, min_probability=store_from)
    finally:
        if isinstance(backend, str):
            engine.close()
    run = f"run-{n_runs + 1}"
    rows = pair_rows(pred, store_from)
    settings = {
        "threshold": threshold,
        "review": list(review),
        "one_per_list": one_per_list,
        "stored_from_probability": store_from,
    }
    events: list[tuple[str, dict[str, Any]]] = [
        (
            "linkage.started",
            {
                "run": run,
                "backend": engine.name,
                "settings": settings,
                "model": pred.model,
                "threshold": threshold,
                "review": list(review),
                "one_per_list": one_per_list,
                "attestations": len(frame),
            },
        )
    ]
    events += [
        ("linkage.pairs", {"run": run, "pairs": rows[i : i + CHUNK]})
        for i in range(0, len(rows), CHUNK)
    ]
    events.append(("linkage.completed", {"run": run, "pairs": len(rows)}))
    case.append_many(events, actor=actor)
    from sabt.linkage import queries

    with case.engine.connect() as conn:
        n_clusters = queries.cluster_count(conn)
        n_review = queries.review_count(conn)
    return RunSummary(run, engine.name, len(frame), len(rows), n_clusters, n_review)
