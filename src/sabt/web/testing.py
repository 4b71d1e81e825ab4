"""Helpers for tests and benchmarks: a fresh case with one account per role.

Used by ``tests/web`` and ``bench/bench_web.py``; the passwords are only for
throw-away data directories.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sabt.web.roles import ROLES

if TYPE_CHECKING:
    from fastapi import FastAPI

    from sabt.case import Case

PASSWORD = "test-password-1"


def new_case(
    root: Path, *, title: str = "Test case (fictional)", database_url: str | None = None
) -> Case:
    from sabt.case import Case

    root.mkdir(parents=True, exist_ok=True)
    return Case.init(
        root,
        origin="test.sabt.invalid/web",
        case="test",
        title=title,
        fictional=True,
        actor="test",
        database_url=database_url,
    )


def add_role_accounts(case: Case) -> None:
    from sabt.web import accounts

    for role in ROLES:
        if accounts.get(case, role) is None:
            accounts.create(case, role, role, PASSWORD, actor="test")


def scratch_app(root: Path, database_url: str | None = None) -> FastAPI:
    from sabt.web.app import Settings, create_app

    case = new_case(root, database_url=database_url)
    add_role_accounts(case)
    return create_app(case, Settings(secure_cookies=False))
