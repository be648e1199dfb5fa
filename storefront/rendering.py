"""Rendering a page: the context every template shares and the HTTP caching headers.

Rendering reads no upstream: the view fetches what the page shows, the navigation included
(`navigation`), and hands it to `render`. A view that waits on content makes the page's frame
(`prepare`: the shared context and the rendered site header) before it waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Response, g, make_response, render_template, request, session
from flask_babel import gettext
from markupsafe import Markup

from storefront import i18n, params, seo, services, tags, taxonomy
from storefront.views import preview
from storefront.views.common import localizer

SHOP_NAME = "Storefront"
PUBLIC_MAX_AGE = 60
DEGRADED_MAX_AGE = 5  # seconds a browser may keep a degraded page (no ETag to revalidate it)


def is_preview() -> bool:
    """True while the visitor has unlocked preview mode (with the current secret)."""
    return preview.active()


def navigation() -> tuple[taxonomy.Place, ...]:
    """The collections the header links to, in the page's language (kept; none while down)."""
    return tuple(taxonomy.collections(localizer(), is_preview()))


@dataclass(frozen=True)
class Frame:
    """What base.html shows around a page's own content, the site header already rendered."""

    context: dict[str, Any]


def prepare(nav: Sequence[taxonomy.Place]) -> Frame:
    """The frame of the current page: a view that waits on content makes it first, so the
    header costs the visitor nothing while the slower upstream answers."""
    shared = shared_context(nav)
    header = render_template("partials/site_header.html", **shared)
    return Frame({**shared, "site_header": Markup(header)})  # noqa: S704 - an autoescaped template


def render(
    template: str,
    status: int = 200,
    *,
    nav: Sequence[taxonomy.Place] | None = None,
    frame: Frame | None = None,
    degraded: bool = False,
    **context: Any,
) -> Response:
    """Render a template with the shared context and the right caching headers.

    Give ``frame`` (from `prepare`), or ``nav`` (what `navigation` returned for this request)
    to make it here. ``degraded`` says some of the page's data is missing or stale
    (``loader.Loaded.degraded``): the page says so, and no shared cache or page cache keeps it.
    """
    if frame is None:
        if nav is None:
            raise TypeError("render() needs the page's nav or its frame")
        frame = prepare(nav)
    page = {**frame.context, "degraded": degraded, **context}
    response = make_response(render_template(template, **page), status)
    _cache_headers(response, status, degraded)
    return response


def shared_context(nav: Sequence[taxonomy.Place]) -> dict[str, Any]:
    """What base.html and the site header need on every page."""
    svc = services.current()
    table = svc.locale_table()
    keep, path = page_args(), params.safe_path(request.path)
    tags.tag(tags.NAV)
    return {
        "shop_name": SHOP_NAME,
        "page_locale": i18n.page_locale(),
        "language_links": i18n.language_links(),
        "alternates": seo.alternates(
            svc.settings.public_url, path, table, keep, g.get("locale_paths")
        ),
        "canonical": _canonical(svc.settings.public_url, keep),
        "nav_collections": nav,
        "cart_count": session.get("cart_count", 0),
        "preview": is_preview(),
        "noindex": is_preview() or g.get("noindex", False),
    }


def _canonical(public_url: str, keep: dict[str, str]) -> str:
    code = i18n.page_locale().code
    return seo.localized_url(public_url, i18n.page_path(code), code, keep)


def page_args() -> dict[str, str]:
    """The query arguments that name a different page (pagination), for canonical URLs."""
    page = params.whole_number(request.args.get("page"), 2, params.MAX_PAGE)
    return {"page": str(page)} if page is not None else {}


def error_page(status: int) -> Response:
    """A localized error page (404, 503 or 500) that never shows a traceback."""
    headings = {
        404: (gettext("Page not found"), gettext("We could not find what you were looking for.")),
        503: (gettext("Temporarily unavailable"),
              gettext("The shop cannot reach its catalog right now. Please try again shortly.")),
        400: (gettext("Bad request"),
              gettext("Your request could not be processed. Please go back and try again.")),
    }  # fmt: skip
    heading, message = headings.get(
        status, (gettext("Something went wrong"), gettext("Please try again in a moment."))
    )
    response = render("error.html", status, nav=navigation(), heading=heading, message=message)
    if status == 503:
        response.headers["Retry-After"] = "30"
    return response


def _cache_headers(response: Response, status: int, degraded: bool) -> None:
    # Anything tied to a session (cart, preview, a cookie being set) must not reach a shared cache.
    personal = is_preview() or bool(session) or session.modified or status >= 400
    if personal:
        response.headers["Cache-Control"] = (
            "private, no-store" if is_preview() else "private, no-cache"
        )
    elif degraded:  # content missing or stale: no CDN may keep it past the outage
        response.headers["Cache-Control"] = f"private, max-age={DEGRADED_MAX_AGE}"
    else:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    if status == 200 and not is_preview() and not degraded:
        response.add_etag()
        response.make_conditional(request)
