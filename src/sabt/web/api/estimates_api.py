"""Recorded estimates as JSON (everyone), and computing one (analysts)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from sabt.web.pages.estimates import compute, recorded
from sabt.web.roles import ANALYSTS, EVERYONE, Principal, allow_group

router = APIRouter(prefix="/api", tags=["estimates"])


class Request_(BaseModel):
    method: Literal["loglinear", "lcmcr"] = "loglinear"
    stratum: str = ""


@router.get("/estimates")
def list_estimates(
    request: Request, who: Annotated[Principal, Depends(allow_group(EVERYONE))]
) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        return {"estimates": recorded(conn)}


@router.post("/estimates")
def compute_estimate(
    request: Request, body: Request_, who: Annotated[Principal, Depends(allow_group(ANALYSTS))]
) -> dict[str, Any]:
    seq = compute(request.app.state.case, body.method, body.stratum, who.username)
    with request.app.state.case.engine.connect() as conn:
        return next(e for e in recorded(conn) if e["seq"] == seq)
