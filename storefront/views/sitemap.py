"""``/sitemap.xml`` (every product, collection and category in every locale, with alternates)
and robots.txt."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for
from flask.typing import ResponseReturnValue

from storefront import cache, loader, seo, services, tags, taxonomy
from storefront.clients.errors import UpstreamError

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
    paths = [url_for("catalog.index")]
    paths += [url_for("catalog.collection", handle=c.handle) for c in loader.collections()]
    paths += [url_for("catalog.category", handle=c.handle) for c in taxonomy.medusa_categories()]
    paths += [url_for("product.show", handle=p.handle) for p in products]
    pages = [
        (seo.localized_url(svc.settings.public_url, path, info.code),
         seo.alternates(svc.settings.public_url, path, table))
        for path in paths for info in table
    ]  # fmt: skip
    return render_template("sitemap.xml", pages=pages)


@bp.get("/robots.txt")
def robots() -> ResponseReturnValue:
    """Crawl everything but the cart and hooks; point at the sitemap."""
    public = services.current().settings.public_url.rstrip("/")
    text = f"User-agent: *\nDisallow: /cart\nDisallow: /hooks/\nSitemap: {public}/sitemap.xml\n"
    return Response(text, 200, {"Content-Type": "text/plain; charset=utf-8"})
