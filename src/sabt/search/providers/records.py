"""Records as search documents: a record's label, kind and every unsealed value.

Touched by ``record.*`` and ``claim.*`` events (the claim's record, found in
the claim projection when the event names only the claim).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from sabt.errors import NotFound
from sabt.records import queries
from sabt.records.projection import claim, record
from sabt.search.document import Document

KINDS = ("person", "organization", "place", "incident", "act", "source", "post")


class RecordsProvider:
    kinds = KINDS

    def touched(self, conn: sa.Connection, event: Any) -> Iterable[tuple[str, str]]:
        if not event.type.startswith(("record.", "claim.")):
            return []
        body = event.body
        ids = [body[k] for k in ("id", "entity", "subject") if isinstance(body.get(k), str)]
        if isinstance(body.get("claim"), str):
            entity = conn.execute(
                sa.select(claim.c.entity).where(claim.c.id == body["claim"])
            ).scalar()
            if entity:
                ids.append(entity)
        if isinstance(body.get("ref"), str):
            ids.append(body["ref"])
        out = []
        for rid in ids:
            kind = conn.execute(sa.select(record.c.kind).where(record.c.id == rid)).scalar()
            if kind in KINDS:
                out.append((kind, rid))
        return out

    def load(self, conn: sa.Connection, kind: str, ref: str, case: Any) -> Document | None:
        try:
            view = queries.record_view(conn, ref)
        except NotFound:
            return None
        if view.forgotten:
            return None
        parts: list[str] = []
        for prop in view.properties:
            for value in prop.values:
                if value.value not in (queries.SEALED, queries.ERASED):
                    parts.append(value.label if value.label != value.value else value.value)
                    if value.label != value.value:
                        parts.append(value.value)
        if kind == "source":
            parts.extend(str(v) for v in view.fields.values() if isinstance(v, str))
        return Document(
            kind=kind,
            ref=ref,
            title=view.label,
            body="\n".join(dict.fromkeys(parts)),
            sensitive=view.protected,
        )

    def every(self, conn: sa.Connection) -> Iterator[tuple[str, str]]:
        for rid, kind in conn.execute(
            sa.select(record.c.id, record.c.kind).where(record.c.kind.in_(KINDS))
        ):
            yield kind, rid


PROVIDER = RecordsProvider()
