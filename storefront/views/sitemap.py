"""``/sitemap.xml`` (every product, collection and category in every locale, with alternates)
and robots.txt."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for
from flask.typing import ResponseReturnValue

from storefront import cache, loader, seo, services, slugs, tags, taxonomy
from storefront.clients.errors import UpstreamError
from storefront.locales import LocaleTable
from storefront.taxonomy import CATEGORY, COLLECTION

bp = Blueprint("sitemap", __name__)
SITEMAP_TTL = 3600.0  # seconds; every catalogue purge replaces it sooner


@bp.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    """Every product page and collection in every locale, each listing its alternates.

    Built once per catalogue generation (a purge bumps it) and served stale while Medusa is down.
    """
    tags.tag(tags.SITEMAP)
    try:
        body, _ = cache.fetch(cache.listing_key("sitemap"), SITEMAP_TTL, _render)
    except UpstreamError:
        return Response("sitemap temporarily unavailable", 503, {"Retry-After": "60"})
    return Response(body, 200, {"Content-Type": "application/xml; charset=utf-8",
                                "Cache-Control": "public, max-age=3600"})  # fmt: skip


def _render() -> str:
    svc = services.current()
    table = svc.locale_table()
    products = loader.products_for_sitemap(table.default.currency)
    records = [("catalog.collection", COLLECTION, c.id, c.handle) for c in loader.collections()]
    records += [
        ("catalog.category", CATEGORY, c.id, c.handle) for c in taxonomy.medusa_categories()
    ]
    records += [("product.show", "product", p.id, p.handle) for p in products]
    home = url_for("catalog.index")
    per_locale = [{info.code: home for info in table}]
    per_locale += [_paths(table, *record) for record in records]
    public = svc.settings.public_url
    pages = [
        (seo.localized_url(public, paths[info.code], info.code),
         seo.alternates(public, paths[info.code], table, paths=paths))
        for paths in per_locale for info in table
    ]  # fmt: skip
    return render_template("sitemap.xml", pages=pages)


def _paths(
    table: LocaleTable, endpoint: str, kind: str, record_id: str, handle: str
) -> dict[str, str]:
    """A record's path in every locale (its localized slug there, else its handle)."""
    return {
        info.code: url_for(endpoint, handle=slugs.slug_for(kind, record_id, handle,
                                                           table.chain(info.code)))
        for info in table
    }  # fmt: skip


@bp.get("/robots.txt")
def robots() -> ResponseReturnValue:
    """Crawl everything but the cart and hooks; point at the sitemap."""
    public = services.current().settings.public_url.rstrip("/")
    text = f"User-agent: *\nDisallow: /cart\nDisallow: /hooks/\nSitemap: {public}/sitemap.xml\n"
    return Response(text, 200, {"Content-Type": "text/plain; charset=utf-8"})
