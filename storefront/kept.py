"""Reference data every page needs (regions, locales, collections): kept, and served stale.

Two layers: a per-process copy (no cache round trip on each request) over the configured cache
(Redis when ``REDIS_URL`` is set), where the last good copy is stored with the data cache's stale
window. When the upstream fails, the stale copy is served — also by a process started during the
outage, which finds it in Redis — and the upstream is asked again after ``retry_after`` seconds
rather than on every request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeGuard, TypeVar

from storefront import budget, cache
from storefront.clients.errors import UpstreamError

T = TypeVar("T")
D = TypeVar("D")
Held = tuple[Any, float, int | None]  # value, monotonic expiry, generation of its scope


class Kept:
    """Per-process copies of reference data, each with the monotonic time it expires and the
    generation it belongs to."""

    def __init__(self) -> None:
        self._held: dict[str, Held] = {}
        self._lock = threading.Lock()

    def get(
        self,
        key: str,
        ttl: float,
        load: Callable[[], T],
        default: D,
        retry_after: float,
        scope: str | None = None,
    ) -> T | D:
        """The fresh value, else ``load()``, else the last good copy, else ``default``.

        With a ``scope`` (``storefront.generations``), a purge of that scope in any process
        makes the copy stale at once; the cache then holds it under its generation's key.
        """
        made = cache.generation(scope) if scope else None
        with self._lock:
            held = self._held.get(key)
        if _usable(held, made):
            return held[0]
        shared = cache.listing_key(key, scope=scope) if scope else key
        value: T | D
        try:
            value, stale = cache.fetch(shared, ttl, load, bound=budget.bounded)
        except UpstreamError:  # a 4xx too: reference data degrades, it never breaks a page
            value, stale = (held[0] if held is not None else default), True
        with self._lock:
            self._held[key] = (value, time.monotonic() + (retry_after if stale else ttl), made)
        return value

    def fresh(self, key: str, scope: str | None = None) -> bool:
        """Whether ``get`` would answer from this process's copy, without a cache read."""
        made = cache.generation(scope) if scope else None
        with self._lock:
            return _usable(self._held.get(key), made)

    def forget(self) -> None:
        """Drop the per-process copies (the cache's copies stay)."""
        with self._lock:
            self._held.clear()


def _usable(held: Held | None, generation: int | None) -> TypeGuard[Held]:
    """A copy not expired yet, of the scope's current generation."""
    return held is not None and time.monotonic() < held[1] and held[2] == generation
