"""Records at the scale of a victim list: import throughput, reading a person's
page and the record list, and ``rebuild`` (SQLite, embedded default).

    python -m bench records                   # 5,000 rows
    SABT_BENCH_ROWS=20000 python -m bench records
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from sabt.case import Case
from sabt.db.rebuild import rebuild
from sabt.records import importer, queries, store
from sabt.records.mapping import Mapping

GIVEN = ["Hossein", "Maryam", "Reza", "Leila", "Ali", "Zahra", "حسین", "مریم", "رضا", "لیلا"]
FAMILY = ["Nemouneh", "Sakhtegi", "Khiali", "نمونه", "ساختگی", "خیالی"]


def main() -> None:
    rows = int(os.environ.get("SABT_BENCH_ROWS", "5000"))
    rng = random.Random(1988)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "case"
        data.mkdir()
        with Case.init(data, origin="bench.invalid/records", case="b") as case:
            src = store.add_record(
                case,
                "source",
                actor="bench",
                fields={"title": "FICTIONAL list", "type": "dataset", "reliability": "C"},
            )
            path = Path(tmp) / "victims.csv"
            with path.open("w", encoding="utf-8") as f:
                f.write("id,name,father,born,died\n")
                for i in range(rows):
                    f.write(
                        f"v{i},{rng.choice(GIVEN)} {rng.choice(FAMILY)},{rng.choice(GIVEN)},{rng.randint(1940, 1968)},1988-0{rng.randint(7, 9)}\n"
                    )
            m = Mapping.from_dict({"kind": "person", "source": src, "credibility": 3, "id_column": "id",
                                   "columns": {"name": "name", "father": "father_name", "born": "birth_date", "died": "death_date"}})  # fmt: skip
            t0 = time.perf_counter()
            plan = importer.run(case, path, m, actor="bench")
            took = time.perf_counter() - t0
            events = len(plan.rows) + plan.claims
            print(
                f"import {rows:,} rows ({events:,} events, validated then one transaction): {took:.1f} s = {rows / took:,.0f} rows/s"
            )
            with case.engine.connect() as conn:
                t0 = time.perf_counter()
                for _ in range(200):
                    queries.record_view(conn, f"v{rng.randrange(rows)}")
                print(
                    f"record_view (a person's page, 4 claims): {(time.perf_counter() - t0) / 200 * 1000:.1f} ms"
                )
                t0 = time.perf_counter()
                listed = queries.list_records(conn, "person")
                print(f"list_records of {len(listed):,} persons: {time.perf_counter() - t0:.2f} s")
            t0 = time.perf_counter()
            report = rebuild(case)
            print(
                f"rebuild {report.events:,} events into a scratch database and compare: {time.perf_counter() - t0:.1f} s, equal={report.equal}"
            )
