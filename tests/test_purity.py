"""The core packages import no web, database or CLI framework (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import sabt_env

FRAMEWORKS = [
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "typer",
    "click",
    "splink",
    "duckdb",
    "pyspark",
    "uvicorn",
    "jinja2",
]
CORE = ["sabt.ledger", "sabt.events", "sabt.names", "sabt.estimate"]


@pytest.mark.parametrize("package", CORE)
def test_core_package_imports_no_framework(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = sorted(f for f in {FRAMEWORKS!r} if f in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=sabt_env(), capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"{package} pulls in {out.stdout.strip()}"
