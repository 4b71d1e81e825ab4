"""Turning what an analyst enters into validated event bodies.

Pure: the caller supplies ``lookup`` (record id → what is known of it, or
None) and, for sensitive values, ``seal`` (subject, plaintext, aad → token).
Every problem is collected into one ``InvalidInput`` whose ``errors`` name the
field, so a batch can report them all. Event bodies (docs/records.md):

- ``record.created``  {id, kind, protected, fields}  (fields: catalogue kinds only)
- ``record.edited``   {id, fields?, unset?, protected?}
- ``claim.added``     {id, entity, property, stance, source, locator,
                       credibility, review, value, key, script | sealed}
- ``claim.reviewed``  {claim, review, note}
- ``claim.retracted`` {claim, reason}
- ``record.forgotten`` {subject}
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from random import Random
from typing import Any

from sabt.errors import InvalidInput
from sabt.records import values
from sabt.records.vocab import CREDIBILITY, REVIEWS, STANCES, Kind, kind

PREFIX = {
    "person": "per", "organization": "org", "post": "pst", "place": "plc", "incident": "inc",
    "act": "act", "involvement": "inv", "membership": "mem", "position_held": "pos",
    "source": "src", "claim": "clm",
}  # fmt: skip


@dataclass(frozen=True)
class Known:
    kind: str
    protected: bool = False


Lookup = Callable[[str], Known | None]
Seal = Callable[[str, str, bytes], str]


def new_id(kind_name: str, rng: Random | None = None) -> str:
    suffix = f"{rng.getrandbits(40):010x}" if rng is not None else secrets.token_hex(5)
    return f"{PREFIX[kind_name]}-{suffix}"


def record_body(
    kind_name: str,
    fields: Mapping[str, Any] | None = None,
    *,
    protected: bool = False,
    id: str | None = None,
    lookup: Lookup | None = None,
) -> dict[str, Any]:
    """The body of ``record.created``: a catalogue kind's fields are checked here."""
    k = kind(kind_name)
    errors: dict[str, str] = {}
    rid = id or new_id(kind_name)
    if not values.is_record_id(rid):
        errors["id"] = (
            f"expected lowercase letters, digits, '.', '_' or '-' (at most 80); found {rid!r}"
        )
    elif lookup is not None and lookup(rid) is not None:
        errors["id"] = f"a record {rid} already exists"
    clean = _catalogue(k, fields or {}, errors, partial=False)
    if protected and kind_name != "person":
        errors["protected"] = "only a person can be protected"
    if errors:
        raise InvalidInput(f"cannot create the {kind_name}:", errors)
    return {"id": rid, "kind": kind_name, "protected": protected, "fields": clean}


def edit_body(
    known: Known, rid: str, fields: Mapping[str, Any], unset: list[str], protected: bool | None
) -> dict[str, Any]:
    k = kind(known.kind)
    errors: dict[str, str] = {}
    clean = _catalogue(k, fields, errors, partial=True)
    for name in unset:
        if not k.catalogue:
            errors["unset"] = (
                f"what is known of a {k.name} is claims: retract the claim instead "
                "(`sabt claim retract CLAIM --reason …`)"
            )
            break
        if name not in k.properties:
            errors[name] = f"a {k.name} has no property {name!r}"
        elif k.properties[name].required:
            errors[name] = "is required and cannot be removed"
    if protected is not None and known.kind != "person":
        errors["protected"] = "only a person can be protected"
    if errors:
        raise InvalidInput(f"cannot edit {rid}:", errors)
    body: dict[str, Any] = {"id": rid}
    if clean:
        body["fields"] = clean
    if unset:
        body["unset"] = sorted(set(unset))
    if protected is not None:
        body["protected"] = protected
    if len(body) == 1:
        raise InvalidInput(f"nothing to change on {rid}: give --set, --unset or --protect.")
    return body


def _catalogue(
    k: Kind, fields: Mapping[str, Any], errors: dict[str, str], *, partial: bool
) -> dict[str, Any]:
    if fields and not k.catalogue:
        errors["fields"] = (
            f"what is known of a {k.name} is recorded as claims with a source "
            "(`sabt claim add`), not as fields"
        )
        return {}
    out: dict[str, Any] = {}
    for name, raw in fields.items():
        if name not in k.properties:
            errors[name] = f"unknown property; expected one of {', '.join(k.properties)}"
            continue
        prop = k.properties[name]
        items = raw if isinstance(raw, list) else [raw]
        try:
            cleaned = [values.clean(prop, item).text for item in items]
        except ValueError as e:
            errors[name] = str(e)
            continue
        out[name] = sorted(set(cleaned)) if prop.multi else cleaned[-1]
    if not partial:
        for name, prop in k.properties.items():
            if prop.required and name not in out and name not in errors:
                errors[name] = "is required"
    return out


_PAGE = re.compile(r"^(?:p|pp|page|pages)\.?\s*(\d+(?:\s*[-–]\s*\d+)?)$", re.I)
_TIME = re.compile(r"^(?:t=|time\s+|at\s+)?(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)$", re.I)
_OFFSET = re.compile(r"^(?:offset|@|byte)\s*(\d+)$", re.I)
_ROW = re.compile(r"^(?:row|line)\s*(\d+)$", re.I)


def locator(text: str) -> str:
    """A canonical locator: ``page 12``, ``pages 3-5``, ``time 00:12:31``,
    ``offset 1024`` or ``row 7`` (a dataset's row); empty when none is given."""
    text = text.strip()
    if not text:
        return ""
    if m := _PAGE.match(text):
        pages = re.sub(r"\s*[-–]\s*", "-", m[1])
        return f"pages {pages}" if "-" in pages else f"page {pages}"
    if m := _TIME.match(text):
        return f"time {m[1]}"
    if m := _OFFSET.match(text):
        return f"offset {m[1]}"
    if m := _ROW.match(text):
        return f"row {m[1]}"
    raise ValueError(
        "expected a page (p. 12), a media time (00:12:31), an offset (offset 1024) "
        f"or a dataset row (row 7); found {text!r}"
    )


@dataclass(frozen=True)
class ClaimInput:
    entity: str
    property: str
    value: str
    source: str
    locator: str = ""
    credibility: int | str = 6
    stance: str = "affirms"
    review: str = "needs-work"
    id: str | None = None


@dataclass(frozen=True)
class CheckedClaim:
    """A claim that passed every check, not yet sealed: its ``claim.added``
    body, and the value to seal into it when the property is sensitive or the
    subject protected (then ``body`` holds no value)."""

    body: dict[str, Any]
    secret: str | None = None

    @property
    def id(self) -> str:
        return str(self.body["id"])


def check_claim(c: ClaimInput, lookup: Lookup) -> CheckedClaim:
    """Check a claim once: every problem in one ``InvalidInput``; nothing sealed yet.

    A batch checks all its claims, and seals (``seal_claim``) only when all
    are good, so a refused batch creates no keys."""
    errors: dict[str, str] = {}
    target = lookup(c.entity)
    prop = None
    if target is None:
        errors["entity"] = f"no record {c.entity!r}; create it first (`sabt record add`)"
    elif kind(target.kind).catalogue:
        errors["entity"] = (
            f"{c.entity} is a {target.kind}: edit its fields, sources are not claimed about"
        )
    else:
        try:
            prop = kind(target.kind).property(c.property)
        except InvalidInput as e:
            errors["property"] = e.message
    src = lookup(c.source)
    if src is None or src.kind != "source":
        errors["source"] = f"no source {c.source!r}; create it first (`sabt record add source ...`)"
    try:
        cred = int(c.credibility)
        if cred not in CREDIBILITY:
            raise ValueError
    except ValueError:
        errors["credibility"] = f"expected 1 to 6; found {c.credibility!r}"
        cred = 6
    if c.stance not in STANCES:
        errors["stance"] = f"expected one of {', '.join(STANCES)}; found {c.stance!r}"
    if c.review not in REVIEWS:
        errors["review"] = f"expected one of {', '.join(REVIEWS)}; found {c.review!r}"
    try:
        loc = locator(c.locator)
    except ValueError as e:
        errors["locator"] = str(e)
    value = None
    if prop is not None:
        try:
            value = values.clean(prop, c.value)
        except ValueError as e:
            errors["value"] = f"{c.property}: {e}"
        if value is not None and prop.base == "ref":
            ref = lookup(value.text)
            if ref is None or ref.kind not in prop.ref_kinds:
                want = " or ".join(prop.ref_kinds)
                errors["value"] = f"{c.property} must name an existing {want}; found {value.text!r}"
    cid = c.id or new_id("claim")
    if not values.is_record_id(cid):
        errors["id"] = f"not a valid claim id: {cid!r}"
    if errors:
        raise InvalidInput(f"cannot add the claim about {c.entity} {c.property}:", errors)
    assert prop is not None and value is not None and target is not None
    body: dict[str, Any] = {
        "id": cid, "entity": c.entity, "property": c.property, "stance": c.stance,
        "source": c.source, "locator": loc, "credibility": cred, "review": c.review,
    }  # fmt: skip
    if prop.sensitive or target.protected:
        return CheckedClaim(body, secret=value.text)
    body.update(value=value.text, key=value.key)
    if value.script:
        body["script"] = value.script
    return CheckedClaim(body)


def seal_claim(checked: CheckedClaim, seal: Seal | None) -> dict[str, Any]:
    """The ``claim.added`` body of a checked claim, a sensitive value sealed
    under the subject's key."""
    if checked.secret is None:
        return checked.body
    b = checked.body
    if seal is None:
        raise InvalidInput(
            f"{b['entity']} {b['property']} is sensitive and no key ring is open to seal it."
        )
    return {
        **b,
        "sealed": seal(b["entity"], checked.secret, aad(b["id"], b["entity"], b["property"])),
    }


def aad(claim_id: str, entity: str, prop: str) -> bytes:
    """What a sealed value is bound to: moving the token to another claim fails."""
    return f"sabt.records/claim/{claim_id}/{entity}/{prop}".encode()
