"""Login rate limiting: a sliding window of failed attempts.

Failures are counted per client address and per account name, so neither one
address trying many names nor many addresses trying one name gets more than
``max_failures`` guesses per ``window`` seconds. A success clears the name's
count. The counts live in the process: with several web workers each keeps its
own (documented in docs/web.md), which only multiplies the limit by the number
of workers.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

SWEEP_AT = 10_000  # entries before expired failures are swept from the whole table


class LoginLimiter:
    def __init__(
        self,
        max_failures: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        # Reading never creates an entry, and an emptied one is dropped: names
        # an attacker makes up must not grow the table.
        q = self._failures.get(key)
        if q is None:
            return deque()
        while q and now - q[0] >= self.window:
            q.popleft()
        if not q:
            del self._failures[key]
        return q

    def _sweep(self, now: float) -> None:
        for key in list(self._failures):
            self._prune(key, now)

    def retry_after(self, address: str, username: str) -> int:
        """Seconds to wait before another attempt is allowed; 0 if allowed now."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in (f"ip:{address}", f"user:{username.lower()}"):
                q = self._prune(key, now)
                if len(q) >= self.max_failures:
                    wait = max(wait, self.window - (now - q[0]))
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, address: str, username: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > SWEEP_AT:
                self._sweep(now)
            for key in (f"ip:{address}", f"user:{username.lower()}"):
                self._prune(key, now)
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username.lower()}", None)
