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
        self._opened_at: float | None = None  # also the time the last probe was let through
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half-open`` (a probe may go now)."""
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._due() else "open"

    def allow(self) -> bool:
        """Whether a call may go now; once open, one call per ``reset_after`` (the probe)."""
        with self._lock:
            if self._opened_at is None:
                return True
            if not self._due():
                return False
            # The next probe waits another reset_after, even if this one never reports back.
            self._opened_at = self._clock()
            return True

    def _due(self) -> bool:
        return self._opened_at is not None and self._clock() - self._opened_at >= self.reset_after

    def success(self) -> None:
        """The dependency answered: close the circuit."""
        with self._lock:
            was_open = self._opened_at is not None
            self._failures, self._opened_at = 0, None
        if was_open:
            log.warning("%s: reachable again, circuit closed", self.name)

    def failure(self, reason: str) -> None:
        """The dependency failed (timeout, refused, 5xx); open after ``threshold`` in a row."""
        with self._lock:
            self._failures += 1
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
