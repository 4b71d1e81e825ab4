"""Who am I: the account and role behind the request (session or HTTP Basic)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from sabt.web.roles import EVERYONE, Principal, allow_group

router = APIRouter(prefix="/api", tags=["session"])


class Me(BaseModel):
    username: str
    role: str


@router.get("/me", response_model=Me)
def me(who: Annotated[Principal, Depends(allow_group(EVERYONE))]) -> Me:
    return Me(username=who.username, role=who.role)
