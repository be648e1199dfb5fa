"""Collections and categories in the page's locale: Medusa's list, Contentful's words.

A collection's or category's title, description and SEO fields come from its Contentful entry
(``collection``/``category``, entry id = Medusa id) along the locale's fallback chain, else
Medusa's own title or name. Entries of one type come in one ``locale=*`` query, cached under the
listing generation, so any purge (a publish webhook, a sync change) refreshes every name at once.
Contentful down: Medusa's words. Medusa down: the last list, or nothing for the navigation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from storefront import generations, services
from storefront.clients.contentful import ContentEntry, ContentfulDeliveryClient
from storefront.clients.errors import UpstreamError, UpstreamUnavailable
from storefront.clients.medusa_models import Category
from storefront.merge import Localizer

CONTENT_TTL = 300.0  # publish webhooks purge sooner
CATEGORIES_TTL = 60.0
COLLECTION = "collection"
CATEGORY = "category"
MAX_ENTRIES = 1000
CATEGORIES_KEY = "md-categories"  # Medusa's categories, kept (scope TAXONOMY)


@dataclass(frozen=True)
class Place:
    """A collection or category as pages show it, in one locale."""

    kind: str  # COLLECTION or CATEGORY
    id: str
    handle: str
    title: str
    description: str
    seo_title: str
    seo_description: str
    parent_id: str | None = None


def entries(kind: str, preview: bool = False) -> dict[str, ContentEntry]:
    """Every entry of a type (all locales) by entry id; empty while Contentful is down."""
    svc = services.current()
    if preview:  # drafts: never cached
        try:
            return _load(svc.preview, kind)
        except UpstreamError:
            return {}
    found: dict[str, ContentEntry] = svc.kept.get(
        entries_key(kind), CONTENT_TTL, partial(_load, svc.delivery, kind), {},
        services.RETRY_AFTER, generations.TAXONOMY,
    )  # fmt: skip
    return found


def entries_key(kind: str) -> str:
    """The key a type's entries are kept under (``storefront.kept``, scope TAXONOMY)."""
    return f"taxonomy:{kind}"


def _load(client: ContentfulDeliveryClient, kind: str) -> dict[str, ContentEntry]:
    return client.entries(kind, "*", include=0, limit=MAX_ENTRIES).by_id()


def place(
    kind: str, record_id: str, handle: str, name: str, entry: ContentEntry | None, loc: Localizer
) -> Place:
    """One record with its content merged for the localizer's locale."""
    title = loc.text(entry, "title", name)
    description = loc.text(entry, "description")
    return Place(
        kind=kind, id=record_id, handle=handle, title=title, description=description,
        seo_title=loc.text(entry, "seoTitle", title),
        seo_description=loc.text(entry, "seoDescription", description),
    )  # fmt: skip


def collections(loc: Localizer, preview: bool = False, strict: bool = False) -> tuple[Place, ...]:
    """Medusa's collections, localized (``strict``: raise rather than answer none)."""
    found = services.current().collections(strict)
    content = entries(COLLECTION, preview)
    return tuple(place(COLLECTION, c.id, c.handle, c.title, content.get(c.id), loc) for c in found)


def categories(loc: Localizer, preview: bool = False, strict: bool = False) -> tuple[Place, ...]:
    """Medusa's public categories, localized, each knowing its parent."""
    content = entries(CATEGORY, preview)
    return tuple(_category_place(c, content.get(c.id), loc) for c in medusa_categories(strict))


def _category_place(category: Category, entry: ContentEntry | None, loc: Localizer) -> Place:
    found = place(CATEGORY, category.id, category.handle, category.name, entry, loc)
    return Place(**{**found.__dict__, "parent_id": category.parent_id})


def medusa_categories(strict: bool = False) -> tuple[Category, ...]:
    """The categories from Medusa (cached); while it is down the stale list, else none."""
    svc = services.current()
    found: tuple[Category, ...] | None = svc.kept.get(
        CATEGORIES_KEY, CATEGORIES_TTL, svc.medusa.categories, None, services.RETRY_AFTER,
        generations.TAXONOMY,
    )  # fmt: skip
    if found is None and strict:
        raise UpstreamUnavailable("medusa", None, "categories unavailable")
    return found or ()


def by_handle(places: Iterable[Place], handle: str) -> Place | None:
    """The place with this handle, or None."""
    return next((p for p in places if p.handle == handle), None)


def trail(places: Iterable[Place], last: Place) -> list[Place]:
    """The category's ancestors, root first, ending with it (cycle-safe)."""
    by_id: Mapping[str, Place] = {p.id: p for p in places}
    chain: list[Place] = [last]
    while chain[0].parent_id in by_id and by_id[chain[0].parent_id or ""] not in chain:
        chain.insert(0, by_id[chain[0].parent_id or ""])
    return chain
