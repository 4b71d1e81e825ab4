"""Evidence items and their custody as JSON (staff only, like the pages)."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request

from sabt.vault import custody
from sabt.vault.projection import evidence
from sabt.web.roles import STAFF, Principal, allow_group

router = APIRouter(prefix="/api", tags=["evidence"])
Staff = Annotated[Principal, Depends(allow_group(STAFF))]


@router.get("/evidence")
def list_evidence(request: Request, who: Staff) -> dict[str, Any]:
    cols = [
        evidence.c.hash,
        evidence.c.name,
        evidence.c.media_type,
        evidence.c.size,
        evidence.c.seq,
        evidence.c.at,
        evidence.c.captured_at,
    ]
    with request.app.state.case.engine.connect() as conn:
        rows = conn.execute(sa.select(*cols).order_by(evidence.c.seq)).mappings().all()
    return {"evidence": [dict(r) for r in rows]}


@router.get("/evidence/{hash}")
def get_evidence(request: Request, hash: str, who: Staff) -> dict[str, Any]:
    case = request.app.state.case
    full = custody.resolve(case, hash)
    return {
        "item": custody.readable_item(case, full),
        "custody": custody.timeline(case, full),
    }
