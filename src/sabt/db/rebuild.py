"""``sabt rebuild``: replay the log into a fresh projection and prove it equal to
the live one (or, with ``replace``, rebuild the live projection in place).

The fresh projection is built in the same kind of database as the live one —
a scratch SQLite file, or a scratch PostgreSQL schema — so that types compare
exactly.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sabt.db import engine as db_engine
from sabt.db.engine import WRITE, dialect
from sabt.db.migrate import upgrade_connection
from sabt.db.projection import projection_tables, projector

if TYPE_CHECKING:
    from sabt.case import Case


@dataclass
class Difference:
    table: str
    only_live: int
    only_rebuilt: int
    example: str


@dataclass
class Report:
    events: int
    tables: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.differences


def _replay(case: Case, conn: Connection) -> int:
    count = 0
    for stored in case.events():
        projector.apply(conn, stored.seq, stored.event)
        count += 1
    return count


def _rows(conn: Connection, table: sa.Table) -> list[tuple[Any, ...]]:
    rows = [tuple(r) for r in conn.execute(sa.select(table)).all()]
    return sorted(rows, key=repr)


@contextmanager
def _scratch(case: Case) -> Iterator[Connection]:
    if dialect(case.engine).name == "postgresql":
        schema = f"sabt_rebuild_{uuid.uuid4().hex[:10]}"
        with case.engine.connect() as conn:
            conn.execute(sa.text(f'create schema "{schema}"'))
            conn.commit()
            try:
                conn.execute(sa.text(f'set search_path to "{schema}"'))
                conn.commit()  # the SET autobegan a transaction; the session keeps the path
                with conn.begin():
                    yield conn
            finally:
                conn.rollback()
                conn.execute(sa.text("set search_path to default"))
                conn.execute(sa.text(f'drop schema "{schema}" cascade'))
                conn.commit()
        return
    fd, path = tempfile.mkstemp(prefix="rebuild-", suffix=".db", dir=case.dir.root)
    os.close(fd)
    scratch = db_engine.create(f"sqlite:///{path}")
    try:
        with scratch.connect() as conn, conn.begin():
            yield conn
    finally:
        scratch.dispose()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


def rebuild(case: Case, *, replace: bool = False) -> Report:
    tables = projection_tables()
    if replace:
        with case.engine.connect().execution_options(**WRITE) as conn, conn.begin():
            dialect(case.engine).lock_for_append(conn)
            for table in reversed(tables):
                conn.execute(table.delete())
            report = Report(events=_replay(case, conn))
            report.tables = {t.name: len(_rows(conn, t)) for t in tables}
        return report
    with _scratch(case) as fresh:
        upgrade_connection(fresh)
        report = Report(events=_replay(case, fresh))
        with case.engine.connect() as live:
            for table in tables:
                a, b = _rows(live, table), _rows(fresh, table)
                report.tables[table.name] = len(b)
                if a != b:
                    sa_, sb = {_hashable(r) for r in a}, {_hashable(r) for r in b}
                    only_a, only_b = sorted(sa_ - sb, key=repr), sorted(sb - sa_, key=repr)
                    example = (
                        repr(only_a[0] if only_a else only_b[0])
                        if (only_a or only_b)
                        else "same rows, different multiplicity"
                    )
                    report.differences.append(
                        Difference(table.name, len(only_a), len(only_b), example[:300])
                    )
    return report


def _hashable(row: Any) -> tuple[Any, ...]:
    """A row as a set member: JSON columns (dicts, lists) as their sorted JSON."""
    return tuple(
        json.dumps(v, sort_keys=True, ensure_ascii=False) if isinstance(v, (dict, list)) else v
        for v in row
    )
