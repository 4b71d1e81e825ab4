"""Server-side sessions: what logging out revokes.

The session cookie is signed, so nobody can forge one, but a signature alone
cannot be withdrawn: a cookie copied before logout would stay valid until it
expired. So each login also records a random session id in the database
(``web_sessions``, by its SHA-256 only), the cookie carries the id, and every
request checks that the row is still there. Logging out deletes the row, and
the copied cookie is refused from then on, by every worker. A session ends at
the latest ``hours`` after login, however busy (OWASP Session Management Cheat
Sheet, "Absolute Timeout"). Disabling an account or changing its role or
password ends its sessions through the account's epoch (``sabt.web.auth``).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from sabt.web.state import sessions_table


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class SessionStore:
    def __init__(
        self, engine: Engine, hours: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.engine = engine
        self.seconds = hours * 3600
        self._clock = clock

    def start(self, username: str) -> str:
        """A new session for ``username``; returns the id the cookie carries."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        t = sessions_table
        with self.engine.begin() as conn:
            conn.execute(t.delete().where(t.c.expires <= now))  # sweep the expired
            conn.execute(
                t.insert().values(
                    id_hash=_hash(token), username=username, created=now, expires=now + self.seconds
                )
            )
        return token

    def valid(self, token: str, username: str, conn: sa.Connection | None = None) -> bool:
        """Whether the session exists, belongs to ``username`` and has not expired
        (read on ``conn`` if the request holds one: this runs on every request)."""
        t = sessions_table
        query = sa.select(t.c.username, t.c.expires).where(t.c.id_hash == _hash(token))
        if conn is None:
            with self.engine.connect() as own:
                row = own.execute(query).first()
        else:
            row = conn.execute(query).first()
        return row is not None and row.username == username and row.expires > self._clock()

    def end(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sessions_table.delete().where(sessions_table.c.id_hash == _hash(token)))
