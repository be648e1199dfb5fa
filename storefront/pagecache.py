"""Whole-page cache for anonymous visitors: the rendered HTML by path, page number and locale.

Only requests without a session (no cart, no preview, no flash message) are served from or
stored in it, and only complete pages (200, not degraded). Every purge bumps the generation in
the keys, so a changed product never shows an old page; the short TTL bounds how old prices and
stock can get between purges.

The key holds only what a page is built from (path, locale, ``?page=``), never the raw query.
A request with other parameters (``?utm_source=...``, cache busters) is rendered from the data
cache and never stored, since its links carry those parameters on: junk URLs cannot grow it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Response, g, make_response, request, session

from storefront import cache, i18n

PAGE_TTL = 30  # seconds; stock and prices also change without a purge
PAGE_PARAMS = frozenset({"lang", "page"})  # the query a page reads (lang: via the locale)
_KEPT_HEADERS = ("Content-Type", "Cache-Control", "ETag", "Vary")


def cached_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Serve a view from the page cache when the request is anonymous."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        if not _anonymous() or not set(request.args) <= PAGE_PARAMS:
            return make_response(view(*args, **kwargs))
        key = _key()
        held = cache.cache.get(key)
        if held is not None:
            return _replay(held)
        response = make_response(view(*args, **kwargs))
        if _storable(response):
            headers = {k: response.headers[k] for k in _KEPT_HEADERS if k in response.headers}
            cache.cache.set(key, (response.get_data(), headers), timeout=PAGE_TTL)
        return response

    return wrapper


def _anonymous() -> bool:
    # PAGE_TTL 0 turns the page cache off (flask-caching would read 0 as "never expires").
    if PAGE_TTL <= 0 or request.method != "GET" or "preview" in request.args:
        return False
    return not session


def _key() -> str:
    locale = i18n.page_locale().code  # ?lang= counts through the locale it selected
    return f"page:{cache.listing_generation()}:{locale}:{request.path}?page={_page_number()}"


def _page_number() -> str:
    raw = request.args.get("page", "1")
    # As the listing reads it (0002 is page 2); anything else answers no cacheable page anyway.
    return str(int(raw)) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else raw[:8]


def _storable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not g.get("degraded", False)
        and not session.modified
        and "Set-Cookie" not in response.headers
    )


def _replay(held: tuple[bytes, dict[str, str]]) -> Response:
    body, headers = held
    response = Response(body, 200, headers)
    response.make_conditional(request)
    return response
