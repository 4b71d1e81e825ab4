"""Accounts: every change is an event; the table is its projection.

Events (bodies):
- ``account.created``  {username, role, password_hash}
- ``account.role_changed``  {username, role}
- ``account.password_changed``  {username, password_hash}
- ``account.disabled`` / ``account.enabled``  {username}

The password hash (Argon2id) is in the event so that ``sabt rebuild`` restores
the accounts; the public log holds only event hashes, never bodies. Each change
but creation bumps the account's ``epoch``, which ends its sessions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from sabt.errors import InvalidInput, NotFound
from sabt.web.passwords import hash_password
from sabt.web.projection import accounts_table
from sabt.web.roles import ROLES

if TYPE_CHECKING:
    from sabt.case import Case

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    password_hash: str
    active: bool
    epoch: int
    created_at: str
    created_by: str


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(
            f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", errors={"role": role}
        )


def get(case: Case, username: str) -> Account | None:
    with case.engine.connect() as conn:
        row = conn.execute(
            sa.select(accounts_table).where(accounts_table.c.username == username.lower())
        ).first()
    return Account(**row._mapping) if row else None


def require(case: Case, username: str) -> Account:
    account = get(case, username)
    if account is None:
        raise NotFound(f"No account named {username!r}. `sabt user list` shows the accounts.")
    return account


def all_accounts(case: Case) -> list[Account]:
    with case.engine.connect() as conn:
        rows = conn.execute(sa.select(accounts_table).order_by(accounts_table.c.username)).all()
    return [Account(**r._mapping) for r in rows]


def create(case: Case, username: str, role: str, password: str, *, actor: str) -> Account:
    name = username.strip().lower()
    problems: dict[str, str] = {}
    if not USERNAME.match(name):
        problems["username"] = "2–63 characters: lower-case letters, digits, '.', '_' or '-'"
    if role not in ROLES:
        problems["role"] = f"one of {', '.join(ROLES)}"
    if problems:
        raise InvalidInput(f"Cannot create account {username!r}.", errors=problems)
    if get(case, name) is not None:
        raise InvalidInput(
            f"An account named {name!r} already exists.", errors={"username": "taken"}
        )
    digest = hash_password(password)
    case.append(
        "account.created", {"username": name, "role": role, "password_hash": digest}, actor=actor
    )
    return require(case, name)


def change_role(case: Case, username: str, role: str, *, actor: str) -> Account:
    _check_role(role)
    account = require(case, username)
    case.append("account.role_changed", {"username": account.username, "role": role}, actor=actor)
    return require(case, username)


def set_password(case: Case, username: str, password: str, *, actor: str) -> Account:
    account = require(case, username)
    digest = hash_password(password)
    case.append(
        "account.password_changed",
        {"username": account.username, "password_hash": digest},
        actor=actor,
    )
    return require(case, username)


def set_active(case: Case, username: str, active: bool, *, actor: str) -> Account:
    account = require(case, username)
    kind = "account.enabled" if active else "account.disabled"
    case.append(kind, {"username": account.username}, actor=actor)
    return require(case, username)
