"""Every record and claim of a case, read in two queries, for work over the
whole case (the exports).

Built a record at a time, an export of a few hundred records made thousands
of queries: each record's view read its row, the sources, its claims and, for
its label and every record it names, their rows and first names again. A
``Snapshot`` answers the same questions as ``queries.Reader`` from memory, so
the views it builds are the very views a record's page shows, and the number
of queries does not grow with the number of records. It is a ``Selection``
filled by two whole-table queries instead of level by level.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from sabt.records.projection import claim, record
from sabt.records.selection import Selection


class Snapshot(Selection):
    """A ``Selection`` of every record: the rows and claims of the whole case,
    read in two queries (a record without claims is known to have none)."""

    def __init__(self, conn: sa.Connection) -> None:
        super().__init__(conn)
        self.rows = list(conn.execute(sa.select(record).order_by(record.c.created_seq)))
        self._rows = {r.id: r for r in self.rows}
        self._claims = {r.id: [] for r in self.rows}
        for c in conn.execute(sa.select(claim).order_by(claim.c.added_seq, claim.c.id)):
            self._claims.setdefault(c.entity, []).append(c)
        self._sources = {r.id: json.loads(r.fields) for r in self.rows if r.kind == "source"}
