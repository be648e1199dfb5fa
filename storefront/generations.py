"""Generations of the data cache: a purge starts a new one, and every key named under the old one
is no longer read.

Listings, search results, the sitemap and reference data (slug indexes, collections, categories
and their content) are cached under the generation of their *scope*, so a purge forgets them all
with one write, whatever their number. Three scopes, so that a product change (hundreds in a bulk
sync) leaves the collection and category data, and the product slug index, alone:

- ``products``: product grids, search, the sitemap;
- ``product-slugs``: the product slug index (a full scan of the product entries' slugs), only
  started anew when a publish webhook shows a product entry's slugs or handle changed, or the
  entry left the Delivery API. It also starts a new ``products`` generation (grids link slugs);
- ``taxonomy``: collections, categories, their content and slug indexes. A change there also
  starts a new ``products`` generation (a grid by collection or category regroups).

A generation is a nanosecond timestamp, never a count: two purges at once cannot write the same
value, and a Redis emptied by hand never brings back a generation a process still holds. Each
process remembers the generations it read (``storefront.tagversions``: a purge anywhere is
announced on the same channel as page purges), so reading one costs no round trip.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from storefront.tagversions import TagVersions, announce

PRODUCTS = "products"
PRODUCT_SLUGS = "product-slugs"
TAXONOMY = "taxonomy"
SCOPES = (PRODUCTS, PRODUCT_SLUGS, TAXONOMY)
_WIDER = {
    PRODUCTS: (PRODUCTS,),
    PRODUCT_SLUGS: (PRODUCT_SLUGS, PRODUCTS),
    TAXONOMY: (TAXONOMY, PRODUCTS),
}
_KEY = "gen:"


class Generations:
    """The current generation of each scope, in a flask-caching backend, remembered here."""

    def __init__(self, backend: Any, redis_url: str) -> None:
        self._backend = backend
        self._redis_url = redis_url
        self._versions: TagVersions | None = None
        self._lock = threading.Lock()

    def current(self) -> dict[str, int | None]:
        """Each scope's generation (None only while the shared cache is down)."""
        found = self._remembered().get(_KEY + scope for scope in SCOPES)
        return {scope: _whole(found[_KEY + scope]) for scope in SCOPES}

    def forget(self, scope: str) -> None:
        """Start a new generation of ``scope`` (and of the scopes it contains), everywhere."""
        names = [_KEY + name for name in _WIDER[scope]]
        self._backend.set_many(dict.fromkeys(names, time.time_ns()), timeout=0)
        announce(names, getattr(self._backend, "_write_client", None))

    def _remembered(self) -> TagVersions:
        if self._versions is None:  # made at first use: its purge listener is a thread
            with self._lock:
                if self._versions is None:
                    self._versions = TagVersions(self._read, self._redis_url)
        return self._versions

    def _read(self, names: list[str]) -> list[float | None]:
        found = self._backend.get_many(*names)
        missing = [name for name, value in zip(names, found, strict=True) if value is None]
        if not missing:
            return list(found)
        for name in missing:  # the first generation: set once, by whoever reads it first
            self._backend.add(name, time.time_ns(), timeout=0)
        return list(self._backend.get_many(*names))


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)
