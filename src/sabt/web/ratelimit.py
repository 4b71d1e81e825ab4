"""Login rate limiting: a sliding window of failed attempts, kept in the database.

Failures are counted per client address and per account name, so neither one
address trying many names nor many addresses trying one name gets more than
``max_failures`` guesses per ``window`` seconds. A success clears the name's
count. The failures are rows of ``web_login_failures`` (``sabt.web.state``),
so every web worker counts the same ones: spreading guesses over workers gains
nothing. Times are wall-clock (every process must agree on them). Checking
never writes, and failures older than the window are deleted as new ones come
in, so names an attacker makes up cannot grow the table past the window.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from sabt.web.state import login_failures_table as failures

KEY_LENGTH = 255  # the column's width: a longer name is cut (still one key per name)


def _user_key(username: str) -> str:
    return f"user:{username.lower()}"[:KEY_LENGTH]


def _keys(address: str, username: str) -> tuple[str, str]:
    return (f"ip:{address}"[:KEY_LENGTH], _user_key(username))


class LoginLimiter:
    def __init__(
        self,
        engine: Engine,
        max_failures: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.max_failures = max_failures
        self.window = window
        self._clock = clock

    def retry_after(self, address: str, username: str) -> int:
        """Seconds to wait before another attempt is allowed; 0 if allowed now."""
        now = self._clock()
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(failures.c.key, failures.c.at)
                .where(failures.c.key.in_(_keys(address, username)))
                .where(failures.c.at > now - self.window)
                .order_by(failures.c.at)
            ).all()
        wait = 0.0
        for key in {r.key for r in rows}:
            times = [r.at for r in rows if r.key == key]
            if len(times) >= self.max_failures:
                # Allowed again when enough of them have left the window that
                # fewer than max_failures remain.
                oldest_to_leave = times[len(times) - self.max_failures]
                wait = max(wait, self.window - (now - oldest_to_leave))
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, address: str, username: str) -> None:
        now = self._clock()
        with self.engine.begin() as conn:
            conn.execute(failures.delete().where(failures.c.at <= now - self.window))
            conn.execute(
                failures.insert(), [{"key": key, "at": now} for key in _keys(address, username)]
            )

    def succeeded(self, username: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(failures.delete().where(failures.c.key == _user_key(username)))
