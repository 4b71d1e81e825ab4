"""The write side of records: validated changes appended as events.

Every function checks its input against the projection (does the record
exist, is it the right kind), builds the event bodies with ``draft`` and
appends them in one transaction, so a change is all there or not at all.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import InvalidInput, NotFound
from sabt.records import draft
from sabt.records.draft import ClaimInput, Known, Lookup
from sabt.records.projection import claim, record
from sabt.records.vocab import REVIEWS

if TYPE_CHECKING:
    from sabt.case import Case


_FIND = sa.select(record.c.kind, record.c.protected).where(record.c.id == sa.bindparam("rid"))


def lookup(conn: sa.Connection, extra: Mapping[str, Known] | None = None) -> Lookup:
    """Find a record by id in the projection (or in ``extra``, records about to
    be created in the same batch)."""

    seen: dict[str, Known] = {}  # a record's kind never changes; protection only by an edit

    def find(rid: str) -> Known | None:
        if extra and rid in extra:
            return extra[rid]
        if rid not in seen:
            row = conn.execute(_FIND, {"rid": rid}).first()
            if row is None:
                return None
            seen[rid] = Known(row.kind, bool(row.protected))
        return seen[rid]

    return find


def sealer(case: Case) -> draft.Seal:
    """Seal a sensitive value under its subject's key (made on first use)."""

    def seal(subject: str, text: str, aad: bytes) -> str:
        token = case.keyring.seal(subject, text.encode("utf-8"), aad)
        return base64.urlsafe_b64encode(token).decode("ascii")

    return seal


def unsealer(case: Case) -> Any:
    """``(subject, token, aad) -> str | None``: None once the subject was forgotten.

    A token that does not verify raises ``IntegrityError``: an altered value is
    never shown, nor passed off as erased."""
    from sabt.errors import Forgotten

    def unseal(subject: str, token: str, aad: bytes) -> str | None:
        try:
            raw = case.keyring.unseal(subject, base64.urlsafe_b64decode(token), aad)
        except Forgotten:
            return None
        return raw.decode("utf-8")

    return unseal


def check_blobs(conn: sa.Connection, fields: Mapping[str, Any] | None) -> None:
    """A source's ``blobs`` must name evidence the vault holds."""
    hashes = (fields or {}).get("blobs") or []
    hashes = [hashes] if isinstance(hashes, str) else list(hashes)
    if not hashes:
        return
    from sabt.vault.projection import evidence

    held = set(
        conn.execute(
            sa.select(evidence.c.hash).where(evidence.c.hash.in_([h.lower() for h in hashes]))
        ).scalars()
    )
    missing = [h for h in hashes if h.lower() not in held]
    if missing:
        raise InvalidInput(
            "the source points at evidence the vault does not hold; add the files first (`sabt add FILE`):",
            {f"blobs {h}": "not in the vault" for h in missing},
        )


def append(case: Case, events: Sequence[tuple[str, dict[str, Any]]], actor: str) -> list[Any]:
    if not events:
        return []
    return list(case.append_many(list(events), actor=actor))


def add_record(
    case: Case,
    kind: str,
    *,
    actor: str,
    fields: Mapping[str, Any] | None = None,
    protected: bool = False,
    id: str | None = None,
    claims: Iterable[tuple[str, str]] = (),
    source: str | None = None,
    locator: str = "",
    credibility: int | str = 6,
    review: str = "needs-work",
) -> str:
    """Create a record, and the claims a source makes about it, in one step."""
    claims = list(claims)
    with case.engine.connect() as conn:
        find = lookup(conn)
        body = draft.record_body(kind, fields, protected=protected, id=id, lookup=find)
        check_blobs(conn, body["fields"])
        rid = body["id"]
        find = lookup(conn, {rid: Known(kind, protected)})
        if claims and not source:
            raise InvalidInput("claims need a source: give --source SOURCE_ID.")
        bodies = _claim_bodies(
            case,
            find,
            [
                ClaimInput(rid, p, v, source or "", locator, credibility, review=review)
                for p, v in claims
            ],
        )
    append(case, [("record.created", body), *(("claim.added", b) for b in bodies)], actor)
    return str(rid)


def add_claims(case: Case, inputs: Sequence[ClaimInput], *, actor: str) -> list[str]:
    with case.engine.connect() as conn:
        bodies = _claim_bodies(case, lookup(conn), inputs)
    append(case, [("claim.added", b) for b in bodies], actor)
    return [b["id"] for b in bodies]


def _claim_bodies(case: Case, find: Lookup, inputs: Sequence[ClaimInput]) -> list[dict[str, Any]]:
    errors: dict[str, str] = {}
    checked = []
    # Check every claim before sealing any, so a bad batch creates no keys.
    for i, c in enumerate(inputs, 1):
        try:
            checked.append(draft.check_claim(c, find))
        except InvalidInput as e:
            prefix = f"claim {i} ({c.property})" if len(inputs) > 1 else c.property
            errors.update({f"{prefix}: {k}": v for k, v in e.errors.items()} or {prefix: e.message})
    if errors:
        raise InvalidInput("nothing was recorded:", errors)
    seal = sealer(case)
    return [draft.seal_claim(c, seal) for c in checked]


def edit_record(
    case: Case,
    rid: str,
    *,
    actor: str,
    fields: Mapping[str, Any] | None = None,
    unset: Sequence[str] = (),
    protected: bool | None = None,
) -> None:
    with case.engine.connect() as conn:
        known = lookup(conn)(rid)
        if known is None:
            raise NotFound(f"no record {rid!r} (see `sabt record list`).")
        body = draft.edit_body(known, rid, fields or {}, list(unset), protected)
        check_blobs(conn, body.get("fields"))
    append(case, [("record.edited", body)], actor)


def _claim_row(case: Case, claim_id: str) -> Any:
    with case.engine.connect() as conn:
        row = conn.execute(sa.select(claim).where(claim.c.id == claim_id)).first()
    if row is None:
        raise NotFound(f"no claim {claim_id!r} (see `sabt claim list RECORD`).")
    return row


def retract_claim(case: Case, claim_id: str, reason: str, *, actor: str) -> None:
    row = _claim_row(case, claim_id)
    if row.retracted:
        raise InvalidInput(
            f"claim {claim_id} was already retracted ({row.note or 'no reason given'})."
        )
    if not reason.strip():
        raise InvalidInput("say why the claim is retracted: --reason TEXT.")
    append(case, [("claim.retracted", {"claim": claim_id, "reason": reason.strip()})], actor)


def review_claim(case: Case, claim_id: str, review: str, note: str, *, actor: str) -> None:
    row = _claim_row(case, claim_id)
    if review not in REVIEWS:
        raise InvalidInput(f"review must be one of {', '.join(REVIEWS)}; found {review!r}.")
    if row.retracted:
        raise InvalidInput(f"claim {claim_id} is retracted; add a new claim instead.")
    append(
        case,
        [("claim.reviewed", {"claim": claim_id, "review": review, "note": note.strip()})],
        actor,
    )


def forget(case: Case, subject: str, *, actor: str) -> None:
    """Crypto-shred a subject: log the decision, then destroy the subject's key.

    The log keeps every event (and so still verifies); the sealed values in it
    can no longer be opened by anyone.
    """
    with case.engine.connect() as conn:
        known = lookup(conn)(subject)
        done = conn.execute(sa.select(record.c.forgotten).where(record.c.id == subject)).scalar()
    if done:
        raise InvalidInput(f"{subject} was already forgotten: its key is destroyed.")
    try:
        case.keyring.subject_key(subject, create=False)
        has_key = True
    except NotFound:  # no key yet, or already forgotten (Forgotten is a NotFound)
        has_key = False
    if known is None and not has_key:
        raise NotFound(f"no record and no key for subject {subject!r}.")
    append(case, [("record.forgotten", {"subject": subject})], actor)
    case.keyring.forget_subject(subject)
