"""The upstream services one app talks to, built once per process from the settings.

A pooled ``httpx.Client`` per upstream and one shared thread pool for the parallel fan-out (a
measured comparison: Flask async views with a per-request client cost ~25 ms more per page).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from flask import Flask, current_app

from config.settings import Settings
from storefront import cache, pagecache, rewarm, tags
from storefront.clients.contentful import ContentfulDeliveryClient
from storefront.clients.errors import UpstreamUnavailable
from storefront.clients.medusa import MedusaStoreClient
from storefront.clients.medusa_models import Collection, Region
from storefront.kept import Kept
from storefront.locales import LocaleTable
from storefront.varnish import VarnishPurger

LOCALES_TTL = 300.0  # seconds: a locale added in Contentful appears within five minutes
RETRY_AFTER = 5.0  # seconds before asking an unreachable upstream again
COLLECTIONS_TTL = 60.0  # navigation changes rarely; never a sequential fetch per page
REGIONS_TTL = 300.0  # regions change rarely
EXTENSION = "storefront"
COLLECTIONS_KEY = "md:collections"
TAXONOMY_PREFIXES = ("pcol_", "pcat_")  # Medusa ids of collections and categories
log = logging.getLogger(__name__)


@dataclass
class Services:
    """Clients, thread pool and the reference data (regions, locales, collections) of one app.

    Reference data is kept per process and in the configured cache, and served stale while its
    upstream is down (storefront.kept): a Medusa outage never takes pages down for want of the
    region list, even in a process started during the outage.
    """

    settings: Settings
    medusa: MedusaStoreClient
    delivery: ContentfulDeliveryClient
    preview: ContentfulDeliveryClient
    pool: ThreadPoolExecutor
    varnish: VarnishPurger | None = None
    rewarm_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="rewarm")
    )
    last_rewarm: Future[int] | None = None  # the newest background re-warm, for tests
    app: Flask | None = None  # the app these serve (re-warms render its pages)
    kept: Kept = field(default_factory=Kept)
    _table: tuple[object, LocaleTable] | None = None

    def locale_table(self) -> LocaleTable:
        """Locales from Contentful (kept); before Contentful ever answered, the configured ones."""
        found = self.kept.get("cf:locales", LOCALES_TTL, self.delivery.locales, (), RETRY_AFTER)
        built = self._table
        if built is None or built[0] is not found:  # rebuilt only when the list changes
            built = self._table = (found, LocaleTable.from_settings(self.settings, found))
        return built[1]

    def collections(self, strict: bool = False) -> tuple[Collection, ...]:
        """Medusa's collections (kept). Never seen and Medusa down: nothing for navigation, or
        UpstreamUnavailable with ``strict`` (a collection page)."""
        found = self.kept.get(
            COLLECTIONS_KEY, COLLECTIONS_TTL, self.medusa.collections, None, RETRY_AFTER
        )
        if found is None and strict:
            raise UpstreamUnavailable("medusa", None, "collections unavailable")
        return found or ()

    def regions(self) -> tuple[Region, ...]:
        """Medusa's regions (kept); empty while Medusa was never reachable."""
        return self.kept.get("md:regions", REGIONS_TTL, self.medusa.regions, (), RETRY_AFTER)

    def region(self, currency: str) -> Region | None:
        """The Medusa region priced in ``currency``."""
        wanted = currency.lower()
        return next((r for r in self.regions() if r.currency == wanted), None)

    def purge_product(self, product_id: str, handle: str | None = None) -> None:
        """Forget a product's cached data and pages in every locale (the sync calls this).

        A collection's or category's change comes through here too (with its own id): the
        navigation on every page shows it, so the collection list and ``nav`` go as well.
        """
        region_ids = [region.id for region in self.regions()]
        # A product the cache has never seen may be new: every grid could gain it.
        seen_as = cache.cache.get(cache.index_key(product_id))
        known = seen_as is not None
        if product_id.startswith(TAXONOMY_PREFIXES):
            self.kept.forget()
            cache.cache.delete(COLLECTIONS_KEY)
            known = False
        cache.purge_product(product_id, region_ids, handle or seen_as)  # index read once
        self.purge_tags([product_id] if known else [product_id, *self._shared_tags(product_id)])

    @staticmethod
    def _shared_tags(changed_id: str) -> list[str]:
        if changed_id.startswith(TAXONOMY_PREFIXES):
            return [tags.NAV, tags.LISTING, tags.SITEMAP]
        return [tags.LISTING, tags.SITEMAP]

    def purge_tags(self, names: list[str]) -> None:
        """Stop serving the pages tagged with ``names``, here and in Varnish when configured."""
        pagecache.purge_tags(names)
        if self.varnish is not None:
            self.varnish.purge(names)
        if self.app is not None:
            started = rewarm.rewarm(self.app, names, self.rewarm_pool)
            self.last_rewarm = started or self.last_rewarm

    def warm_up(self, budget: float | None = None) -> list[str]:
        """Load the locale table, regions and collections in parallel, before the first request.

        Waits at most ``budget`` seconds (default: twice the HTTP timeout) and returns what
        could not be loaded; an upstream that is down is asked again by the first page.
        """
        loads = {
            "locales": self.locale_table,
            "regions": self.regions,
            "collections": self.collections,
        }
        futures = {name: self.pool.submit(load) for name, load in loads.items()}
        wait(futures.values(), timeout=budget or 2 * self.settings.http_timeout)
        missing = [name for name, done in futures.items() if not _loaded(done)]
        if missing:
            log.warning("warm-up: %s not loaded yet; the first pages will ask", ", ".join(missing))
        return missing

    def close(self) -> None:
        """Close the connection pools and the thread pool."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.rewarm_pool.shutdown(wait=False, cancel_futures=True)
        for client in (self.medusa, self.delivery, self.preview, self.varnish):
            if client is not None:
                client.close()


def _loaded(future: Future[object]) -> bool:
    # Reference data that is down comes back empty (or stale) rather than raising.
    return future.done() and future.exception() is None and bool(future.result())


def build(settings: Settings) -> Services:
    """Services for the given settings."""
    timeout = settings.http_timeout
    cf = (settings.contentful_space_id, settings.contentful_environment)
    return Services(
        settings=settings,
        medusa=MedusaStoreClient(settings.medusa_url, settings.medusa_publishable_key, timeout),
        delivery=ContentfulDeliveryClient(
            settings.contentful_cda_url, *cf, settings.contentful_delivery_token, timeout
        ),
        preview=ContentfulDeliveryClient(
            settings.contentful_preview_url,
            *cf,
            settings.contentful_preview_token,
            timeout,
            service="contentful-preview",
        ),  # fmt: skip
        pool=ThreadPoolExecutor(max_workers=32, thread_name_prefix="upstream"),
        varnish=VarnishPurger(settings.varnish_url) if settings.varnish_url else None,
    )


def init_app(app: Flask, settings: Settings) -> Services:
    """Attach the services to the app."""
    services = build(settings)
    services.app = app
    app.extensions[EXTENSION] = services
    return services


def current() -> Services:
    """The services of the current app."""
    services: Services = current_app.extensions[EXTENSION]
    return services


def current_for(app: Flask) -> Services:
    """The services of a given app (outside a request)."""
    services: Services = app.extensions[EXTENSION]
    return services
