"""Revealing a sensitive field: logged to the ledger, then shown (``sabt.web.sensitive``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from sabt.web.roles import SENSITIVE, Principal, allow_group
from sabt.web.sensitive import reveal
from sabt.web.views import render
from sabt.web.writes import write_lock

router = APIRouter()


@router.post("/reveal", response_class=HTMLResponse)
def reveal_field(
    request: Request,
    who: Annotated[Principal, Depends(allow_group(SENSITIVE))],
    kind: Annotated[str, Form()],
    ref: Annotated[str, Form()],
    field: Annotated[str, Form()],
    reason: Annotated[str, Form()],
) -> Response:
    with write_lock:
        value = reveal(request.app.state.case, who, kind, ref, field, reason)
    template = (
        "revealed_fragment.html" if request.headers.get("hx-request") == "true" else "revealed.html"
    )
    return render(request, template, value=value, kind=kind, ref=ref, field=field)
