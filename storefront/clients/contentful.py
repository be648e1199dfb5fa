"""Contentful Content Delivery API client; the same class serves the Preview API.

One pooled ``httpx.Client`` per instance (thread-safe, shared by a worker's requests). Retry
policy for a page that must not hang: a 429 waits ``X-Contentful-RateLimit-Reset`` seconds (only
when that is within ``rate_limit_wait_cap``) and retries once; a timeout, connection error or 5xx
retries once after ``retry_delay``; then the matching ``storefront.clients.errors`` error is raised.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from storefront.clients.base import LIMITS, PooledClient, segment
from storefront.clients.breaker import Breaker
from storefront.clients.contentful_models import (
    ALL_LOCALES,
    ContentAsset,
    ContentEntry,
    ContentfulLocale,
    EntryCollection,
    Link,
    resolve_collection,
)
from storefront.clients.errors import (
    RateLimited,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
    header_seconds,
)

__all__ = [
    "ALL_LOCALES",
    "ContentAsset",
    "ContentEntry",
    "ContentfulDeliveryClient",
    "ContentfulLocale",
    "EntryCollection",
    "Link",
]

RESET_HEADER = "X-Contentful-RateLimit-Reset"  # seconds to wait, not a timestamp
MAX_PAGE = 1000  # the CDA's largest ``limit``
DEFAULT_INCLUDE = 2  # product -> images/heroImage assets and rich-text embeds -> their assets


class ContentfulDeliveryClient(PooledClient):
    """Read published (CDA) or draft (Preview API) content of one space environment."""

    def __init__(
        self,
        base_url: str,
        space_id: str,
        environment: str,
        token: str,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
        *,
        service: str = "contentful",
        rate_limit_wait_cap: float = 2.0,
        retry_delay: float = 0.1,
        sleep: Callable[[float], None] = time.sleep,
        breaker: Breaker | None = None,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"authorization": f"Bearer {token}"},
            timeout=timeout,
            transport=transport,
            limits=LIMITS,
        )
        self._root = f"/spaces/{segment(space_id)}/environments/{segment(environment)}"
        # Asset URLs are protocol-relative; the sandbox serves them over plain http.
        self._scheme = urlsplit(base_url).scheme or "https"
        self.service = service
        self.breaker = breaker or Breaker(service)
        self._wait_cap = rate_limit_wait_cap
        self._retry_delay = retry_delay
        self._sleep = sleep

    def locales(self) -> tuple[ContentfulLocale, ...]:
        """The environment's locales in Contentful's order (one request)."""
        body = self._get("/locales", {"limit": MAX_PAGE})
        return tuple(_locale(item) for item in _items(body, self.service) if item.get("code"))

    def entries(
        self, content_type: str, locale: str, *, include: int = DEFAULT_INCLUDE, **filters: Any
    ) -> EntryCollection:
        """Entries of one type in ``locale`` (or ``"*"``), links resolved ``include`` deep.

        Filters use Contentful's names, so pass them unpacked:
        ``entries("product", "es-ES", **{"fields.handle[in]": ["a", "b"], "limit": 10})``.
        """
        params: dict[str, Any] = {"content_type": content_type, "locale": locale}
        params["include"] = max(0, min(include, 10))
        params.update({name: _param(value) for name, value in filters.items()})
        body = self._get("/entries", params)
        _items(body, self.service)  # a body without items is a broken answer, not "nothing"
        return resolve_collection(body, locale, params["include"])

    def products(
        self,
        locale: str,
        ids: Sequence[str] | None = None,
        handles: Sequence[str] | None = None,
        *,
        include: int = DEFAULT_INCLUDE,
    ) -> EntryCollection:
        """Product entries by id and/or handle in ONE request (a listing makes one call)."""
        filters: dict[str, Any] = {}
        for name, values in (("sys.id[in]", ids), ("fields.handle[in]", handles)):
            if values is None:
                continue
            # A comma separates [in] values, so a value containing one can never match.
            wanted = list(dict.fromkeys(v for v in values if v and "," not in v))
            if not wanted:
                return EntryCollection((), 0, 0, 0)
            filters[name] = wanted
        wanted_count = max((len(v) for v in filters.values()), default=MAX_PAGE)
        filters["limit"] = min(MAX_PAGE, max(1, wanted_count))
        return self.entries("product", locale, include=include, **filters)

    def asset_url(self, asset: object, chain: Iterable[str] = ()) -> str | None:
        """The file URL of a ContentAsset made absolute; None for anything else or no file."""
        if not isinstance(asset, ContentAsset):
            return None
        file = asset.value("file", chain)
        url = file.get("url") if isinstance(file, Mapping) else None
        if not isinstance(url, str) or not url:
            return None
        return f"{self._scheme}:{url}" if url.startswith("//") else url

    # -- transport -------------------------------------------------------------------------
    def _get(self, path: str, params: Mapping[str, Any]) -> Any:
        """GET with the retry policy of the module docstring; JSON body or raise."""
        for attempt in (1, 2):
            outcome = self._attempt(self._root + path, params)
            if not isinstance(outcome, _Failure):
                return outcome
            if attempt == 2 or outcome.wait is None:
                raise outcome.error from outcome.cause
            self._sleep(outcome.wait)
        raise AssertionError("unreachable")

    def _attempt(self, path: str, params: Mapping[str, Any]) -> Any:
        """One request: the decoded body, or a _Failure saying whether and when to retry."""
        try:
            self._admit()
        except UpstreamUnavailable as exc:
            return _Failure(exc, None)
        try:
            response = self._http.get(path, params=params)
        except httpx.TransportError as exc:
            why = "timed out" if isinstance(exc, httpx.TimeoutException) else "connection failed"
            self.breaker.failure(why)
            return _Failure(UpstreamUnavailable(self.service, None, why), self._retry_delay, exc)
        self._answered(response.status_code)
        if response.status_code == 429:
            return self._rate_limited(response)
        if response.status_code >= 500:
            error = UpstreamUnavailable(self.service, response.status_code, "server error")
            return _Failure(error, self._retry_delay)
        return _decode(response, self.service)

    def _rate_limited(self, response: httpx.Response) -> _Failure:
        reset = header_seconds(response.headers, RESET_HEADER)
        message = _message(response, "rate limit exceeded")
        error = RateLimited(self.service, message, reset)
        # Without the header, back off briefly; a reset beyond the cap would fail again anyway.
        wait = min(1.0, self._wait_cap) if reset is None else reset
        return _Failure(error, wait if wait <= self._wait_cap else None)


class _Failure:
    """A failed attempt: the error to raise and the seconds to wait first (None: no retry)."""

    def __init__(
        self, error: UpstreamError, wait: float | None, cause: BaseException | None = None
    ) -> None:
        self.error, self.wait, self.cause = error, wait, cause


def _decode(response: httpx.Response, service: str) -> Any:
    """The JSON body of a 2xx, or the 4xx mapped onto the error tree."""
    try:
        body = response.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested absurdly deep
        body = None
    if response.is_success:
        if not isinstance(body, dict):
            raise UpstreamUnavailable(service, response.status_code, "malformed JSON response")
        return body
    sys = body.get("sys") if isinstance(body, dict) else None
    error_id = sys.get("id") if isinstance(sys, dict) else None
    kind = error_id if isinstance(error_id, str) else None
    cls = UpstreamNotFound if response.status_code == 404 else UpstreamRejected
    raise cls(service, response.status_code, _message(response, "request rejected"), kind)


def _message(response: httpx.Response, default: str) -> str:
    """Contentful's own error message (it never echoes the token), else ``default``."""
    try:
        body = response.json()
    except ValueError:
        return default
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) and message else default


def _items(body: Any, service: str) -> list[dict[str, Any]]:
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise UpstreamUnavailable(service, 200, "response carries no items list")
    return [item for item in items if isinstance(item, dict)]


def _locale(raw: Mapping[str, Any]) -> ContentfulLocale:
    fallback = raw.get("fallbackCode")
    return ContentfulLocale(
        code=str(raw["code"]),
        name=str(raw.get("name") or raw["code"]),
        default=raw.get("default") is True,
        fallback_code=fallback if isinstance(fallback, str) and fallback else None,
    )


def _param(value: Any) -> Any:
    """Contentful's list syntax is comma-separated values in one parameter."""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
