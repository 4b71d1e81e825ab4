"""Estimates of the total from the linkage clusters, with their charts.

An analyst computes one (log-linear or LCMCR, optionally by stratum) over the
latest clustering; the result is recorded as an ``estimate.recorded`` event, so
every figure shown has an author, a time and a place in the log. The charts
(``sabt.estimate.charts``) are drawn when the estimate is computed and kept
under ``<data>/web/estimates/<seq>/``; they are derived files, not records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from sabt.errors import InvalidInput, NotFound
from sabt.estimate import charts
from sabt.estimate.memberships import tables_from_memberships
from sabt.estimate.report import combined
from sabt.estimate.strata import Options, estimate_strata
from sabt.linkage import queries as linkage
from sabt.linkage.projection import latest_run
from sabt.web.projection import estimates_table
from sabt.web.roles import ANALYSTS, EVERYONE, Principal, allow_group
from sabt.web.views import add_nav, render
from sabt.web.writes import write_lock

router = APIRouter()
add_nav("nav.estimates", "/estimates", EVERYONE)
CHARTS = ("overlap", "models", "posterior")


def chart_dir(case: Any, seq: int) -> Path:
    return case.dir.root / "web" / "estimates" / str(int(seq))


def compute(case: Any, method: str, stratum: str, actor: str) -> int:
    """Estimate from the latest clustering, record it, draw its charts; the event's seq."""
    if method not in ("loglinear", "lcmcr"):
        raise InvalidInput(f"Unknown method {method!r}.", errors={"method": "loglinear or lcmcr"})
    if stratum and stratum not in linkage.STRATA:
        raise InvalidInput(
            f"Unknown stratum {stratum!r}.", errors={"stratum": ", ".join(linkage.STRATA)}
        )
    with case.engine.connect() as conn:
        run = latest_run(conn)
        if run is None:
            raise InvalidInput("No linkage run yet: import lists and run `sabt link` first.")
        members = linkage.memberships(conn, stratum or None)
        lists = linkage.list_names(conn)
    tables = tables_from_memberships(members, lists)
    result = estimate_strata(tables, Options(method=method))  # type: ignore[arg-type]
    body = {"method": method, "run": run.id, "stratum": stratum or None, "result": result.to_dict()}
    with write_lock:
        stored = case.append("estimate.recorded", body, actor=actor)
    out = chart_dir(case, stored.seq)
    out.mkdir(parents=True, exist_ok=True)
    charts.overlap_chart(combined(tables), out / "overlap.png")
    if result.total.diagnostics.get("top_models"):
        charts.model_comparison(result.total, out / "models.png")
    if result.total.draws is not None:
        charts.posterior_histogram(result.total, out / "posterior.png")
    return int(stored.seq)


def recorded(conn: sa.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(estimates_table).order_by(estimates_table.c.seq.desc()).limit(20)
    ).all()
    return [{**r._mapping, "result": json.loads(r.result)} for r in rows]


@router.get("/estimates", response_class=HTMLResponse)
def estimates_page(
    request: Request, who: Annotated[Principal, Depends(allow_group(EVERYONE))]
) -> Response:
    case = request.app.state.case
    with case.engine.connect() as conn:
        items = recorded(conn)
        run = latest_run(conn)
    for item in items:
        folder = chart_dir(case, item["seq"])
        item["charts"] = [c for c in CHARTS if (folder / f"{c}.png").is_file()]
    return render(request, "estimates.html", items=items, run=run, strata=linkage.STRATA)


@router.post("/estimates")
def estimates_compute(
    request: Request,
    who: Annotated[Principal, Depends(allow_group(ANALYSTS))],
    method: Annotated[str, Form()] = "loglinear",
    stratum: Annotated[str, Form()] = "",
) -> Response:
    seq = compute(request.app.state.case, method, stratum, who.username)
    return RedirectResponse(f"/estimates#estimate-{seq}", status_code=303)


@router.get("/estimates/{seq}/{name}.png")
def estimate_chart(
    request: Request, seq: int, name: str, who: Annotated[Principal, Depends(allow_group(EVERYONE))]
) -> Response:
    path = chart_dir(request.app.state.case, seq) / f"{name}.png"
    if name not in CHARTS or not path.is_file():
        raise NotFound(f"No chart {name!r} for estimate {seq}.")
    return FileResponse(path, media_type="image/png")
