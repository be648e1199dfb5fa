"""Product search in the page's locale: Contentful's full text, then Medusa's ``q``.

Contentful's ``query`` searches the localized fields (titles, descriptions, rich text) in the
page's locale; Medusa's ``q`` adds products not (yet) in Contentful, which only Medusa's own words
describe. The merged list of product ids (Contentful's order first) is cached briefly per locale
and query; each page of it is then loaded with prices like any grid. Ids that Medusa does not
publish (drafts, deleted products) drop out there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from storefront import cache, loader, services
from storefront.clients.errors import UpstreamError
from storefront.clients.medusa import ProductPage

MAX_QUERY = 100  # characters; longer queries are cut (no shopper types more)
MAX_RESULTS = 1000  # Contentful's largest page; more is not a search anybody reads
SEARCH_TTL = 60.0
CHUNK = 50  # ids per Medusa request (they travel in the query string)


@dataclass(frozen=True)
class Results:
    """One page of results: the products, how many matched in all, whether a source failed."""

    page: ProductPage
    total: int
    degraded: bool = False


def clean(raw: str) -> str:
    """The query as searched: whitespace collapsed, cut to MAX_QUERY characters."""
    return " ".join(raw.split())[:MAX_QUERY].strip()


def matching_ids(query: str, locale: str, region_id: str, preview: bool) -> tuple[list[str], bool]:
    """Every matching product id (Contentful's first); whether Contentful could not answer."""
    key = cache.listing_key("search", locale, region_id, hashlib.sha256(query.encode()).hexdigest())
    held = cache.lookup(key, SEARCH_TTL, not preview)
    if held.fresh:
        return list(held.value), False
    from_content, degraded = _contentful_ids(query, locale, preview)
    ids = list(dict.fromkeys([*from_content, *_medusa_only_ids(query, region_id, preview)]))
    ids = _published(ids, region_id)
    if not degraded:
        cache.store(key, ids, SEARCH_TTL, not preview)
    return ids, degraded


def _contentful_ids(query: str, locale: str, preview: bool) -> tuple[list[str], bool]:
    svc = services.current()
    client = svc.preview if preview else svc.delivery
    try:
        found = client.entries("product", locale, include=0, query=query, limit=MAX_RESULTS)
    except UpstreamError:
        return [], True
    return [entry.id for entry in found.items], False


def _medusa_only_ids(query: str, region_id: str, preview: bool) -> list[str]:
    """Medusa's matches that have no Contentful entry (their content cannot be searched)."""
    found = services.current().medusa.products(region_id, q=query, limit=200)
    ids = [product.id for product in found.products]
    entries, degraded = loader.entries_by_id(ids, preview)
    return [] if degraded else [pid for pid in ids if pid not in entries]


def _published(ids: list[str], region_id: str) -> list[str]:
    """The ids Medusa publishes, in the same order (a draft's entry may well match)."""
    medusa = services.current().medusa
    seen: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        seen |= {p.id for p in medusa.products(region_id, ids=chunk, limit=len(chunk)).products}
    return [pid for pid in ids if pid in seen]


def search(
    query: str, locale: str, currency: str, page: int, per_page: int, preview: bool
) -> Results:
    """One page of products matching `query`, with prices in the locale's currency."""
    region = loader.region_for(currency)
    ids, degraded = matching_ids(query, locale, region.id, preview)
    wanted = ids[(page - 1) * per_page : page * per_page]
    if not wanted:
        return Results(ProductPage((), 0, 0, per_page), len(ids), degraded)
    found = services.current().medusa.products(region.id, ids=wanted, limit=len(wanted))
    order = {pid: n for n, pid in enumerate(wanted)}
    products = tuple(sorted(found.products, key=lambda p: order.get(p.id, len(order))))
    return Results(ProductPage(products, len(ids), 0, per_page), len(ids), degraded)
