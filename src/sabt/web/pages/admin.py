"""Administration: accounts (every change an event) and the audit of sensitive reads."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sabt.web import accounts
from sabt.web.projection import sensitive_reads_table
from sabt.web.roles import ADMIN, ROLES, Principal, allow_group
from sabt.web.views import add_nav, render
from sabt.web.writes import write_lock

router = APIRouter()
add_nav("nav.accounts", "/admin/accounts", ADMIN)
add_nav("nav.audit", "/admin/audit", ADMIN)
Admin = Annotated[Principal, Depends(allow_group(ADMIN))]


@router.get("/admin/accounts", response_class=HTMLResponse)
def account_list(request: Request, who: Admin, done: str = "") -> Response:
    return render(
        request,
        "admin/accounts.html",
        accounts=accounts.all_accounts(request.app.state.case),
        roles=ROLES,
        done=done,
    )


@router.post("/admin/accounts")
def account_create(
    request: Request,
    who: Admin,
    username: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    with write_lock:
        accounts.create(request.app.state.case, username, role, password, actor=who.username)
    return RedirectResponse("/admin/accounts?done=created", status_code=303)


@router.post("/admin/accounts/{username}")
def account_change(
    request: Request,
    who: Admin,
    username: str,
    action: Annotated[str, Form()],
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    case = request.app.state.case
    with write_lock:
        if action == "role":
            accounts.change_role(case, username, role, actor=who.username)
        elif action == "password":
            accounts.set_password(case, username, password, actor=who.username)
        elif action in ("disable", "enable"):
            accounts.set_active(case, username, action == "enable", actor=who.username)
        else:
            from sabt.errors import InvalidInput

            raise InvalidInput(
                f"Unknown action {action!r}.",
                errors={"action": "role, password, disable or enable"},
            )
    return RedirectResponse(f"/admin/accounts?done={action}", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit(request: Request, who: Admin) -> Response:
    t = sensitive_reads_table
    with request.app.state.case.engine.connect() as conn:
        rows = conn.execute(sa.select(t).order_by(t.c.seq.desc()).limit(500)).all()
    return render(request, "admin/audit.html", reads=rows)
