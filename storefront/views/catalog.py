"""Product grids: the home page, one collection and one category, paginated."""

from __future__ import annotations

from math import ceil
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, g, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from storefront import i18n, loader, params, reference, rendering, seo, services, tags, taxonomy
from storefront.merge import card
from storefront.pagecache import cached_page
from storefront.taxonomy import Place
from storefront.views import slugged
from storefront.views.common import localizer

bp = Blueprint("catalog", __name__)
bp.before_request(reference.ensure)  # what the page reads besides its products, in parallel
PER_PAGE = 12
bp.add_app_template_global(slugged.localized_handle, "localized_handle")


@bp.get("/")
@cached_page
def index() -> ResponseReturnValue:
    """Every product, newest catalog order, a page at a time."""
    return _grid(None, gettext("All products"), gettext("Browse our products."))


@bp.get("/collections/<handle>")
@cached_page
def collection(handle: str) -> ResponseReturnValue:
    """The products of one collection, under its localized name."""
    places = taxonomy.collections(localizer(), rendering.is_preview(), strict=True)
    found = _find(places, handle, taxonomy.COLLECTION)
    return _settled(found) or _place_grid(found, [found])


@bp.get("/categories/<handle>")
@cached_page
def category(handle: str) -> ResponseReturnValue:
    """The products of one category, with its parents as breadcrumbs."""
    places = taxonomy.categories(localizer(), rendering.is_preview(), strict=True)
    found = _find(places, handle, taxonomy.CATEGORY)
    return _settled(found) or _place_grid(
        found, taxonomy.trail(places, found), category_id=found.id
    )


def _find(places: tuple[Place, ...], segment: str, kind: str) -> Place:
    """The place a URL segment names (its slug in any locale, a former slug or its handle)."""
    return taxonomy.by_handle(places, slugged.handle(kind, segment)) or abort(404)


def _settled(place: Place) -> ResponseReturnValue | None:
    return slugged.settle(_endpoint(place), place.kind, place.id, place.handle)


def place_url(place: Place) -> str:
    """The page of a collection or category, in the page's locale (its slug there)."""
    return i18n.lurl(_endpoint(place), handle=_segment(place))


def _segment(place: Place) -> str:
    return slugged.localized_handle(place.kind, place.id, place.handle)


def _endpoint(place: Place) -> str:
    return "catalog.collection" if place.kind == taxonomy.COLLECTION else "catalog.category"


def crumbs(trail: list[Place]) -> list[seo.Crumb]:
    """Home, then each place of the trail, as absolute URLs in the page's locale."""
    public, code = services.current().settings.public_url, i18n.page_locale().code
    home = seo.Crumb(gettext("Home"), seo.localized_url(public, url_for("catalog.index"), code))
    steps = [seo.Crumb(p.title, seo.localized_url(public, _path(p), code)) for p in trail]
    return [home, *steps]


def _path(place: Place) -> str:
    return url_for(_endpoint(place), handle=_segment(place))


def _place_grid(
    place: Place, trail: list[Place], category_id: str | None = None
) -> ResponseReturnValue:
    if place.kind == taxonomy.COLLECTION:
        fallback = gettext("Products in the %(title)s collection", title=place.title)
    else:
        fallback = gettext("Products in the %(title)s category", title=place.title)
    description = place.seo_description or fallback
    tags.tag(place.id)
    steps = crumbs(trail)
    canonical = seo.localized_url(
        services.current().settings.public_url, g.locale_paths[i18n.page_locale().code],
        i18n.page_locale().code, rendering.page_args(),
    )  # fmt: skip
    json_ld = seo.collection_page(place.title, description, canonical, i18n.page_locale(), steps)
    links = [(c.name, place_url(p)) for c, p in zip(steps[1:], trail, strict=True)]
    return _grid(
        place.id if place.kind == taxonomy.COLLECTION else None, place.title, description,
        category_id=category_id, page_title=place.seo_title, intro=place.description,
        json_ld=json_ld, breadcrumbs=[(steps[0].name, i18n.lurl("catalog.index")), *links],
    )  # fmt: skip


def _grid(
    collection_id: str | None,
    heading: str,
    description: str,
    category_id: str | None = None,
    **extra: Any,
) -> ResponseReturnValue:
    page = _page_number()
    locale = i18n.page_locale()
    loaded = loader.listing(
        locale.currency, collection_id, page, PER_PAGE, rendering.is_preview(), category_id
    )
    products, entries = loaded.value
    count = max(1, ceil(products.count / PER_PAGE))
    if page > count:
        abort(404)
    tags.tag(tags.LISTING, *(p.id for p in products.products))
    loc = localizer()
    cards = [card(p, entries.get(p.id), loc) for p in products.products]
    return rendering.render("catalog.html", nav=rendering.navigation(), heading=heading,
                            description=description, cards=cards, degraded=loaded.degraded,
                            pages=_pagination(page, count), **extra)  # fmt: skip


def page_number() -> int:
    """The ``?page=`` number; 404 for junk or out of range."""
    return _page_number()


def _page_number() -> int:
    number = params.whole_number(request.args.get("page", "1"), 1, params.MAX_PAGE)
    return abort(404) if number is None else number


def pagination(page: int, count: int) -> dict[str, Any]:
    """Previous/next links of a paginated page (its other query arguments kept)."""
    return _pagination(page, count)


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
