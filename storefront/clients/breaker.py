"""A circuit breaker per dependency: fail fast while it is down, probe it again later.

``closed``: calls go through; ``threshold`` failures in a row open the circuit. ``open``: calls
are refused at once (no thread waits on a dead upstream) for ``reset_after`` seconds. Then
``half-open``: one caller is let through as a probe; its success closes the circuit, its failure
opens it again. Each outage is logged twice, when it opens and when it closes, never per call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("storefront.breaker")


class Breaker:
    """The state of one dependency, shared by every thread that calls it."""

    def __init__(
        self,
        name: str,
        threshold: int = 5,
        reset_after: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name, self.threshold, self.reset_after = name, max(1, threshold), reset_after
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half-open`` (a probe may go, or is on its way)."""
        with self._lock:
            if self._opened_at is None:
                return "closed"
            due = self._clock() - self._opened_at >= self.reset_after
            return "half-open" if self._probing or due else "open"

    def allow(self) -> bool:
        """Whether a call may go now; in half-open, only the first caller (the probe) may."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or self._clock() - self._opened_at < self.reset_after:
                return False
            self._probing = True
            return True

    def success(self) -> None:
        """The dependency answered: close the circuit."""
        with self._lock:
            was_open = self._opened_at is not None
            self._failures, self._opened_at, self._probing = 0, None, False
        if was_open:
            log.warning("%s: reachable again, circuit closed", self.name)

    def failure(self, reason: str) -> None:
        """The dependency failed (timeout, refused, 5xx); open after ``threshold`` in a row."""
        with self._lock:
            self._failures += 1
            self._probing = False
            if self._opened_at is not None:  # a failed probe: wait another reset_after
                self._opened_at = self._clock()
                return
            if self._failures < self.threshold:
                return
            self._opened_at = self._clock()
        log.warning(
            "%s: unavailable (%s), circuit open after %d failures: failing fast, probing every "
            "%.1f s",
            self.name, reason, self._failures, self.reset_after,
        )  # fmt: skip
