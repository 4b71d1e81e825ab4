"""The ledger: checkpoint, size, verification, inclusion proofs, and the public /log/.

``/log/checkpoint`` and ``/log/tile/...`` serve the data directory's ``log/``
exactly as written (C2SP tlog-checkpoint and tlog-tiles), without a login, so
witnesses and monitors can follow the log; they reveal event hashes only. Full
tiles never change and are served as immutable; the checkpoint and partial
tiles must be re-fetched.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from sabt.errors import IntegrityError, InvalidInput, NotFound
from sabt.events.verify import verify
from sabt.ledger import Tile
from sabt.ledger.tlogproof import create_tlog_proof
from sabt.web.pages.dashboard import ledger_status
from sabt.web.roles import EDITORS, EVERYONE, PUBLIC, STAFF, Principal, allow_group
from sabt.web.views import add_nav, render
from sabt.web.writes import write_lock

router = APIRouter()
add_nav("nav.ledger", "/ledger", EVERYONE)


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request, who: Annotated[Principal, Depends(allow_group(EVERYONE))]
) -> Response:
    case = request.app.state.case
    checkpoint = case.journal.checkpoint_path.read_text("utf-8")
    return render(
        request,
        "ledger.html",
        ledger=ledger_status(case),
        checkpoint=checkpoint,
        vkey=case.vkey,
        failure=None,
    )


@router.post("/ledger/verify", response_class=HTMLResponse)
def ledger_verify(
    request: Request,
    who: Annotated[Principal, Depends(allow_group(EDITORS + ("analyst", "reviewer")))],
) -> Response:
    """Recompute every leaf and the root from the stored events; record the result."""
    case = request.app.state.case
    try:
        report = verify(case.journal)
    except IntegrityError as e:
        checkpoint = case.journal.checkpoint_path.read_text("utf-8")
        return render(
            request,
            "ledger.html",
            status_code=409,
            ledger=ledger_status(case),
            checkpoint=checkpoint,
            vkey=case.vkey,
            failure=e.message,
        )
    with write_lock:
        case.append(
            "ledger.verified", {"size": report.size, "root": report.root.hex()}, actor=who.username
        )
    return RedirectResponse("/ledger", status_code=303)


@router.get("/events/{seq}/proof", response_class=PlainTextResponse)
def event_proof(
    request: Request, seq: int, who: Annotated[Principal, Depends(allow_group(STAFF))]
) -> Response:
    """A c2sp.org/tlog-proof@v1 that event ``seq`` is in the log, checkable offline."""
    case = request.app.state.case
    note = case.journal.checkpoint_path.read_text("utf-8")
    size = case.journal.checkpoint().size
    if not 0 <= seq < size:
        raise NotFound(f"No event {seq} in the log (it holds {size}).")
    text = create_tlog_proof(case.journal.tiles, seq, note)
    return PlainTextResponse(
        text, headers={"Content-Disposition": f'attachment; filename="sabt-event-{seq}.tlog-proof"'}
    )


@router.get("/log/{path:path}", dependencies=[Depends(allow_group(PUBLIC))])
def public_log(request: Request, path: str) -> Response:
    case = request.app.state.case
    # Only the checkpoint, the verifier key and well-formed C2SP tile paths: the
    # strict tile grammar leaves no room for ".." (the log directory sits beside
    # the private keys, so "inside the data directory" is not enough).
    if path not in ("checkpoint", "vkey"):
        try:
            Tile.from_path(path)
        except InvalidInput as e:
            raise NotFound(f"/log/{path} is not part of the public log.") from e
    full = case.dir.log / path
    if not full.is_file():
        raise NotFound(f"/log/{path} does not exist.")
    if path.startswith("tile/"):
        immutable = ".p/" not in path  # C2SP tlog-tiles: partial tiles end in .p/<width>
        cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return FileResponse(
            full, media_type="application/octet-stream", headers={"Cache-Control": cache}
        )
    return FileResponse(
        full, media_type="text/plain; charset=utf-8", headers={"Cache-Control": "no-cache"}
    )
