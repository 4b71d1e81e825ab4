"""The demo contribution: fictional lists imported, linked, pairs left to review."""

from __future__ import annotations

import random

import sqlalchemy as sa

from sabt.case import Case
from sabt.linkage import demo, queries
from sabt.linkage.projection import lists


def test_demo_imports_three_fictional_lists_and_leaves_pairs_to_review(case: Case) -> None:
    demo.contribute(case, random.Random(1988))
    with case.engine.connect() as conn:
        rows = conn.execute(sa.select(lists.c.name, lists.c.fictional)).all()
        assert len(rows) == 3 and all(f for _, f in rows)
        assert queries.review_queue(conn, limit=5)
        assert 0 < queries.cluster_count(conn) < len(queries.export_rows(conn))
