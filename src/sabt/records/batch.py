"""Many records and claims written as one transaction.

Each record and claim is checked once, as it is added (against the projection
and the batch so far), so the first mistake is reported where it was made;
sensitive values are sealed only at ``commit``, when the whole batch is known
to be good, so a refused batch leaves no keys behind. Used by the demo and by
anything that writes a whole dossier at once.
"""

from __future__ import annotations

from random import Random
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import InvalidInput
from sabt.records import draft, store
from sabt.records.draft import CheckedClaim, ClaimInput, Known

if TYPE_CHECKING:
    from sabt.case import Case


class Batch:
    def __init__(self, case: Case, rng: Random | None = None) -> None:
        self.case = case
        self.rng = rng
        self.known: dict[str, Known] = {}
        self._items: list[tuple[str, dict[str, Any] | CheckedClaim]] = []
        self._conn: sa.Connection | None = None

    def __enter__(self) -> Batch:
        self._conn = self.case.engine.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def find(self, rid: str) -> Known | None:
        assert self._conn is not None, "use the batch as a context manager"
        return self.known.get(rid) or store.lookup(self._conn)(rid)

    def record(
        self,
        kind: str,
        *,
        fields: dict[str, Any] | None = None,
        protected: bool = False,
        id: str | None = None,
        claims: list[tuple[str, str]] | None = None,
        **claim_args: Any,
    ) -> str:
        """Add a record, and claims about it (``source``, ``locator``, ... as for ``claim``)."""
        body = draft.record_body(
            kind,
            fields,
            protected=protected,
            id=id or draft.new_id(kind, self.rng),
            lookup=self.find,
        )
        self.known[body["id"]] = Known(kind, protected)
        self._items.append(("record.created", body))
        for prop, value in claims or []:
            self.claim(body["id"], prop, value, **claim_args)
        return str(body["id"])

    def claim(
        self,
        entity: str,
        prop: str,
        value: str,
        source: str,
        locator: str = "",
        credibility: int | str = 6,
        stance: str = "affirms",
        review: str = "needs-work",
    ) -> str:
        c = ClaimInput(
            entity,
            prop,
            value,
            source,
            locator,
            credibility,
            stance,
            review,
            draft.new_id("claim", self.rng),
        )
        try:
            checked = draft.check_claim(c, self.find)
        except InvalidInput as e:
            raise InvalidInput(f"{entity} {prop} = {value!r}: {e.message}", e.errors) from None
        self._items.append(("claim.added", checked))
        return checked.id

    def commit(self, actor: str) -> list[Any]:
        seal = store.sealer(self.case)
        events = [
            (t, draft.seal_claim(item, seal) if isinstance(item, CheckedClaim) else item)
            for t, item in self._items
        ]
        self._items = []
        return store.append(self.case, events, actor)
