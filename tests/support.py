"""Helpers shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"


def sabt_env(**extra: str) -> dict[str, str]:
    """The environment for a ``sabt`` subprocess: this checkout's ``src`` first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.setdefault("SABT_ACTOR", "test")
    env.setdefault("SABT_PASSPHRASE", "test-vault-passphrase")  # the vault key (sabt init)
    env.update(extra)
    return env


def run_sabt(
    *args: str,
    input: str | bytes | None = None,
    env: dict[str, str] | None = None,
    check: bool = False,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``sabt`` CLI in a subprocess and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "sabt", *args],
        input=input,
        env=env or sabt_env(),
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
    )


@dataclass
class Ran:
    """What a ``sabt`` run in this process gave (the ``cli`` fixture of tests/vault)."""

    returncode: int
    stdout: str
    stderr: str


@contextmanager
def counted(engine: Any) -> Iterator[list[int]]:
    """How many SQL statements the block sends through ``engine`` (every
    thread): ``with counted(e) as n: ...; n[0]``."""
    import sqlalchemy as sa

    n = [0]

    def count(*_: object) -> None:
        n[0] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield n
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
