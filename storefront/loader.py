"""Fetch what a page needs from Medusa and Contentful in parallel, through the cache.

Cache reads and writes happen in the request thread; only the HTTP calls go to the shared pool,
so the Contentful fetch runs while the Medusa one does. Contentful trouble degrades the page to
Medusa's own values; Medusa trouble falls back to a stale copy, else raises UpstreamUnavailable
(the view answers the localized 503).
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Generic, TypeVar

from storefront import aftersend, budget, cache, services
from storefront.clients.contentful import ContentEntry, ContentfulDeliveryClient
from storefront.clients.errors import UpstreamError, UpstreamUnavailable
from storefront.clients.medusa import ProductPage
from storefront.clients.medusa_models import Collection, Product, Region

T = TypeVar("T")
ProductData = tuple[Product | None, ContentEntry | None]  # None: no such product / no content
ListingData = tuple[ProductPage, dict[str, ContentEntry]]  # content by Medusa product id
PendingContent = tuple[cache.Lookup, Future[ContentEntry | None] | None]
PRODUCT_TTL = 60.0  # Medusa prices and stock: short, events purge sooner
CONTENT_TTL = 300.0  # Contentful: publish webhooks purge at once
LISTING_TTL = 60.0
ALL = "*"


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A page's data and whether some of it is missing or stale (degraded): the view hands
    ``degraded`` to ``rendering.render``, which marks the page and keeps it out of caches."""

    value: T
    degraded: bool = False


@dataclass(frozen=True)
class ProductStarted:
    """A product page half loaded: Medusa's product is here, its content may be in flight.

    The view does what needs only the product (navigation, breadcrumbs, categories) before
    ``finish`` waits for the content, so that work costs the visitor nothing while Contentful
    is the slower upstream.
    """

    handle: str
    product: Product | None
    stale: bool  # Medusa's answer is a stale copy
    content: PendingContent
    use_cache: bool

    def finish(self) -> Loaded[ProductData]:
        """Wait for the content (within the page budget) and return the whole page's data."""
        entry, degraded = _settle_content(self.handle, self.content, self.use_cache)
        return Loaded((self.product, entry), degraded or self.stale)


class NoRegion(UpstreamUnavailable):
    """Medusa has no region priced in the locale's currency."""


def region_for(currency: str) -> Region:
    """The region for a currency; UpstreamUnavailable when Medusa is down or has none."""
    region = services.current().region(currency)
    if region is None:
        raise NoRegion("medusa", None, f"no region priced in {currency}")
    return region


def product_page(handle: str, currency: str, preview: bool) -> Loaded[ProductData]:
    """The Medusa product (or None: not found) and its content in every locale, in parallel."""
    return start_product_page(handle, currency, preview).finish()


def start_product_page(handle: str, currency: str, preview: bool) -> ProductStarted:
    """Ask Contentful for the content (in the pool), then fetch the Medusa product here; both
    cached copies are read in one round trip first."""
    use_cache = not preview
    region = region_for(currency)
    key = cache.product_key(handle, region.id)
    wanted = [(cache.content_key(handle), CONTENT_TTL), (key, PRODUCT_TTL)]
    held_content, held_product = cache.lookup_many(wanted, use_cache)
    content = _content_future(handle, preview, held_content)
    product, stale = cache.fetch(
        key, PRODUCT_TTL, lambda: _product_from_medusa(handle, region.id), use_cache,
        budget.bounded, budget.behind, held_product,
    )  # fmt: skip
    return ProductStarted(handle, product, stale, content, use_cache)


def _product_from_medusa(handle: str, region_id: str) -> Product | None:
    product = services.current().medusa.product_by_handle(handle, region_id)
    if product is not None:
        cache.remember(product.id, handle)  # a purge by id can then find this handle's keys
    return product


def _content_future(handle: str, preview: bool, held: cache.Lookup) -> PendingContent:
    if held.fresh:
        return held, None
    client = _content_client(preview)
    future = services.current().pool.submit(_entry_by_handle, client, handle)
    # Let the pool thread send the Contentful request (the page's slower one) before this one
    # builds Medusa's: otherwise it waits for the GIL until this thread blocks on its socket.
    # Measured in-process: the Contentful request left 0.35 ms sooner.
    time.sleep(0)
    return held, future


def _settle_content(
    handle: str, pending: PendingContent, use_cache: bool
) -> tuple[ContentEntry | None, bool]:
    held, future = pending
    if future is None:
        return held.value, False
    try:
        # With a stale copy to fall back on, wait only as long as the page's budget lasts.
        entry = budget.wait(future) if held.found else future.result()
    except UpstreamError:
        return (held.value if held.found else None), True
    if use_cache:  # stored once the page is sent: a write here, or in the pool thread just
        # as this one resumes, costs the visitor up to a millisecond (the GIL)
        aftersend.later(lambda: cache.store(cache.content_key(handle), entry, CONTENT_TTL))
    return entry, False


def _entry_by_handle(client: ContentfulDeliveryClient, handle: str) -> ContentEntry | None:
    found = client.products(ALL, handles=[handle]).items
    return found[0] if found else None


def listing(
    currency: str,
    collection_id: str | None,
    page: int,
    per_page: int,
    preview: bool,
    category_id: str | None = None,
) -> Loaded[ListingData]:
    """A page of products with their content (one Contentful query for the whole page)."""
    region = region_for(currency)
    scope = f"cat:{category_id}" if category_id else collection_id or "all"
    key = cache.listing_key("products", region.id, scope, page, per_page)
    use_cache = not preview
    products, stale = cache.fetch(
        key, LISTING_TTL,
        lambda: _medusa_page(region.id, collection_id, page, per_page, category_id),
        use_cache, budget.bounded, budget.behind,
    )  # fmt: skip
    entries, degraded = _entries_for(products, preview)
    return Loaded((products, entries), degraded or stale)


def _medusa_page(
    region_id: str, collection_id: str | None, page: int, per_page: int, category_id: str | None
) -> ProductPage:
    offset = (page - 1) * per_page
    return services.current().medusa.products(
        region_id, collection_id=collection_id, category_id=category_id, limit=per_page,
        offset=offset,
    )  # fmt: skip


def _entries_for(page: ProductPage, preview: bool) -> tuple[dict[str, ContentEntry], bool]:
    return entries_by_id([p.id for p in page.products], preview)


def entries_by_id(ids: list[str], preview: bool = False) -> tuple[dict[str, ContentEntry], bool]:
    """Content of several products in every locale, in one Contentful query (cached)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}, False
    key = cache.listing_key("content", ",".join(wanted))
    client = _content_client(preview)
    try:
        return cache.fetch(
            key, CONTENT_TTL, lambda: client.products(ALL, ids=wanted).by_id(), not preview,
            budget.bounded,
        )  # fmt: skip
    except UpstreamError:
        return {}, True


def collections(strict: bool = False) -> tuple[Collection, ...]:
    """Every collection; ``strict`` raises UpstreamUnavailable rather than answer "none"."""
    return services.current().collections(strict)


def _content_client(preview: bool) -> ContentfulDeliveryClient:
    svc = services.current()
    return svc.preview if preview else svc.delivery


def products_for_sitemap(currency: str) -> list[Product]:
    """Every published product (pages of 200) for the sitemap."""
    region = region_for(currency)
    found: list[Product] = []
    while True:
        page = services.current().medusa.products(region.id, limit=200, offset=len(found))
        found.extend(page.products)
        if not page.products or len(found) >= page.count:
            return found
