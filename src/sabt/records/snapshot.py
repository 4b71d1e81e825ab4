"""Every record and claim of a case, read in two queries, for work over the
whole case (the exports).

Built a record at a time, an export of a few hundred records made thousands
of queries: each record's view read its row, the sources, its claims and, for
its label and every record it names, their rows and first names again. A
``Snapshot`` answers the same questions as ``queries.Reader`` from memory, so
the views it builds are the very views a record's page shows, and the number
of queries does not grow with the number of records.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from sabt.errors import NotFound
from sabt.records.projection import claim, record
from sabt.records.queries import Reader


class Snapshot(Reader):
    def __init__(self, conn: sa.Connection) -> None:
        super().__init__(conn)
        self.rows = list(conn.execute(sa.select(record).order_by(record.c.created_seq)))
        self._by_id = {r.id: r for r in self.rows}
        self._claims: dict[str, list[Any]] = {}
        for c in conn.execute(sa.select(claim).order_by(claim.c.added_seq, claim.c.id)):
            self._claims.setdefault(c.entity, []).append(c)
        self._sources = {r.id: json.loads(r.fields) for r in self.rows if r.kind == "source"}

    def row(self, rid: str) -> Any:
        try:
            return self._by_id[rid]
        except KeyError:
            raise NotFound(f"no record {rid!r} (see `sabt record list`).") from None

    def claims(self, rid: str, *, retracted: bool = True) -> list[Any]:
        every = self._claims.get(rid, [])
        return every if retracted else [c for c in every if not c.retracted]

    def first(self, rid: str, prop: str, *, valued: bool = False) -> Any | None:
        for c in self._claims.get(rid, ()):
            active = not c.retracted and c.stance == "affirms"
            if c.property == prop and active and (not valued or c.value is not None):
                return c
        return None

    def sources_of(self, rid: str) -> list[str]:
        return sorted({c.source for c in self.claims(rid, retracted=False)})
