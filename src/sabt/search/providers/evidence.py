"""Evidence items as search documents: name, source, note and extracted text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from sabt.search.document import Document
from sabt.vault.projection import evidence


class EvidenceProvider:
    kinds = ("evidence",)

    def touched(self, conn: sa.Connection, event: Any) -> Iterable[tuple[str, str]]:
        if event.type == "evidence.added" and isinstance(event.body.get("hash"), str):
            return [("evidence", event.body["hash"])]
        return []

    def load(self, conn: sa.Connection, kind: str, ref: str) -> Document | None:
        row = conn.execute(sa.select(evidence).where(evidence.c.hash == ref)).mappings().first()
        if row is None:
            return None
        meta = row["meta"] or {}
        text = meta.get("text") if isinstance(meta, dict) else None
        parts = [row["source"] or "", row["note"] or "", text or ""]
        # Evidence is for staff only (the public view has no evidence pages):
        # its names and text must never reach a redacted search.
        return Document(
            kind="evidence",
            ref=ref,
            title=row["name"],
            body="\n".join(p for p in parts if p),
            sensitive=True,
        )

    def every(self, conn: sa.Connection) -> Iterator[tuple[str, str]]:
        for (h,) in conn.execute(sa.select(evidence.c.hash)):
            yield "evidence", h


PROVIDER = EvidenceProvider()
