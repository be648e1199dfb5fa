"""``/search?q=``: products matching the words, in the page's locale, as a paginated grid."""

from __future__ import annotations

from math import ceil

from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue

from storefront import i18n, loader, reference, rendering, search, tags
from storefront.merge import card
from storefront.views.catalog import PER_PAGE, page_number, pagination
from storefront.views.common import localizer

bp = Blueprint("search", __name__)
bp.before_request(reference.ensure)  # what the page reads besides its products, in parallel


@bp.get("/search")
def results() -> ResponseReturnValue:
    """The results page; an empty query gets a page that helps instead."""
    query = search.clean(request.args.get("q", ""))
    page = page_number()
    if not query:
        nav = rendering.navigation()  # the search page offers the same collections
        return rendering.render("search.html", nav=nav, query="", cards=[], total=0,
                                collections=nav, pages={"count": 1})  # fmt: skip
    locale = i18n.page_locale()
    found = search.search(
        query, locale.code, locale.currency, page, PER_PAGE, rendering.is_preview()
    )
    count = max(1, ceil(found.total / PER_PAGE))
    if page > count:
        abort(404)
    tags.tag(tags.LISTING, *(p.id for p in found.page.products))  # a change purges results too
    loc = localizer()
    entries, stale = loader.entries_by_id(
        [p.id for p in found.page.products], rendering.is_preview()
    )
    cards = [card(p, entries.get(p.id), loc) for p in found.page.products]
    return rendering.render("search.html", nav=rendering.navigation(), query=query, cards=cards,
                            total=found.total, collections=(), degraded=found.degraded or stale,
                            pages=pagination(page, count))  # fmt: skip
