"""The CMA rate limiter: requests per calendar second and per hour, as Contentful counts them."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

HOUR_LIMIT = 36000
# Advertised when the limiter is off, so clients that pace themselves on the header stay fast.
UNLIMITED_SECOND = 1000


@dataclass(frozen=True)
class Decision:
    """Whether one request may pass, and the header values that describe the budget left."""

    allowed: bool
    second_limit: int
    second_remaining: int
    hour_remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        """The ``X-Contentful-RateLimit-*`` headers every CMA response carries."""
        return {
            "X-Contentful-RateLimit-Hour-Limit": str(HOUR_LIMIT),
            "X-Contentful-RateLimit-Hour-Remaining": str(self.hour_remaining),
            "X-Contentful-RateLimit-Reset": str(self.reset),
            "X-Contentful-RateLimit-Second-Limit": str(self.second_limit),
            "X-Contentful-RateLimit-Second-Remaining": str(self.second_remaining),
        }


class RateLimiter:
    """Counts requests per calendar second and hour; ``per_second`` 0 turns enforcement off."""

    def __init__(self, per_second: int, clock: Callable[[], float] = time.time) -> None:
        self.per_second = per_second
        self._clock = clock
        self._lock = threading.Lock()
        self._second, self._second_count = -1, 0
        self._hour, self._hour_count = -1, 0

    def take(self) -> Decision:
        """Count one request (refused ones count too, as on Contentful) and decide."""
        with self._lock:
            now = self._clock()
            self._roll(now)
            self._second_count += 1
            self._hour_count += 1
            limit = self.per_second or UNLIMITED_SECOND
            over_second = self.per_second > 0 and self._second_count > self.per_second
            over_hour = self.per_second > 0 and self._hour_count > HOUR_LIMIT
            return Decision(
                allowed=not (over_second or over_hour),
                second_limit=limit,
                second_remaining=max(limit - self._second_count, 0),
                hour_remaining=max(HOUR_LIMIT - self._hour_count, 0),
                reset=self._reset(now, over_second, over_hour),
            )

    def _roll(self, now: float) -> None:
        second, hour = int(now), int(now // 3600)
        if second != self._second:
            self._second, self._second_count = second, 0
        if hour != self._hour:
            self._hour, self._hour_count = hour, 0

    @staticmethod
    def _reset(now: float, over_second: bool, over_hour: bool) -> int:
        # Whole seconds until the window that refused us ends; at least 1 on a 429.
        if over_hour:
            return max(math.ceil((int(now // 3600) + 1) * 3600 - now), 1)
        if over_second:
            return max(math.ceil(int(now) + 1 - now), 1)
        return 0
