"""The app's cache purge: what changed is forgotten in the data cache, the page cache and Varnish,
then the pages that showed it are rendered again in the background (``storefront.rewarm``).

One ``Purger`` per app, built by ``create_app`` and kept in ``app.extensions``. Two entry points,
one per kind of record, so no caller's id has to be guessed at: ``purge_product`` (a product's
data and pages, and the grids when the product may be new; ``purge_published`` when a webhook
shows the entry, which also tells whether its slugs moved) and ``purge_taxonomy`` (a collection
or category: the navigation on every page shows it). Callers that know what changed call the
right one: the Contentful webhook (in the storefront process), the order confirmation (stock),
and the sync worker through ``WorkerPurge`` (handed to it by ``cli``; the sync itself only sees
``Callable[[str], None]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from config.settings import Settings
from storefront import aftersend, cache, generations, pagecache, rewarm, slugs, tags
from storefront.services import Services
from storefront.varnish import VarnishPurger

EXTENSION = "storefront.purger"


class Purger:
    """Forgets one record's cached data and pages; called in the app's context."""

    def __init__(self, app: Flask, services: Services, varnish: VarnishPurger | None) -> None:
        self.app = app  # re-warms render its pages
        self.services = services
        self.varnish = varnish
        self.rewarm_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rewarm")
        self.last_rewarm: Future[int] | None = None  # the newest background re-warm, for tests

    def purge_product(
        self, product_id: str, handle: str | None = None, slugs_changed: bool = False
    ) -> None:
        """Forget a product's cached data and pages in every locale (and the product slug
        index when ``slugs_changed``)."""
        region_ids = [region.id for region in self.services.regions()]
        # A product the cache has never seen may be new: every grid could gain it.
        seen_as = cache.cache.get(cache.index_key(product_id))
        scope = generations.PRODUCT_SLUGS if slugs_changed else generations.PRODUCTS
        cache.purge_product(product_id, region_ids, handle or seen_as, scope)  # index read once
        shared = [] if seen_as is not None else [tags.LISTING, tags.SITEMAP]
        self.purge_tags([product_id, *shared])

    def purge_published(
        self, product_id: str, handle: str | None, entry_id: str, fields: Mapping[str, Any] | None
    ) -> None:
        """A product entry published (``fields``) or gone from the Delivery API (None), as the
        Contentful webhook reports it: the product's purge, and the slug index's if it moved."""
        moved = slugs.changed_by(slugs.PRODUCT, entry_id, fields)
        self.purge_product(product_id, handle, slugs_changed=moved)

    def purge_taxonomy(self, record_id: str) -> None:
        """Forget a collection or category: the kept collection list, the listings, and every
        page that shows it, which is every page (the navigation)."""
        cache.forget_listings(generations.TAXONOMY)  # the kept collections too, everywhere
        self.purge_tags([record_id, tags.NAV, tags.LISTING, tags.SITEMAP])

    def purge_tags(self, names: list[str]) -> None:
        """Stop serving the pages tagged with ``names``, here and in Varnish when configured."""
        pagecache.purge_tags(names)
        if self.varnish is not None:
            self.varnish.purge(names)
        started = rewarm.rewarm(self.app, names, self.rewarm_pool)
        self.last_rewarm = started or self.last_rewarm

    def close(self) -> None:
        """Stop the re-warms and close the Varnish connection pool."""
        self.rewarm_pool.shutdown(wait=False, cancel_futures=True)
        if self.varnish is not None:
            self.varnish.close()


@dataclass(frozen=True)
class WorkerPurge:
    """The purge as the sync worker calls it: from the worker's threads, each in the app."""

    app: Flask

    def product(self, product_id: str) -> None:
        """Purge (and re-warm) what shows a product."""
        with self.app.app_context():
            for_app(self.app).purge_product(product_id)

    def taxonomy(self, record_id: str) -> None:
        """Purge (and re-warm) what shows a collection or category."""
        with self.app.app_context():
            for_app(self.app).purge_taxonomy(record_id)

    def close(self) -> None:
        """Stop the app's re-warms and close its connection and thread pools."""
        close(self.app)


def init_app(app: Flask, services: Services) -> Purger:
    """Build the app's purge (with Varnish when ``STOREFRONT_VARNISH_URL`` is set)."""
    url = services.settings.varnish_url
    purger = Purger(app, services, VarnishPurger(url) if url else None)
    app.extensions[EXTENSION] = purger
    return purger


def close(app: Flask) -> None:
    """Release what an app holds (deferred cache writes run first, then the re-warm pool,
    Varnish, upstream clients, thread pool)."""
    aftersend.stop(app)
    purge = for_app(app)
    purge.close()
    purge.services.close()


def current() -> Purger:
    """The purge of the current app."""
    return for_app(current_app)


def for_app(app: Flask) -> Purger:
    """The purge of a given app (outside a request)."""
    purger: Purger = app.extensions[EXTENSION]
    return purger


def for_worker(settings: Settings) -> WorkerPurge | None:
    """The purge for a worker in its own process: only a shared (Redis) cache can be reached.

    Without REDIS_URL each storefront process keeps its own cache, which another process
    cannot reach: those caches expire by their TTLs instead (60 s for commerce data). With it,
    the worker holds an app of its own, because a purge re-renders pages (``storefront.rewarm``).
    """
    if not settings.redis_url:
        return None
    from storefront import create_app

    return WorkerPurge(create_app({"SETTINGS": settings}))
