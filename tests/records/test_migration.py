"""The Alembic branch "records" creates exactly the tables projection.py declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sabt.case import Case
from sabt.db.migrate import heads
from sabt.db.projection import metadata


def test_the_migrated_schema_matches_the_projection(case: Case) -> None:
    assert "records_0001" in heads()
    with case.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)

    def ours(d: object) -> bool:
        return "records_" in repr(d)

    assert [d for d in diff if ours(d)] == []
