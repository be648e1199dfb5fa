"""The client-side limiter: spacing, learning the limit from headers, pausing after a 429."""

from __future__ import annotations

import pytest

from sync.ratelimit import SAFETY, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_calls_are_spaced_at_the_limit() -> None:
    clock = Clock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(4)]
    assert waits[0] == 0
    assert waits[1:] == pytest.approx([0.1 * SAFETY * n for n in (1, 2, 3)])


def test_the_limit_comes_from_the_header_case_insensitively() -> None:
    limiter = RateLimiter()
    assert limiter.per_second == 10
    limiter.observe({"x-contentful-ratelimit-second-limit": "7"})
    assert limiter.per_second == 7 and limiter.interval == pytest.approx(SAFETY / 7)
    limiter.observe({"X-Contentful-RateLimit-Second-Limit": "junk"})
    limiter.observe({})
    assert limiter.per_second == 7


def test_pause_holds_every_caller_back() -> None:
    clock = Clock()
    limiter = RateLimiter(1000, clock=clock, sleep=clock.sleep)
    limiter.pause(2)
    assert limiter.acquire() == pytest.approx(2)
