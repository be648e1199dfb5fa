"""Product grids: the home page and one collection, paginated."""

from __future__ import annotations

from math import ceil
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, g, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from storefront import i18n, loader, pages, params, tags
from storefront.merge import card
from storefront.pagecache import cached_page
from storefront.views.common import localizer

bp = Blueprint("catalog", __name__)
PER_PAGE = 12


@bp.get("/")
@cached_page
def index() -> ResponseReturnValue:
    """Every product, newest catalog order, a page at a time."""
    return _grid(None, gettext("All products"), gettext("Browse our products."))


@bp.get("/collections/<handle>")
@cached_page
def collection(handle: str) -> ResponseReturnValue:
    """The products of one collection."""
    found = next((c for c in loader.collections(strict=True) if c.handle == handle), None)
    if found is None:
        abort(404)
    tags.tag(found.id)
    return _grid(
        found.id, found.title, gettext("Products in the %(title)s collection", title=found.title)
    )


def _grid(collection_id: str | None, heading: str, description: str) -> ResponseReturnValue:
    page = _page_number()
    locale = i18n.page_locale()
    loaded = loader.listing(locale.currency, collection_id, page, PER_PAGE, pages.is_preview())
    products, entries = loaded.value
    g.degraded = loaded.degraded
    count = max(1, ceil(products.count / PER_PAGE))
    if page > count:
        abort(404)
    tags.tag(tags.LISTING, *(p.id for p in products.products))
    loc = localizer()
    cards = [card(p, entries.get(p.id), loc) for p in products.products]
    return pages.render("catalog.html", heading=heading, description=description, cards=cards,
                        pages=_pagination(page, count))  # fmt: skip


def _page_number() -> int:
    number = params.whole_number(request.args.get("page", "1"), 1, params.MAX_PAGE)
    return abort(404) if number is None else number


def _pagination(page: int, count: int) -> dict[str, Any]:
    # Query args go into the query string, never into url_for's keywords (_anchor, _external...).
    base = url_for(request.endpoint or "catalog.index", **(request.view_args or {}))
    args = {k: v for k, v in request.args.items() if k not in ("page", "lang", "preview")}

    def url(number: int) -> str:
        return f"{base}?{urlencode({**args, 'page': number, 'lang': i18n.page_locale().code})}"

    return {
        "number": page,
        "count": count,
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < count else None,
    }
