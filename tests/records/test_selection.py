"""A Selection reads some records, and what they name, in a fixed number of
queries, and views them exactly as a record's page does."""

from __future__ import annotations

from dataclasses import asdict

import pytest
import sqlalchemy as sa
from tests.records.exportcase import fill, grow

from sabt.case import Case
from sabt.errors import NotFound
from sabt.records import queries, store
from sabt.records.projection import record
from sabt.records.selection import Selection
from support import counted


def _ids(conn: sa.Connection, kind: str | None = None) -> list[str]:
    q = sa.select(record.c.id).order_by(record.c.created_seq)
    if kind:
        q = q.where(record.c.kind == kind)
    return list(conn.execute(q).scalars())


def test_a_selection_views_every_record_as_its_page_does(case: Case) -> None:
    fill(case, copies=1)  # relationships, conflicts, a retracted claim, sealed and erased values
    unseal = store.unsealer(case)
    with case.engine.connect() as conn:
        ids = _ids(conn)
        for who in (None, unseal):
            read = Selection(conn, ids)
            for rid in ids:
                assert asdict(read.record_view(rid, who)) == asdict(
                    queries.record_view(conn, rid, who)
                )
                assert asdict(read.record_view(rid, who, retracted=True)) == asdict(
                    queries.record_view(conn, rid, who, retracted=True)
                )
                assert read.label(rid, who) == queries.label(conn, rid, who)
                assert read.claims_of(rid, who) == queries.claims_of(conn, rid, who)


def test_what_the_records_name_is_read_with_them(sqlite_case: Case) -> None:
    """Only the involvements are asked for; the acts, people, incidents and places
    their views and labels need come in the same few queries."""
    grow(sqlite_case, copies=1, seed=3)
    with sqlite_case.engine.connect() as conn:
        involvements = _ids(conn, "involvement")
        assert involvements
        with counted(sqlite_case.engine) as n:
            read = Selection(conn, involvements)
            loaded = n[0]
            views = [read.record_view(i) for i in involvements]
        assert n[0] == loaded + 1  # the sources' catalogue, once
        assert [asdict(v) for v in views] == [
            asdict(queries.record_view(conn, i)) for i in involvements
        ]


def test_a_selection_makes_as_many_queries_for_many_records_as_for_few(
    sqlite_case: Case,
) -> None:
    def queries_for_persons() -> tuple[int, int]:
        with sqlite_case.engine.connect() as conn:
            persons = _ids(conn, "person")
            with counted(sqlite_case.engine) as n:
                read = Selection(conn, persons)
                for rid in persons:
                    read.record_view(rid)
                    read.label(rid)
        return n[0], len(persons)

    grow(sqlite_case, copies=1, seed=1)
    few, n_few = queries_for_persons()
    grow(sqlite_case, copies=3, seed=2)
    many, n_many = queries_for_persons()
    assert n_many >= 4 * n_few > 10
    assert many == few <= 8


def test_a_missing_record_is_not_found_and_others_are_read_as_needed(sqlite_case: Case) -> None:
    grow(sqlite_case, copies=1, seed=4)
    with sqlite_case.engine.connect() as conn:
        first, *rest = _ids(conn, "person")
        read = Selection(conn, ["per-missing", first])
        with pytest.raises(NotFound, match="per-missing"):
            read.record_view("per-missing")
        # A record it was not asked for is read from the database, not refused.
        assert asdict(read.record_view(rest[0])) == asdict(queries.record_view(conn, rest[0]))
