"""Evidence items as search documents: name, source, note and extracted text.

The extracted text is sealed under the item's key (``sabt.vault.textseal``) and
opened here with the vault's keys, if they are unlocked (this never asks for
them). With the vault locked an item is indexed without its text and marked
incomplete; the index reads it again at the first sync with the vault unlocked.

A shredded item (``sabt custody shred``) leaves the index altogether: its text
left the projection with its key, and its name and note would still point a
search at content that is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from sabt.errors import IntegrityError, NotFound
from sabt.search.document import Document
from sabt.vault import textseal
from sabt.vault.projection import SHREDDED, custody, evidence

log = logging.getLogger(__name__)
_GONE = sa.select(custody.c.hash).where(custody.c.event == SHREDDED)  # shredded items


class EvidenceProvider:
    kinds = ("evidence",)

    def touched(self, conn: sa.Connection, event: Any) -> Iterable[tuple[str, str]]:
        hash = event.body.get("hash")
        if not isinstance(hash, str):
            return []
        if event.type == "evidence.added" or (
            event.type == "custody.recorded" and event.body.get("event") == SHREDDED
        ):
            return [("evidence", hash)]
        return []

    def load(self, conn: sa.Connection, kind: str, ref: str, case: Any) -> Document | None:
        query = sa.select(evidence).where(evidence.c.hash == ref, evidence.c.hash.not_in(_GONE))
        row = conn.execute(query).mappings().first()
        if row is None:  # unknown, or shredded
            return None
        text, complete = _text(case, row, ref)
        parts = [row["source"] or "", row["note"] or "", text or ""]
        # Evidence is for staff only (the public view has no evidence pages):
        # its names and text must never reach a redacted search.
        return Document(
            kind="evidence",
            ref=ref,
            title=row["name"],
            body="\n".join(p for p in parts if p),
            sensitive=True,
            complete=complete,
        )

    def every(self, conn: sa.Connection) -> Iterator[tuple[str, str]]:
        for (h,) in conn.execute(sa.select(evidence.c.hash).where(evidence.c.hash.not_in(_GONE))):
            yield "evidence", h


def _text(case: Any, row: Any, hash: str) -> tuple[str | None, bool]:
    """The item's text, and whether it could be read (False: the vault is locked)."""
    meta = row["meta"] if isinstance(row["meta"], dict) else {}
    if not textseal.is_sealed(meta):
        return meta.get("text"), True  # an item added before text was sealed, or none
    from sabt.vault.custody import with_sealed_text
    from sabt.vault.evidence import unlocked_store

    store = unlocked_store(case)  # never unlocks: a search must not stop at a prompt
    if store is None:
        return None, False
    try:
        return textseal.open_text(with_sealed_text(case, row), store, hash), True
    except (NotFound, IntegrityError) as e:
        # Missing or altered (Forgotten is a NotFound: shredded): indexed
        # without its text; ``sabt verify --blobs`` names a bad blob.
        log.warning("search index: the text of %s was not indexed: %s", hash, e)
        return None, True


PROVIDER = EvidenceProvider()
