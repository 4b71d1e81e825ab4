"""Why a pair scored as it did: the waterfall of match weights, for any pair.

A pair the latest run stored is explained from its stored comparison levels;
any other pair (below the stored band, or never blocked together) is scored
now with the run's trained model through splink's ``score_pair`` on DuckDB —
so the explanation is the model's, not a re-implementation of it.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sabt.errors import NotFound
from sabt.linkage import queries
from sabt.linkage.features import feature_frame
from sabt.linkage.predict import COMPARISONS, for_dialect, weight_to_probability
from sabt.linkage.projection import attestations, latest_run, ordered, pairs


def _score_now(conn: Connection, model: dict[str, Any], a: str, b: str) -> dict[str, list[float]]:
    import duckdb
    from splink import DuckDBAPI, Linker

    rows = conn.execute(
        sa.select(
            attestations.c.id, attestations.c.list, attestations.c.row, attestations.c.fields
        ).where(attestations.c.id.in_([a, b]))
    )
    frame = feature_frame((i, lst, row, json.loads(f)) for i, lst, row, f in rows).set_index(
        "unique_id", drop=False
    )
    con = duckdb.connect(":memory:")
    try:
        api = DuckDBAPI(con)
        table = api.register(frame, table_name="sabt_pair")
        # A run scored on Spark saved Spark SQL; scoring here is on DuckDB.
        linker = Linker(table, for_dialect(model, "duckdb"), log_level=logging.ERROR)
        left = {k: (None if v is None or v != v else v) for k, v in frame.loc[a].to_dict().items()}
        right = {k: (None if v is None or v != v else v) for k, v in frame.loc[b].to_dict().items()}
        scored = linker.inference.score_pair(left, right).as_record_list()[0]
    finally:
        con.close()
    return {
        c: [int(scored[f"gamma_{c}"]), float(scored[f"mw_{c}"])]
        for c in COMPARISONS
        if f"gamma_{c}" in scored
    }


def waterfall(conn: Connection, a: str, b: str) -> dict[str, Any]:
    """``{"a", "b", "run", "prior", "steps": [{comparison, level, weight}], "total", "probability", "stored"}``."""
    a, b = ordered(a, b)
    queries.attestation(conn, a)
    queries.attestation(conn, b)
    run = latest_run(conn)
    if run is None:
        raise NotFound("No linkage run yet: run `sabt link` first.")
    model = json.loads(run.model)
    row = conn.execute(
        sa.select(pairs.c.comparisons).where(pairs.c.run == run.id, pairs.c.a == a, pairs.c.b == b)
    ).first()
    comps = json.loads(row.comparisons) if row is not None else _score_now(conn, model, a, b)
    prior = queries.prior_weight(model)
    steps = queries.model_reasons(model, comps)
    order = {c["output_column_name"]: i for i, c in enumerate(model["comparisons"])}
    steps.sort(key=lambda s: order.get(s["comparison"], 99))
    total = prior + sum(s["weight"] for s in steps)
    probability = (
        weight_to_probability(total) if math.isfinite(total) else (1.0 if total > 0 else 0.0)
    )
    return {
        "a": a,
        "b": b,
        "run": run.id,
        "prior": prior,
        "steps": steps,
        "total": round(total, 3),
        "probability": probability,
        "stored": row is not None,
    }
