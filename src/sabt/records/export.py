"""Flat exports of records and claims: CSV (one row per claim) and JSON Lines
(one record per line with its claims grouped by property). FollowTheMoney
export lives in ftm.py. Sealed values are exported as ``[sealed]``. Records and
claims are read once (snapshot.py), whatever their number.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict

import sqlalchemy as sa

from sabt.records.snapshot import Snapshot

CSV_COLUMNS = [
    "record", "kind", "label", "property", "value", "stance", "status", "source", "source_title",
    "reliability", "credibility", "grade", "locator", "analyst", "claim",
]  # fmt: skip


def csv_lines(conn: sa.Connection) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    case = Snapshot(conn)
    for row in case.rows:
        rid, label = row.id, case.label(row.id)
        for c in case.claims_of(rid):
            w.writerow([
                rid, row.kind, label, c.property, c.value, c.stance, c.status, c.source,
                c.source_title, c.reliability, c.credibility, c.grade, c.locator, c.analyst, c.id,
            ])  # fmt: skip
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def jsonl_lines(conn: sa.Connection) -> Iterator[str]:
    case = Snapshot(conn)
    for row in case.rows:
        view = case.record_view(row.id)
        yield json.dumps(asdict(view), ensure_ascii=False, sort_keys=True) + "\n"
