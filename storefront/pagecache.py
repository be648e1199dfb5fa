"""Whole-page cache for anonymous visitors: the rendered HTML by path, page number and locale.

Only requests without a session (no cart, no preview, no flash message) are served from or
stored in it, and only complete pages (200 and public: never a degraded one). Each page is
stored with its cache tags (``storefront.tags``) and the version each tag had then; a purge
gives its tags a new version, so only the pages that show what changed stop being served. The
short TTL bounds how old prices and stock can get between purges.

A hit is served by ``PageServer``, a WSGI layer in front of Flask: no request context, session
or hooks run for it. A page this process served before is kept here too, and its tags'
versions are remembered until a purge names them (``storefront.tagversions``): such a hit
makes no Redis round trip at all (before: two). The page is stored with the headers the
visitor got (after every ``after_request`` hook), so a hit replays exactly what the view's
response said.

The key holds only what a page is built from (path, locale, ``?page=``), never the raw query.
A request with other parameters (``?utm_source=...``, cache busters) is rendered from the data
cache and never stored, since its links carry those parameters on: junk URLs cannot grow it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, make_response, request, session
from werkzeug.http import http_date
from werkzeug.wrappers import Request

from storefront import aftersend, cache, i18n, params, services, tags
from storefront.tagversions import TagVersions, announce

PAGE_TTL = 30  # seconds; stock and prices also change without a purge
PAGE_PARAMS = frozenset({"lang", "page"})  # the query a page reads (lang: via the locale)
_TAG_KEY = "tagv:"
_PAGES_KEY = "tagpages:"
_PAGE_KEY = "pagev2:"  # v2: HeldPage keeps the final headers and its expiry
_STORE = "storefront.pagecache.store"  # environ key: the view's page is to be stored
_MISSED = "storefront.pagecache.missed"  # environ key: PageServer found no page under this key
_NOT_REPLAYED = frozenset({"date", "content-length", "set-cookie"})  # fresh on every answer
# Conditional or range requests go through werkzeug's make_conditional (304, 412).
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
                "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE")  # fmt: skip
MAX_PAGES_PER_TAG = 24  # the pages re-warmed after one change, at most
MAX_LOCAL = 1000  # pages a process keeps next to Redis, oldest out first (~8 KB each)
log = logging.getLogger(__name__)
Versions = dict[str, float | None]
# What a view marks for storing: key, when it started, its tags, (path with query, locale).
Marked = tuple[str, float, frozenset[str], tuple[str, str]]
StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class HeldPage:
    """A stored page: body, the headers the visitor got, its tags' versions, and its expiry."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    versions: Versions
    expires: float


def init_app(app: Flask) -> None:
    """Serve page-cache hits in front of the app (before Flask builds a request context)."""
    app.wsgi_app = PageServer(app, app.wsgi_app)  # type: ignore[method-assign]


def cached_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Serve a view from the page cache when the request is anonymous (mark it for storing)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        key = _key(i18n.page_locale().code, request.path, request.args)
        if not _anonymous() or key is None:
            return make_response(view(*args, **kwargs))
        # PageServer has just looked this key up and missed: no second round trip for it.
        if request.environ.get(_MISSED) != key:
            held = _valid(cache.cache.get(key), _versions_in(cache.cache))
            if held is not None:
                return _replay(held, request.environ)
        started = time.time()
        response = make_response(view(*args, **kwargs))
        if _storable(response):
            page = (request.full_path, i18n.page_locale().code)
            request.environ[_STORE] = (key, started, tags.current(), page)
        return response

    return wrapper


def purge_tags(names: Iterable[str]) -> None:
    """Stop serving every stored page that shows one of ``names``."""
    now, names = time.time(), list(names)
    cache.cache.set_many({_TAG_KEY + name: now for name in names}, timeout=0)
    # The Redis client behind flask-caching (none for the in-process SimpleCache): the same
    # connection pool the purge just used, reachable with or without an app context.
    announce(names, getattr(cache.cache.cache, "_write_client", None))


def pages_showing(names: Iterable[str]) -> list[tuple[str, str]]:
    """(path with query, locale) of the pages stored lately that show one of ``names``."""
    wanted = sorted(set(names) - tags.SHARED)
    found = cache.cache.get_many(*(_PAGES_KEY + name for name in wanted)) if wanted else []
    pages = [tuple(page) for held in found if held for page in held]
    return list(dict.fromkeys(pages))


class PageServer:
    """WSGI layer: answers stored pages itself, stores the pages the view marked."""

    def __init__(self, app: Flask, inner: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.inner = app, inner
        self.local: dict[str, HeldPage] = {}
        self.tag_versions: TagVersions | None = None  # made at the first hit

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """A hit from the cache, else the app (keeping what it marked for storing)."""
        try:
            held = self._hit(environ)
        except Exception:  # a cache outage: the app's own path decides (stale copy, 503)
            log.debug("page cache unavailable", exc_info=True)
            held = None
        if held is None:
            return self._through(environ, start_response)
        if any(name in environ for name in _CONDITIONAL):
            return _replay(held, environ)(environ, start_response)
        # The answer make_conditional would give an unconditional GET, without building it.
        length = ("Content-Length", str(len(held.body)))
        start_response("200 OK", [*held.headers, ("Date", _now_date()), length])
        return [held.body]

    def _hit(self, environ: dict[str, Any]) -> HeldPage | None:
        key = self._anonymous_key(environ)
        if key is None:
            return None
        backend = self.app.extensions["cache"][cache.cache]
        if self.tag_versions is None:
            read = _versions_in(backend)
            url = services.current_for(self.app).settings.redis_url
            self.tag_versions = TagVersions(lambda names: list(read(names).values()), url)
        versions = self.tag_versions.get
        held = _valid(self.local.get(key), versions) or _valid(backend.get(key), versions)
        if held is None:
            environ[_MISSED] = key
        else:
            self._keep(key, held)
        return held

    def _anonymous_key(self, environ: dict[str, Any]) -> str | None:
        """The page's key when the request may be served from the cache, else None."""
        if PAGE_TTL <= 0 or environ.get("REQUEST_METHOD") != "GET":
            return None
        req = Request(environ, populate_request=False)
        if "preview" in req.args or self.app.config["SESSION_COOKIE_NAME"] in req.cookies:
            return None  # a session may hold a cart or preview: the app decides
        table = services.current_for(self.app).locale_table()
        return _key(i18n.request_locale(req, table).code, req.path, req.args)

    def _through(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answered: list[tuple[str, list[tuple[str, str]]]] = []

        def capture(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            answered.append((status, headers))
            return start_response(status, headers, *exc)

        jobs = aftersend.expect(environ)
        body = self.inner(environ, capture)
        marked = environ.pop(_STORE, None)
        if marked is not None and _storable_answer(answered):
            data = _drain(body)
            jobs.append(lambda: self._store(marked, data, answered[0][1]))
            body = [data]
        return _ThenRun(self.app, body, jobs) if jobs else body

    def _store(self, marked: Marked, body: bytes, headers: list[Any]) -> None:
        key, started, names, page = marked
        versions = _versions_since(names, started)
        if versions is None:
            return
        kept = tuple((k, v) for k, v in headers if k.lower() not in _NOT_REPLAYED)
        held = HeldPage(body, kept, versions, time.time() + PAGE_TTL)
        cache.cache.set(key, held, timeout=PAGE_TTL)
        self._keep(key, held)
        _index(versions, page)

    def _keep(self, key: str, held: HeldPage) -> None:
        if key not in self.local and len(self.local) >= MAX_LOCAL:
            # The oldest (dicts keep order); another thread may change the dict meanwhile.
            with contextlib.suppress(StopIteration, RuntimeError):
                self.local.pop(next(iter(self.local)), None)
        self.local[key] = held


class _ThenRun:
    """A response body whose ``close()`` (the WSGI server's call once it has sent the body)
    also starts the request's deferred work, storing this page among it: off the visitor's time.
    """

    def __init__(self, app: Flask, body: Iterable[bytes], jobs: list[aftersend.Job]) -> None:
        self.app, self.body, self.jobs = app, body, jobs

    def __iter__(self) -> Iterator[bytes]:
        """The body's chunks."""
        return iter(self.body)

    def close(self) -> None:
        """Close the app's body, then run the deferred work."""
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            aftersend.finish(self.app, self.jobs)


@functools.lru_cache(maxsize=2)
def _date(second: int) -> str:
    return http_date(second)


def _now_date() -> str:
    """The Date header's value, formatted once a second."""
    return _date(int(time.time()))


def _drain(body: Iterable[bytes]) -> bytes:
    try:
        return b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def _index(names: Iterable[str], page: tuple[str, str]) -> None:
    # Remember which page shows which product, so a change can render it again (re-warm).
    wanted = sorted(set(names) - tags.SHARED)
    if not wanted:
        return
    keys = [_PAGES_KEY + name for name in wanted]
    held = dict(zip(keys, cache.cache.get_many(*keys), strict=True))
    # Written back even when the page was listed already: each store restarts the list's TTL,
    # or a page re-warmed over and over would drop out of it PAGE_TTL after it first came in.
    lists = {
        k: v if page in (tuple(p) for p in v or []) else [*(v or []), page] for k, v in held.items()
    }
    cache.cache.set_many({k: v[-MAX_PAGES_PER_TAG:] for k, v in lists.items()}, timeout=PAGE_TTL)


def _anonymous() -> bool:
    # PAGE_TTL 0 turns the page cache off (flask-caching would read 0 as "never expires").
    if PAGE_TTL <= 0 or request.method != "GET" or "preview" in request.args:
        return False
    return not session


def _key(locale: str, path: str, args: Mapping[str, str]) -> str | None:
    """The page's key: locale, path and ``?page=`` only; None for a query a page does not read."""
    if not set(args) <= PAGE_PARAMS:
        return None  # rendered from the data cache, never stored: junk URLs cannot grow it
    return f"{_PAGE_KEY}{locale}:{path}?page={_page_number(args.get('page', '1'))}"


def _page_number(raw: str) -> str:
    # As the listing reads it (0002 is page 2); anything else answers no cacheable page anyway.
    number = params.whole_number(raw, 1, params.MAX_PAGE)
    return str(number) if number is not None else raw[:8]


def _versions_in(backend: Any) -> Callable[[Iterable[str]], Versions]:
    """Reads the current versions of some tags from ``backend`` (one round trip)."""

    def read(names: Iterable[str]) -> Versions:
        ordered = sorted(names)
        found = backend.get_many(*(_TAG_KEY + name for name in ordered)) if ordered else []
        return dict(zip(ordered, found, strict=True))

    return read


def _valid(held: object, versions: Callable[[Iterable[str]], Versions]) -> HeldPage | None:
    """``held`` when it is a page still within its TTL whose tags were not purged since."""
    if not isinstance(held, HeldPage) or held.expires <= time.time():
        return None
    return held if versions(held.versions) == held.versions else None


def _versions_since(names: frozenset[str], started: float) -> Versions | None:
    """The versions of a page's tags now; None when one was purged since ``started``.

    Read once the page is sent (the visitor does not wait for it): any purge after this read
    changes a version, so the stored copy stops validating; any purge between the page's data
    reads and this one has a version past ``started``, so the copy is not stored.
    """
    read = _versions_in(cache.cache)
    versions = read(names)
    # A version that was never set would read the same after the cache is emptied: give each
    # tag one (add, so a purge landing now is never overwritten).
    missing = [name for name, version in versions.items() if version is None]
    for name in missing:
        cache.cache.add(_TAG_KEY + name, 0.0, timeout=0)
    versions = read(names) if missing else versions
    # A purge that landed while this page rendered may have come after its data was read.
    if any(v is None or v >= started for v in versions.values()):
        return None
    return versions


def _storable_answer(answered: list[tuple[str, list[tuple[str, str]]]]) -> bool:
    """The app answered 200 without setting a cookie."""
    if not answered or not answered[0][0].startswith("200"):
        return False
    return not any(name.lower() == "set-cookie" for name, _ in answered[0][1])


def _storable(response: Response) -> bool:
    # Only what a shared cache may keep: a degraded page is private (rendering._cache_headers).
    return (
        response.status_code == 200
        and bool(response.cache_control.public)
        and not session.modified
        and "Set-Cookie" not in response.headers
    )


def _replay(held: HeldPage, environ: dict[str, Any]) -> Response:
    response = Response(held.body, 200, list(held.headers))
    response.make_conditional(environ)
    return response
