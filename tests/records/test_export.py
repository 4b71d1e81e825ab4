"""`sabt records export` reads the case in a fixed number of queries, and the
files it writes are the files it wrote when it read record by record."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import asdict

import pytest
import sqlalchemy as sa
from tests.records.exportcase import fill, grow

from sabt.case import Case
from sabt.records import export, ftm, queries
from sabt.records.projection import record
from support import ASSETS, counted

FORMATS: dict[str, Callable[[sa.Connection], str]] = {
    "csv": lambda conn: "".join(export.csv_lines(conn)),
    "jsonl": lambda conn: "".join(export.jsonl_lines(conn)),
    "ftm": lambda conn: "".join(line + "\n" for line in ftm.lines(conn, fictional=True)),
}


def _queries_and_records(case: Case, fmt: str) -> tuple[int, int]:
    with case.engine.connect() as conn:
        records = conn.execute(sa.select(sa.func.count()).select_from(record)).scalar_one()
        with counted(case.engine) as n:
            FORMATS[fmt](conn)
    return n[0], records


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_makes_as_many_queries_for_many_records_as_for_few(case: Case, fmt: str) -> None:
    fill(case, copies=1)
    few, n_few = _queries_and_records(case, fmt)
    grow(case, copies=3, seed=7)
    many, n_many = _queries_and_records(case, fmt)
    assert n_many >= 4 * n_few > 100
    # Read record by record, the export made ~10 queries a record (3,144 for
    # the 238 records of the golden case below); now a fixed handful.
    assert many == few <= 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_is_unchanged_from_the_record_by_record_export(
    sqlite_case: Case, fmt: str
) -> None:
    fill(sqlite_case, copies=2)
    with sqlite_case.engine.connect() as conn:
        out = FORMATS[fmt](conn)
    golden = gzip.decompress((ASSETS / "records" / f"export_demo_x2.{fmt}.gz").read_bytes())
    expected = golden.decode("utf-8")
    assert out.count("\n") == expected.count("\n")
    for i, (got, want) in enumerate(zip(out.splitlines(), expected.splitlines(), strict=True)):
        assert got == want, f"line {i + 1} differs"


def test_a_snapshot_views_every_record_as_its_page_does(sqlite_case: Case) -> None:
    """The record pages still read one record at a time; the export's views are theirs."""
    from sabt.records.snapshot import Snapshot

    fill(sqlite_case, copies=1)
    with sqlite_case.engine.connect() as conn:
        snap = Snapshot(conn)
        for row in snap.rows:
            assert asdict(snap.record_view(row.id)) == asdict(queries.record_view(conn, row.id))
            assert asdict(snap.record_view(row.id, retracted=True)) == asdict(
                queries.record_view(conn, row.id, retracted=True)
            )
            assert snap.claims_of(row.id) == queries.claims_of(conn, row.id)
