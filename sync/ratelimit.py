"""Client-side pacing of CMA calls, driven by the space's own rate-limit headers.

Contentful counts CMA requests per calendar second (10/s on the recorded spaces, but plans differ),
so the limiter spaces calls evenly at the rate the last response announced in
``X-Contentful-RateLimit-Second-Limit``. A 429 pauses every caller sharing the limiter for the
``X-Contentful-RateLimit-Reset`` seconds the server asked for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

from storefront.clients.errors import header_seconds

SECOND_LIMIT_HEADER = "X-Contentful-RateLimit-Second-Limit"
RESET_HEADER = "X-Contentful-RateLimit-Reset"
DEFAULT_PER_SECOND = 10.0
# Spacing a little wider than 1/limit absorbs jitter in when requests reach the server, which
# counts per calendar second: exact spacing could land limit+1 requests in one second.
SAFETY = 1.03


class RateLimiter:
    """Spaces calls at the advertised per-second limit; thread-safe, shared by all workers."""

    def __init__(
        self,
        per_second: float = DEFAULT_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Start at `per_second` until a response says otherwise."""
        self.per_second = per_second
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next = 0.0  # the earliest moment the next call may start

    @property
    def interval(self) -> float:
        """Seconds between two calls at the current limit."""
        return SAFETY / self.per_second if self.per_second > 0 else 0.0

    def acquire(self) -> float:
        """Wait for this caller's slot; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        wait = start - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def observe(self, headers: Mapping[str, str]) -> None:
        """Adopt the per-second limit a response announced (ignored when absent or junk)."""
        limit = header_seconds(headers, SECOND_LIMIT_HEADER)
        if limit and limit != self.per_second:
            with self._lock:
                self.per_second = limit

    def pause(self, seconds: float) -> None:
        """Hold every caller back for `seconds` (after a 429)."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)
