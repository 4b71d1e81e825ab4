"""The route × role table, read from the app itself.

Each route's roles come from its ``Allow`` guard (``sabt.web.roles``).
``docs/routes.md`` is this table; ``tests/web/test_routes_doc.py`` fails when
they differ, and when a route has no guard at all.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from sabt.web.roles import ROLES, Allow

# The route FastAPI adds itself: the OpenAPI schema reveals no data.
BUILTIN_PUBLIC = {"/api/openapi.json"}


def guard(route: APIRoute) -> Allow | None:
    stack = [route.dependant]
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Allow):
            return dep.call
        stack.extend(dep.dependencies)
    return None


def _flatten(routes: list[Any]) -> list[Any]:
    # FastAPI ≥ 0.120 keeps included routers as lazy wrappers; our routers have no prefix.
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(_flatten(list(inner.routes)) if inner is not None else [route])
    return out


def all_routes(app: FastAPI) -> list[Any]:
    return _flatten(list(app.routes))


def table(app: FastAPI) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """(method, path, roles) for every route; roles ``()`` = public, ``None`` = unguarded."""
    rows: list[tuple[str, str, tuple[str, ...] | None]] = []
    for route in all_routes(app):
        if isinstance(route, APIRoute):
            g = guard(route)
            for method in sorted(route.methods - {"HEAD"}):
                rows.append((method, route.path, g.roles if g else None))
        elif isinstance(route, Mount):
            rows.append(("GET", route.path + "/{path}", ()))
        elif isinstance(route, Route) and route.path in BUILTIN_PUBLIC:
            rows.append(("GET", route.path, ()))
    return sorted(rows, key=lambda r: (r[1], r[0]))


def markdown(app: FastAPI) -> str:
    head = "| route | " + " | ".join(ROLES) + " |"
    lines = [
        "# Routes and roles",
        "",
        "Who may use each route of the web app and the JSON API (✓ = allowed).",
        '"public" routes need no login. A request by a role without ✓ gets 403;',
        "one without a session gets 401. Generated from the app by",
        "`python -m sabt.web.routes`; `tests/web/test_routes_doc.py` checks it.",
        "",
        head,
        "|" + "---|" * (len(ROLES) + 1),
    ]
    for method, path, roles in table(app):
        if roles is None:
            cells = ["**unguarded**"] * len(ROLES)
        elif not roles:
            cells = ["public"] * len(ROLES)
        else:
            cells = ["✓" if r in roles else "" for r in ROLES]
        lines.append(f"| `{method} {path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys
    import tempfile
    from pathlib import Path

    from sabt.web.testing import scratch_app

    with tempfile.TemporaryDirectory() as tmp:
        app = scratch_app(Path(tmp))
        sys.stdout.write(markdown(app))
        app.state.case.close()
