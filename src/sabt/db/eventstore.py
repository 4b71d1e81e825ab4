"""The event store on SQL: the ``events`` table, appended to under a write lock."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from sabt.db.engine import WRITE, dialect
from sabt.db.projection import metadata
from sabt.errors import BackendError
from sabt.events.event import Event
from sabt.events.store import Apply

events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("type", sa.String(100), nullable=False, index=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

_READ_BATCH = 5000


class SqlEventStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = dialect(engine)

    def size(self) -> int:
        with self.engine.connect() as conn:
            return size_on(conn)

    def append(self, entries: Sequence[tuple[bytes, bytes, Event]], apply: Apply) -> int:
        try:
            with self.engine.connect().execution_options(**WRITE) as conn, conn.begin():
                self.dialect.lock_for_append(conn)
                last = conn.execute(sa.select(sa.func.max(events.c.seq))).scalar_one()
                first = 0 if last is None else int(last) + 1
                rows = [
                    (first + i, leaf, ev.type, ev.at, ev.actor, data)
                    for i, (data, leaf, ev) in enumerate(entries)
                ]
                # The driver's executemany directly: SQLAlchemy's per-row type
                # processing costs more than storing the row.
                conn.exec_driver_sql(self.dialect.insert_event_sql, rows)
                for i, (_, _, ev) in enumerate(entries):
                    apply(conn, first + i, ev)
            return first
        except sa.exc.OperationalError as e:
            raise BackendError(f"Could not store {len(entries)} event(s): {e.orig}") from e

    def leaf_hashes(self, start: int, end: int) -> Iterator[bytes]:
        for _, _, leaf in self._rows(start, end, with_data=False):
            yield leaf

    def read(
        self, start: int = 0, end: int | None = None, types: Collection[str] | None = None
    ) -> Iterator[tuple[int, bytes, bytes]]:
        """``(seq, bytes, leaf hash)`` in order, in batches; only ``types`` if given."""
        yield from self._rows(start, end, with_data=True, types=types)

    def _rows(
        self,
        start: int,
        end: int | None,
        *,
        with_data: bool,
        types: Collection[str] | None = None,
    ) -> Iterator[tuple[int, bytes, bytes]]:
        cols = [events.c.seq, events.c.data if with_data else sa.literal(b""), events.c.leaf_hash]
        pos = start
        while True:
            query = (
                sa.select(*cols)
                .where(events.c.seq >= pos)
                .order_by(events.c.seq)
                .limit(_READ_BATCH)
            )
            if end is not None:
                query = query.where(events.c.seq < end)
            if types is not None:
                query = query.where(events.c.type.in_(list(types)))
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            for seq, data, leaf in rows:
                yield int(seq), bytes(data), bytes(leaf)
            if len(rows) < _READ_BATCH:
                return
            pos = int(rows[-1][0]) + 1


def size_on(conn: sa.Connection) -> int:
    """The number of events, read on a connection the caller holds.

    max(seq) + 1 reads one end of the primary-key index; count(*) would scan
    the table, and the size is read on every append and page view. Seqs are
    dense (append numbers them under the write lock; verify checks it)."""
    last = conn.execute(sa.select(sa.func.max(events.c.seq))).scalar_one()
    return 0 if last is None else int(last) + 1
