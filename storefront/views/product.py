"""The product page: commerce and content merged in the visitor's locale."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext, ngettext

from storefront import (
    i18n,
    loader,
    options,
    reference,
    rendering,
    seo,
    services,
    slugs,
    tags,
    taxonomy,
)
from storefront.clients.contentful import ContentEntry
from storefront.clients.medusa_models import Product
from storefront.merge import ProductView, VariantView, labeller, product_view
from storefront.pagecache import cached_page
from storefront.views import slugged
from storefront.views.catalog import place_url
from storefront.views.common import localizer

bp = Blueprint("product", __name__)
bp.before_request(reference.ensure)  # what the page reads besides its product, in parallel
PRODUCT = slugs.PRODUCT  # the content type whose slugs name product pages
MAX_HANDLE = 200


@bp.get("/products/<handle>")
@cached_page
def show(handle: str) -> ResponseReturnValue:
    """One product, or the localized 404."""
    if len(handle) > MAX_HANDLE:
        abort(404)
    locale = i18n.page_locale()
    found = slugged.handle(PRODUCT, handle)
    started = loader.start_product_page(found, locale.currency, rendering.is_preview())
    product = started.product
    if product is None:
        abort(404)
    moved = slugged.settle("product.show", PRODUCT, product.id, product.handle)
    if moved is not None:
        return moved
    tags.tag(product.id)
    # What needs only Medusa's product, done while the content may still be on its way.
    frame = rendering.prepare(rendering.navigation())
    categories, trail = _categories(product), _trail(product)
    loaded = started.finish()
    entry = loaded.value[1]
    view = product_view(product, entry, localizer())
    svc = services.current()
    canonical = seo.localized_url(svc.settings.public_url, g.locale_paths[locale.code], locale.code)
    meta = seo.product_seo(view, locale, svc.locale_table(), canonical)
    return rendering.render(
        "product.html", frame=frame, degraded=loaded.degraded, product=view, seo=meta,
        breadcrumbs=[*trail, (view.title, "")], categories=categories, quantity=_quantity(),
        **_picker(product, entry, view),
    )  # fmt: skip


def stock_text(variant: VariantView) -> str:
    """The stock line of a variant, in the page's language."""
    if variant.stock == "sold_out":
        return gettext("Sold out")
    if variant.stock == "low":
        count = variant.quantity or 0
        return ngettext("Only %(num)d left", "Only %(num)d left", count)
    return gettext("In stock")


def _picker(product: Product, entry: ContentEntry | None, view: ProductView) -> dict[str, Any]:
    """The option controls for the query's choices, and the script's data."""
    views = {v.id: v for v in view.variants}
    asked = options.submitted(request.args, product)
    chosen = options.picker(product, views, asked, labeller(entry, localizer()))
    data = {
        **options.script_data(product, views, stock_text),
        "unavailable": gettext("This combination is not available."),
        "notes": {"sold_out": gettext("Sold out"), "unavailable": gettext("Not available")},
    }
    return {"picker": chosen, "variant_data": data, "stock_text": stock_text}


def _trail(product: Product) -> list[tuple[str, str]]:
    """The breadcrumbs above the product: home, and its collection (localized) when it has one."""
    trail = [(gettext("Home"), i18n.lurl("catalog.index"))]
    places = taxonomy.collections(localizer(), rendering.is_preview())
    found = next((p for p in places if p.id == product.collection_id), None)
    if found is not None:
        trail.append((found.title, place_url(found)))
    return trail


def _categories(product: Product) -> list[tuple[str, str]]:
    """The product's public categories, localized, as (name, URL)."""
    wanted = {c.id for c in product.categories}
    places = taxonomy.categories(localizer(), rendering.is_preview())
    return [(p.title, place_url(p)) for p in places if p.id in wanted]


def _quantity() -> int:
    """A quantity asked for in the query (a redirect back keeps it), else 1."""
    raw = request.args.get("quantity", "1")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 99 else 1
