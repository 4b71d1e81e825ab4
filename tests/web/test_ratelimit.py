from __future__ import annotations

from sabt.web import ratelimit
from sabt.web.ratelimit import LoginLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_name_until_the_window_passes() -> None:
    clock = Clock()
    limiter = LoginLimiter(max_failures=5, window=300, clock=clock)
    for _ in range(5):
        assert limiter.retry_after("10.0.0.1", "alice") == 0
        limiter.failed("10.0.0.1", "alice")
    assert limiter.retry_after("10.0.0.2", "Alice") > 0  # another address, same name
    clock.now = 301
    assert limiter.retry_after("10.0.0.2", "alice") == 0


def test_made_up_names_do_not_grow_the_table(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    limiter = LoginLimiter(window=300, clock=clock)
    for i in range(1000):
        limiter.retry_after("10.0.0.9", f"nobody-{i}")
    assert limiter._failures == {}
    monkeypatch.setattr(ratelimit, "SWEEP_AT", 100)
    for i in range(200):
        limiter.failed(f"10.0.1.{i}", f"nobody-{i}")
    clock.now = 301
    limiter.failed("10.0.0.9", "last")
    assert len(limiter._failures) <= 2
