"""Flat exports of records and claims: CSV (one row per claim) and JSON Lines
(one record per line with its claims grouped by property). FollowTheMoney
export lives in ftm.py. Sealed values are exported as ``[sealed]``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict

import sqlalchemy as sa

from sabt.records import queries
from sabt.records.projection import record

CSV_COLUMNS = [
    "record", "kind", "label", "property", "value", "stance", "status", "source", "source_title",
    "reliability", "credibility", "grade", "locator", "analyst", "claim",
]  # fmt: skip


def _records(conn: sa.Connection) -> list[str]:
    return list(conn.execute(sa.select(record.c.id).order_by(record.c.created_seq)).scalars())


def csv_lines(conn: sa.Connection) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for rid in _records(conn):
        view = queries.record_view(conn, rid)
        for c in queries.claims_of(conn, rid):
            w.writerow([
                rid, view.kind, view.label, c.property, c.value, c.stance, c.status, c.source,
                c.source_title, c.reliability, c.credibility, c.grade, c.locator, c.analyst, c.id,
            ])  # fmt: skip
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def jsonl_lines(conn: sa.Connection) -> Iterator[str]:
    for rid in _records(conn):
        view = queries.record_view(conn, rid)
        yield json.dumps(asdict(view), ensure_ascii=False, sort_keys=True) + "\n"
