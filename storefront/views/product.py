"""The product page: commerce and content merged in the visitor's locale."""

from __future__ import annotations

from flask import Blueprint, abort, g, request
from flask.typing import ResponseReturnValue

from storefront import i18n, loader, pages, params, seo, services, tags
from storefront.merge import product_view
from storefront.pagecache import cached_page
from storefront.views.common import localizer

bp = Blueprint("product", __name__)
MAX_HANDLE = 200


@bp.get("/products/<handle>")
@cached_page
def show(handle: str) -> ResponseReturnValue:
    """One product, or the localized 404."""
    if len(handle) > MAX_HANDLE:
        abort(404)
    locale = i18n.page_locale()
    loaded = loader.product_page(handle, locale.currency, pages.is_preview())
    product, entry = loaded.value
    if product is None:
        abort(404)
    g.degraded = loaded.degraded
    tags.tag(product.id)
    view = product_view(product, entry, localizer())
    svc = services.current()
    canonical = seo.localized_url(
        svc.settings.public_url, params.safe_path(request.path), locale.code
    )
    meta = seo.product_seo(view, locale, svc.locale_table(), canonical)
    return pages.render("product.html", product=view, seo=meta)
