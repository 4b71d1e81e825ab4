"""docs/routes.md is the app's route × role table, and every route is guarded."""

from __future__ import annotations

from pathlib import Path

from sabt.web.routes import markdown, table

DOC = Path(__file__).resolve().parents[2] / "docs" / "routes.md"


def test_every_route_declares_its_roles(app) -> None:  # type: ignore[no-untyped-def]
    unguarded = [f"{m} {p}" for m, p, roles in table(app) if roles is None]
    assert unguarded == []


def test_routes_doc_matches_the_app(app) -> None:  # type: ignore[no-untyped-def]
    expected = markdown(app)
    assert DOC.read_text("utf-8") == expected, (
        "docs/routes.md is out of date: regenerate it with "
        "`PYTHONPATH=src python -m sabt.web.routes > docs/routes.md`"
    )
