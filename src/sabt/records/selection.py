"""Some records, and the records they name, read in a fixed number of queries.

A page that shows many records (the family lookup's hits, every place on the
map, the incidents and acts of the timeline) built each view a record at a
time: a few queries for the record, its claims and its label, and more for the
label of every record it names — hundreds of queries for a page of hits. A
``Selection`` reads the rows and claims of the records asked for, then of the
records their claims name, and of the records those name (as deep as a label
looks: a relationship is called by its parts, and they by theirs), one query
for the rows and one for the claims at each level. It answers the same
questions as ``queries.Reader`` from memory, so its views are the very views a
record's page shows; a record it did not read is read as ``Reader`` would.
Where ``Snapshot`` holds the whole case (an export), a ``Selection`` holds only
what one page needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from sabt.errors import NotFound
from sabt.records.projection import claim, record
from sabt.records.queries import Reader

CHUNK = 500  # ids per IN list, whatever the database's limit on parameters
DEPTH = 4  # the records, what they name, and two levels of a relationship's parts


class Selection(Reader):
    def __init__(self, conn: sa.Connection, ids: Iterable[str] = (), *, depth: int = DEPTH) -> None:
        super().__init__(conn)
        self._rows: dict[str, Any] = {}
        self._claims: dict[str, list[Any]] = {}
        self.load(ids, depth=depth)

    def load(self, ids: Iterable[str], *, depth: int = DEPTH) -> None:
        """Read ``ids`` and, ``depth - 1`` levels deep, the records their claims name."""
        todo = {i for i in ids if i not in self._rows}
        for _ in range(depth):
            if not todo:
                return
            found: dict[str, Any] = {}
            claims: dict[str, list[Any]] = {i: [] for i in todo}
            for part in _chunks(todo):
                found.update(
                    (r.id, r)
                    for r in self.conn.execute(sa.select(record).where(record.c.id.in_(part)))
                )
                q = sa.select(claim).where(claim.c.entity.in_(part))
                for c in self.conn.execute(q.order_by(claim.c.added_seq, claim.c.id)):
                    claims[c.entity].append(c)
            for i in todo:
                self._rows[i] = found.get(i)  # None: no such record (NotFound when asked)
            self._claims.update(claims)
            named = {c.ref for cs in claims.values() for c in cs if c.ref is not None}
            todo = named - self._rows.keys()

    # -- what the views read, from memory when the record was read -------------

    def row(self, rid: str) -> Any:
        if rid not in self._rows:
            return super().row(rid)
        row = self._rows[rid]
        if row is None:
            raise NotFound(f"no record {rid!r} (see `sabt record list`).")
        return row

    def claims(self, rid: str, *, retracted: bool = True) -> list[Any]:
        if rid not in self._claims:
            return super().claims(rid, retracted=retracted)
        every = self._claims[rid]
        return every if retracted else [c for c in every if not c.retracted]

    def first(self, rid: str, prop: str, *, valued: bool = False) -> Any | None:
        if rid not in self._claims:
            return super().first(rid, prop, valued=valued)
        for c in self._claims[rid]:
            active = not c.retracted and c.stance == "affirms"
            if c.property == prop and active and (not valued or c.value is not None):
                return c
        return None

    def sources_of(self, rid: str) -> list[str]:
        if rid not in self._claims:
            return super().sources_of(rid)
        return sorted({c.source for c in self.claims(rid, retracted=False)})


def _chunks(ids: set[str]) -> Iterable[list[str]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i : i + CHUNK]
