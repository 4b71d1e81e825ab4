"""Roles, and the guard every route declares.

Six roles (the issue's list). A route says who may use it with ``Depends(allow(...))``;
the guard is an object that remembers its roles, so ``docs/routes.md`` can be
checked against the app (``tests/web/test_routes_doc.py``) and a route without a
guard is caught by the same test.

``viewer`` is the public, redacted view: it never sees a sensitive field, and it
may not write.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from sabt.errors import NotAuthenticated, PermissionDenied
from sabt.web.rolenames import ROLES

# Convenience groups, named for what they allow.
EVERYONE = ROLES
STAFF = ("admin", "investigator", "analyst", "reviewer", "liaison")
EDITORS = ("admin", "investigator")
REVIEWERS = ("admin", "reviewer", "investigator")
ANALYSTS = ("admin", "analyst", "investigator")
FAMILY = ("admin", "liaison", "investigator")
SENSITIVE = ("admin", "investigator")
ADMIN = ("admin",)
PUBLIC: tuple[str, ...] = ()  # no login needed


@dataclass(frozen=True)
class Principal:
    """Who is making the request: an account, or the anonymous public."""

    username: str
    role: str
    epoch: int = 0

    @property
    def anonymous(self) -> bool:
        """No role at all: not logged in, and the site is not public."""
        return self.role == ""

    @property
    def redacted(self) -> bool:
        return self.role == "viewer"

    def may(self, roles: tuple[str, ...]) -> bool:
        return not roles or self.role in roles


ANONYMOUS = Principal("", "")
# The public, when the case is configured with ``web_public = true``.
PUBLIC_VIEWER = Principal("", "viewer")


class Allow:
    """A FastAPI dependency: the request's principal, if its role is allowed.

    Unknown caller → 401 (``NotAuthenticated``); known but not allowed → 403.
    Neither error says anything about the resource asked for.
    """

    def __init__(self, roles: tuple[str, ...]) -> None:
        unknown = [r for r in roles if r not in ROLES]
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; known: {ROLES}")
        self.roles = roles

    def __call__(self, request: Request) -> Principal:
        # Not async: finding the principal reads the database (the session, the
        # log's size, perhaps the account) and may check a password, so FastAPI
        # runs the guard in its thread pool, off the event loop.
        from sabt.web.auth import current_principal

        who = current_principal(request)
        if not self.roles:
            return who
        if who.anonymous:
            raise NotAuthenticated("Log in to see this page.")
        if who.role not in self.roles:
            raise PermissionDenied("Your role does not allow this.")
        return who

    def __repr__(self) -> str:
        return f"allow{self.roles}"


def allow(*roles: str) -> Allow:
    return Allow(tuple(roles))


def allow_group(group: tuple[str, ...]) -> Allow:
    return Allow(group)
