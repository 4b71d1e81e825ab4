"""Records, places, search and the family lookup as JSON (same roles as the pages)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from sabt.records import queries, store
from sabt.records.draft import ClaimInput
from sabt.search import search
from sabt.search.index import sync
from sabt.web import family
from sabt.web.pages.places import places, timeline
from sabt.web.roles import EDITORS, EVERYONE, FAMILY, Principal, allow_group
from sabt.web.writes import write_lock

router = APIRouter(prefix="/api", tags=["records"])
Reader = Annotated[Principal, Depends(allow_group(EVERYONE))]


@router.get("/records")
def list_records(request: Request, who: Reader, kind: str | None = None) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        return {"records": queries.list_records(conn, kind)}


@router.get("/records/{rid}")
def get_record(request: Request, rid: str, who: Reader) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        view = asdict(queries.record_view(conn, rid))
    if who.redacted:
        for prop in view["properties"]:
            for value in prop["values"]:
                for c in value["claims"] + value["denials"]:
                    # Who graded it and the reviewer's note are staff matters.
                    c["analyst"] = ""
                    c["note"] = ""
    return view


class NewClaim(BaseModel):
    property: str
    value: str
    source: str
    locator: str = ""
    credibility: int = 6
    stance: Literal["affirms", "denies"] = "affirms"


@router.post("/records/{rid}/claims")
def add_claim(
    request: Request,
    rid: str,
    body: NewClaim,
    who: Annotated[Principal, Depends(allow_group(EDITORS))],
) -> dict[str, Any]:
    """Add a source's claim about a record; returns the claim's id."""
    with write_lock:
        ids = store.add_claims(
            request.app.state.case,
            [
                ClaimInput(
                    rid,
                    body.property,
                    body.value.strip(),
                    body.source,
                    body.locator.strip(),
                    body.credibility,
                    stance=body.stance,
                )
            ],
            actor=who.username,
        )
    return {"id": ids[0]}


@router.get("/places")
def list_places(request: Request, who: Reader) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        return {"places": places(conn)}


@router.get("/timeline")
def get_timeline(request: Request, who: Reader) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        return {"items": timeline(conn)}


@router.get("/search")
def search_api(request: Request, who: Reader, q: str, limit: int = 50) -> dict[str, Any]:
    case = request.app.state.case
    sync(case)
    with case.engine.connect() as conn:
        hits = search(conn, q, public=who.redacted, limit=min(max(limit, 1), 200))
    return {"hits": [asdict(h) for h in hits]}


@router.get("/family")
def family_api(
    request: Request,
    who: Annotated[Principal, Depends(allow_group(FAMILY))],
    name: str,
    father: str = "",
) -> dict[str, Any]:
    case = request.app.state.case
    results = family.lookup(case, name, father)
    return {"candidates": [asdict(c) for c in results]}


@router.get("/family/{rid}")
def family_sheet_api(
    request: Request, rid: str, who: Annotated[Principal, Depends(allow_group(FAMILY))]
) -> dict[str, Any]:
    sheet = family.sheet(request.app.state.case, rid)
    out = asdict(sheet)
    out["person"] = {"id": sheet.person.id, "label": sheet.person.label}
    return out
