"""The flask-caching Redis backend for a cache that may go down: an outage is a cache miss.

Every read answers "not cached" and every write or delete is skipped while Redis is unreachable,
so pages render from the upstreams instead of failing. A breaker (threshold 1) keeps requests
from waiting on a dead server: after a failure, Redis is asked again once a second, by one
request, and the cache is back by itself when it answers. The outage is logged once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import redis
from flask import Flask
from flask_caching.backends.rediscache import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

from storefront.clients.breaker import Breaker

T = TypeVar("T")
# Redis answers in well under a millisecond on a LAN: a server that takes longer is down.
SOCKET_TIMEOUT = 0.5
PROBE_EVERY = 1.0  # seconds between attempts to reach a Redis that failed


def client_options() -> dict[str, Any]:
    """redis-py options for a cache: short timeouts, no retries (the caller falls back)."""
    return {
        "socket_timeout": SOCKET_TIMEOUT,
        "socket_connect_timeout": SOCKET_TIMEOUT,
        "retry": Retry(NoBackoff(), 0),
    }


class ResilientRedisCache(RedisCache):
    """flask-caching's ``RedisCache`` whose every failing command counts as a miss."""

    breaker: Breaker

    @classmethod
    def factory(
        cls, app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]
    ) -> ResilientRedisCache:
        """Built by flask-caching from ``CACHE_TYPE`` (the import path of this class)."""
        config.setdefault("CACHE_OPTIONS", client_options())
        made = super().factory(app, config, args, kwargs)
        assert isinstance(made, ResilientRedisCache)
        made.breaker = Breaker("cache (redis)", threshold=1, reset_after=PROBE_EVERY)
        return made

    def ping(self) -> None:
        """Raise ``redis.RedisError`` unless Redis answers now (for ``/readyz``)."""
        self._write_client.ping()

    def _guarded(self, call: Callable[[], T], missing: T) -> T:
        if not self.breaker.allow():
            return missing
        try:
            value = call()
        except redis.RedisError as exc:
            self.breaker.failure(f"{type(exc).__name__}: {exc}")
            return missing
        self.breaker.success()
        return value

    def get(self, key: str) -> Any:
        """The value, or None (also while Redis is down)."""
        return self._guarded(lambda: RedisCache.get(self, key), None)

    def get_many(self, *keys: str) -> list[Any]:
        """The values (None for each while Redis is down)."""
        return self._guarded(lambda: RedisCache.get_many(self, *keys), [None] * len(keys))

    def has(self, key: str) -> bool:
        """Whether the key is cached (False while Redis is down)."""
        return self._guarded(lambda: bool(RedisCache.has(self, key)), False)

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        """Store a value (skipped while Redis is down)."""
        return self._guarded(lambda: RedisCache.set(self, key, value, timeout), False)

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        """Store a value unless the key exists (skipped while Redis is down)."""
        return self._guarded(lambda: RedisCache.add(self, key, value, timeout), False)

    def set_many(self, mapping: dict[str, Any], timeout: int | timedelta | None = None) -> Any:
        """Store several values (skipped while Redis is down)."""
        return self._guarded(lambda: RedisCache.set_many(self, mapping, timeout), [])

    def delete(self, key: str) -> Any:
        """Delete a key (skipped while Redis is down)."""
        return self._guarded(lambda: RedisCache.delete(self, key), False)

    def delete_many(self, *keys: str) -> Any:
        """Delete keys (skipped while Redis is down)."""
        return self._guarded(lambda: RedisCache.delete_many(self, *keys), [])

    def inc(self, key: str, delta: int = 1) -> Any:
        """Increment a counter (None while Redis is down)."""
        return self._guarded(lambda: RedisCache.inc(self, key, delta), None)
