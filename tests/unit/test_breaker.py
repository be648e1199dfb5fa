"""The circuit breaker: opens after repeated failures, lets one probe through later."""

from __future__ import annotations

import pytest

from config.settings import ConfigError, from_env
from storefront.clients.breaker import Breaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_threshold_failures_and_fails_fast() -> None:
    breaker = Breaker("medusa", threshold=3, reset_after=10, clock=Clock())
    for _ in range(2):
        breaker.failure("timed out")
        assert breaker.allow() and breaker.state == "closed"
    breaker.failure("timed out")
    assert breaker.state == "open" and not breaker.allow()


def test_a_success_resets_the_count() -> None:
    breaker = Breaker("medusa", threshold=2, clock=Clock())
    breaker.failure("x")
    breaker.success()
    breaker.failure("x")
    assert breaker.state == "closed"


def test_half_open_lets_exactly_one_probe_through() -> None:
    clock = Clock()
    breaker = Breaker("medusa", threshold=1, reset_after=10, clock=clock)
    breaker.failure("refused")
    clock.now = 10
    assert breaker.state == "half-open"
    assert breaker.allow() and not breaker.allow()  # the second caller fails fast
    breaker.failure("refused")  # the probe failed: open for another reset_after
    clock.now = 15
    assert not breaker.allow()
    clock.now = 20
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.allow() and breaker.allow()


def test_logs_once_per_outage(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    breaker = Breaker("medusa", threshold=2, reset_after=1, clock=clock)
    for second in range(10):
        clock.now = second
        if breaker.allow():
            breaker.failure("refused")
    breaker.success()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2 and "circuit open" in messages[0] and "closed" in messages[1]


def test_ready_requires_from_env() -> None:
    settings = from_env({"STOREFRONT_READY_REQUIRES": "medusa, redis,events"})
    assert settings.ready_requires == ("medusa", "redis", "events")
    with pytest.raises(ConfigError, match="STOREFRONT_READY_REQUIRES"):
        from_env({"STOREFRONT_READY_REQUIRES": "medusa,postgres"})
