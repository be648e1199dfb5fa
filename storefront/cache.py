"""Upstream data cache: keys, fresh-or-stale reads, and the per-product purge the sync calls.

flask-caching holds the data: in-process by default, Redis when ``REDIS_URL`` is set, so every
worker and instance shares one cache and one purge reaches them all. Each value is stored with
the time it was fetched; it is *fresh* for ``ttl`` seconds and kept as a *stale* copy for
``STALE_FOR`` more, served only when the upstream is down ("degrade, don't fail").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context
from flask_caching import Cache

from storefront import generations
from storefront.clients.errors import UpstreamUnavailable
from storefront.redis_cache import ResilientRedisCache

T = TypeVar("T")
STALE_FOR = 24 * 3600
SWR_WINDOW = 30.0  # seconds past its TTL a copy is served while a refresh runs behind it
KEY_PREFIX = "storefront:"
REDIS_BACKEND = "storefront.redis_cache.ResilientRedisCache"
GENERATIONS = "storefront.generations"

cache = Cache()


def init_app(app: Flask, redis_url: str) -> None:
    """Bind the cache to the app: Redis when configured, else a per-process SimpleCache."""
    config: dict[str, Any] = {"CACHE_KEY_PREFIX": KEY_PREFIX, "CACHE_DEFAULT_TIMEOUT": STALE_FOR}
    if redis_url:  # an unreachable Redis is a cache miss, never an error (redis_cache.py)
        config.update(CACHE_TYPE=REDIS_BACKEND, CACHE_REDIS_URL=redis_url)
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=5000)
    cache.init_app(app, config=config)
    app.extensions[GENERATIONS] = generations.Generations(app.extensions["cache"][cache], redis_url)


def ping() -> None:
    """Raise unless the shared cache answers now (nothing to ask for an in-process cache)."""
    backend = cache.cache
    if isinstance(backend, ResilientRedisCache):
        backend.ping()


@dataclass(frozen=True)
class Lookup:
    """What the cache holds for a key: a fresh value, a stale one, or nothing."""

    value: Any = None
    found: bool = False
    fresh: bool = False
    age: float = float("inf")  # seconds since it was fetched


def lookup(key: str, ttl: float, use_cache: bool = True) -> Lookup:
    """Read a key; ``fresh`` when fetched less than ``ttl`` seconds ago."""
    return _held(cache.get(key) if use_cache else None, ttl)


def lookup_many(wanted: list[tuple[str, float]], use_cache: bool = True) -> list[Lookup]:
    """Read several (key, ttl) at once: one round trip to Redis instead of one per key."""
    entries = cache.get_many(*(key for key, _ in wanted)) if use_cache else [None] * len(wanted)
    return [_held(entry, ttl) for entry, (_, ttl) in zip(entries, wanted, strict=True)]


def _held(entry: Any, ttl: float) -> Lookup:
    if entry is None:
        return Lookup()
    age = time.time() - entry[0]
    return Lookup(entry[1], found=True, fresh=age < ttl, age=age)


def store(key: str, value: Any, ttl: float, use_cache: bool = True) -> Any:
    """Keep a value: fresh for ``ttl`` seconds, stale for ``STALE_FOR`` more."""
    if use_cache:
        cache.set(key, (time.time(), value), timeout=int(ttl + STALE_FOR))
    return value


def fetch(
    key: str,
    ttl: float,
    load: Callable[[], T],
    use_cache: bool = True,
    bound: Callable[[Callable[[], T]], Callable[[], T]] | None = None,
    behind: Callable[[Callable[[], object]], None] | None = None,
    held: Lookup | None = None,
) -> tuple[T, bool]:
    """The fresh value, else ``load()`` (stored), else the stale copy when upstream is down.

    ``bound`` wraps the load in a time limit (storefront.budget.bounded), applied only when a
    stale copy is there to serve instead. With ``behind`` (storefront.budget.behind), a copy at
    most ``SWR_WINDOW`` seconds past its TTL is served at once while one refresh runs behind it
    (stale-while-revalidate). ``held``: the key's ``lookup``, when already read with others.
    Returns the value and whether it is stale.
    """
    held = held if held is not None else lookup(key, ttl, use_cache)
    if held.fresh:
        return held.value, False
    if behind is not None and held.found and held.age < ttl + SWR_WINDOW and not _down(key):
        if cache.add(f"swr:{key}", 1, timeout=int(SWR_WINDOW)):  # one refresh per key at once
            behind(lambda: _refresh(key, ttl, load, use_cache))
        return held.value, False
    if bound is not None and held.found:
        load = bound(load)
    try:
        return store(key, load(), ttl, use_cache), False
    except UpstreamUnavailable:
        if not held.found:
            raise
        return held.value, True


def _refresh(key: str, ttl: float, load: Callable[[], T], use_cache: bool) -> None:
    try:
        store(key, load(), ttl, use_cache)
    except UpstreamUnavailable:
        # The upstream is down: the next requests take the ordinary path (the stale copy,
        # marked stale, so the page says so) instead of another refresh behind it.
        cache.set(f"swr-down:{key}", 1, timeout=int(SWR_WINDOW))
        raise
    finally:
        cache.delete(f"swr:{key}")


def _down(key: str) -> bool:
    return cache.get(f"swr-down:{key}") is not None


def product_key(handle: str, region_id: str) -> str:
    """Medusa product data for one region."""
    return f"md:product:{handle}:{region_id}"


def content_key(handle: str) -> str:
    """Contentful content of a product in every locale (``locale=*``)."""
    return f"cf:product:{handle}"


def index_key(product_id: str) -> str:
    """Which handle a product id was last seen under (purges arrive with ids only)."""
    return f"idx:{product_id}"


def generation(scope: str) -> int | None:
    """The current generation of a scope (``storefront.generations``), read once per request."""
    if not has_request_context():
        return _generations().current()[scope]
    if "generations" not in g:  # one page builds up to seven keys: they agree on the generation
        g.generations = _generations().current()
    found: int | None = g.generations[scope]
    return found


def listing_key(kind: str, *parts: object, scope: str = generations.PRODUCTS) -> str:
    """A key under the current generation of its scope: a purge of the scope drops it."""
    return ":".join(["listing", scope, str(generation(scope)), kind, *map(str, parts)])


def forget_listings(scope: str = generations.PRODUCTS) -> None:
    """Drop every key of a scope at once, in every process (a new generation)."""
    _generations().forget(scope)


def _generations() -> generations.Generations:
    # Outside an app context, the last app bound, as flask-caching's own ``cache.cache`` does.
    app = current_app or cache.app
    found: generations.Generations = app.extensions[GENERATIONS]
    return found


def remember(product_id: str, handle: str) -> None:
    """Record a product's handle so a purge by id can find its keys."""
    cache.set(index_key(product_id), handle, timeout=STALE_FOR)


def purge_product(
    product_id: str,
    region_ids: Iterable[str] = (),
    handle: str | None = None,
    scope: str = generations.PRODUCTS,
) -> None:
    """Drop everything cached about one product, in every locale and region, and the listings
    (of ``scope``: ``product-slugs`` when its slugs moved)."""
    handle = handle or cache.get(index_key(product_id))
    if handle:
        keys = [content_key(handle)] + [product_key(handle, r) for r in region_ids]
        cache.delete_many(*keys)
    forget_listings(scope)
