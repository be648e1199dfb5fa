"""Whole-page cache for anonymous visitors: the rendered HTML by path, page number and locale.

Only requests without a session (no cart, no preview, no flash message) are served from or
stored in it, and only complete pages (200, not degraded). Each page is stored with its cache
tags (``storefront.tags``) and the version each tag had then; a purge gives its tags a new
version, so only the pages that show what changed stop being served. The short TTL bounds how
old prices and stock can get between purges.

The key holds only what a page is built from (path, locale, ``?page=``), never the raw query.
A request with other parameters (``?utm_source=...``, cache busters) is rendered from the data
cache and never stored, since its links carry those parameters on: junk URLs cannot grow it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Response, g, make_response, request, session

from storefront import cache, i18n, tags

PAGE_TTL = 30  # seconds; stock and prices also change without a purge
PAGE_PARAMS = frozenset({"lang", "page"})  # the query a page reads (lang: via the locale)
_KEPT_HEADERS = ("Content-Type", "Cache-Control", "ETag", "Vary", *tags.HEADERS)
_TAG_KEY = "tagv:"
_PAGES_KEY = "tagpages:"
MAX_PAGES_PER_TAG = 24  # the pages re-warmed after one change, at most


@dataclass(frozen=True)
class HeldPage:
    """A stored page: body, the headers worth replaying, and its tags' versions when stored."""

    body: bytes
    headers: dict[str, str]
    versions: dict[str, float | None]


def cached_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Serve a view from the page cache when the request is anonymous."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        if not _anonymous() or not set(request.args) <= PAGE_PARAMS:
            return make_response(view(*args, **kwargs))
        key = _key()
        held = cache.cache.get(key)
        if isinstance(held, HeldPage) and _current(held):
            return _replay(held)
        started = time.time()
        response = make_response(view(*args, **kwargs))
        if _storable(response):
            _store(key, response, started)
        return response

    return wrapper


def purge_tags(names: Iterable[str]) -> None:
    """Stop serving every stored page that shows one of ``names``."""
    now = time.time()
    cache.cache.set_many({_TAG_KEY + name: now for name in names}, timeout=0)


def pages_showing(names: Iterable[str]) -> list[tuple[str, str]]:
    """(path with query, locale) of the pages stored lately that show one of ``names``."""
    wanted = sorted(set(names) - tags.SHARED)
    found = cache.cache.get_many(*(_PAGES_KEY + name for name in wanted)) if wanted else []
    pages = [tuple(page) for held in found if held for page in held]
    return list(dict.fromkeys(pages))


def _index(names: Iterable[str]) -> None:
    # Remember which page shows which product, so a change can render it again (re-warm).
    wanted = sorted(set(names) - tags.SHARED)
    if not wanted:
        return
    page = (request.full_path, i18n.page_locale().code)
    keys = [_PAGES_KEY + name for name in wanted]
    held = dict(zip(keys, cache.cache.get_many(*keys), strict=True))
    changed = {k: [*(v or []), page][-MAX_PAGES_PER_TAG:] for k, v in held.items()
               if page not in (tuple(p) for p in v or [])}  # fmt: skip
    if changed:
        cache.cache.set_many(changed, timeout=PAGE_TTL)


def _anonymous() -> bool:
    # PAGE_TTL 0 turns the page cache off (flask-caching would read 0 as "never expires").
    if PAGE_TTL <= 0 or request.method != "GET" or "preview" in request.args:
        return False
    return not session


def _key() -> str:
    locale = i18n.page_locale().code  # ?lang= counts through the locale it selected
    return f"page:{locale}:{request.path}?page={_page_number()}"


def _page_number() -> str:
    raw = request.args.get("page", "1")
    # As the listing reads it (0002 is page 2); anything else answers no cacheable page anyway.
    return str(int(raw)) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else raw[:8]


def _versions(names: Iterable[str]) -> dict[str, float | None]:
    ordered = sorted(names)
    found = cache.cache.get_many(*(_TAG_KEY + name for name in ordered)) if ordered else []
    return dict(zip(ordered, found, strict=True))


def _current(held: HeldPage) -> bool:
    return _versions(held.versions) == held.versions


def _store(key: str, response: Response, started: float) -> None:
    versions = _versions(tags.current())
    # A purge that landed while this page rendered may have come after its data was read.
    if any(v is not None and v >= started for v in versions.values()):
        return
    headers = {k: response.headers[k] for k in _KEPT_HEADERS if k in response.headers}
    cache.cache.set(key, HeldPage(response.get_data(), headers, versions), timeout=PAGE_TTL)
    _index(versions)


def _storable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not g.get("degraded", False)
        and not session.modified
        and "Set-Cookie" not in response.headers
    )


def _replay(held: HeldPage) -> Response:
    tags.tag(*held.versions)  # so a shared cache in front learns them from this copy too
    response = Response(held.body, 200, held.headers)
    response.make_conditional(request)
    return response
