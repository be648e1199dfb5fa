"""Contentful Management API client: versioned entry writes, paced by the space's rate limit.

One pooled ``httpx.Client`` shared by every worker thread, one shared `RateLimiter`. Errors come out
as the ``storefront.clients.errors`` tree, with two CMA-specific leaves::

    UpstreamRejected
    ├── VersionMismatch   409: the entity changed since it was read (or a create-only PUT hit an id)
    └── InvalidEntry      422: the body breaks the content type; retrying cannot help

A 429 is waited out here (``X-Contentful-RateLimit-Reset`` seconds, plus jitter) and retried a few
times before `RateLimited` is raised. 5xx and network errors are *not* retried here: the worker
retries the whole event, which re-reads the entry, so a write is never repeated blindly.
Wire facts: docs/reference/contentful-wire.md §1.7, §1.8, §2.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from storefront.clients.base import LIMITS, PooledClient, segment
from storefront.clients.errors import (
    RateLimited,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
    header_seconds,
)
from sync.ratelimit import RESET_HEADER, RateLimiter

SERVICE = "contentful"
MEDIA_TYPE = "application/vnd.contentful.management.v1+json"
Entity = dict[str, Any]
EventHooks = Mapping[str, list[Callable[..., Any]]]


class VersionMismatch(UpstreamRejected):
    """409: the version sent is stale, or a create-only PUT found the id taken."""


class InvalidEntry(UpstreamRejected):
    """422: Contentful refused the body (validation); the details are in the message."""


def _error_message(response: httpx.Response) -> tuple[str, str | None]:
    """The CMA's own message and ``sys.id``, with validation details spelled out."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or "unreadable response", None
    if not isinstance(body, dict):
        return response.reason_phrase, None
    error_id = (body.get("sys") or {}).get("id")
    message = str(body.get("message") or error_id or response.reason_phrase)
    details = (body.get("details") or {}).get("errors") if response.status_code == 422 else None
    if isinstance(details, list) and details:
        parts = [_describe(item) for item in details if isinstance(item, dict)]
        message = f"{message}: {'; '.join(parts)}"
    return message, error_id if isinstance(error_id, str) else None


def _describe(item: Mapping[str, Any]) -> str:
    """One validation error as ``fields.title.en-US: size``."""
    path = ".".join(str(p) for p in item.get("path") or [])
    return f"{path or '?'}: {item.get('name', 'invalid')}"


def raise_for(response: httpx.Response) -> None:
    """Raise the typed error for a failed CMA response."""
    status = response.status_code
    if status < 400:
        return
    message, error_id = _error_message(response)
    if status == 429:
        raise RateLimited(SERVICE, message, header_seconds(response.headers, RESET_HEADER))
    if status >= 500:
        raise UpstreamUnavailable(SERVICE, status, message)
    kind = {404: UpstreamNotFound, 409: VersionMismatch, 422: InvalidEntry}.get(status)
    raise (kind or UpstreamRejected)(SERVICE, status, message, error_id)


class CmaClient(PooledClient):
    """The CMA for one space and environment."""

    def __init__(
        self,
        base_url: str,
        token: str,
        space: str,
        environment: str = "master",
        *,
        timeout: float = 10.0,
        limiter: RateLimiter | None = None,
        max_rate_retries: int = 5,
        event_hooks: EventHooks | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """A pooled client; `event_hooks` go to httpx (tests count requests with them)."""
        self.space, self.environment = space, environment
        self.limiter = limiter or RateLimiter()
        self.max_rate_retries = max_rate_retries
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}", "Content-Type": MEDIA_TYPE},
            event_hooks=dict(event_hooks or {}),
            limits=LIMITS,
        )

    # -- transport -----------------------------------------------------------------------------
    def env_path(self, *parts: str) -> str:
        """A path under the environment, e.g. ``env_path("entries", id)``."""
        return self.space_path("environments", self.environment, *parts)

    def space_path(self, *parts: str) -> str:
        """A space-level path (webhook definitions, signing secret); each part one segment."""
        return "/" + "/".join(segment(part) for part in ("spaces", self.space, *parts))

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one paced request, waiting out 429s; raises the typed error on failure."""
        for attempt in range(self.max_rate_retries + 1):
            response = self._send(method, path, json, params, headers)
            if response.status_code != 429 or attempt == self.max_rate_retries:
                break
            self._wait_out(response, attempt)
        raise_for(response)
        return response

    def _send(
        self,
        method: str,
        path: str,
        json: Any,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        """One attempt: wait for a slot, send, learn the limit from the answer."""
        self.limiter.acquire()
        try:
            response = self._http.request(
                method, path, json=json, params=params, headers=dict(headers or {})
            )
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(SERVICE, None, f"{method} {path}: {exc!r}") from exc
        self.limiter.observe(response.headers)
        return response

    def _wait_out(self, response: httpx.Response, attempt: int) -> None:
        """Sleep the Reset header's seconds (jittered up to +20%), or back off without it."""
        reset = header_seconds(response.headers, RESET_HEADER)
        wait = reset if reset is not None else 2 ** (attempt / 2)
        self.limiter.pause(wait)
        self._sleep(wait * random.uniform(1.0, 1.2))

    def default_locale(self) -> str:
        """The environment's default locale code (the only one sync writes)."""
        body = self._json(self.request("GET", self.env_path("locales")))
        codes = [
            i.get("code") for i in body.get("items", []) if isinstance(i, dict) and i.get("default")
        ]
        if not codes or not isinstance(codes[0], str):
            raise UpstreamRejected(SERVICE, None, "the environment has no default locale")
        return codes[0]

    # -- entries -------------------------------------------------------------------------------
    def get_entry(self, entry_id: str) -> Entity | None:
        """The entry (all locales, ``sys.version``), or None when it does not exist."""
        try:
            return self._json(self.request("GET", self.env_path("entries", entry_id)))
        except UpstreamNotFound:
            return None

    def find_entries(self, content_type: str, field: str, value: str) -> list[Entity]:
        """Entries of a content type whose default-locale `field` equals `value`."""
        params = {"content_type": content_type, f"fields.{field}": value, "limit": "10"}
        items = self._json(self.request("GET", self.env_path("entries"), params=params))
        return [item for item in items.get("items", []) if isinstance(item, dict)]

    def create_entry(self, entry_id: str, content_type: str, body: Entity) -> Entity:
        """Create-only PUT (no version): `VersionMismatch` when the id already exists."""
        headers = {"X-Contentful-Content-Type": content_type}
        path = self.env_path("entries", entry_id)
        return self._json(self.request("PUT", path, json=body, headers=headers))

    def update_entry(self, entry: Entity, body: Entity) -> Entity:
        """Replace the entry's fields and metadata at its read version (409 when stale)."""
        return self._versioned("PUT", entry, "", body)

    def publish_entry(self, entry: Entity) -> Entity:
        """Publish the entry at its current version."""
        return self._versioned("PUT", entry, "published")

    def unpublish_entry(self, entry: Entity) -> Entity:
        """Take the entry off the delivery API."""
        return self._versioned("DELETE", entry, "published")

    def archive_entry(self, entry: Entity) -> Entity:
        """Archive the (unpublished) entry."""
        return self._versioned("PUT", entry, "archived")

    def unarchive_entry(self, entry: Entity) -> Entity:
        """Bring an archived entry back as a draft."""
        return self._versioned("DELETE", entry, "archived")

    def delete_entry(self, entry: Entity) -> None:
        """Delete the (unpublished) entry; a missing entry counts as deleted."""
        try:
            self._versioned("DELETE", entry, None)
        except UpstreamNotFound:
            return

    def _versioned(
        self, method: str, entry: Entity, action: str | None, body: Entity | None = None
    ) -> Entity:
        """A request on one entry carrying ``X-Contentful-Version`` from the copy we read."""
        sys = entry["sys"]
        parts = ["entries", sys["id"], *([action] if action else [])]
        headers = {"X-Contentful-Version": str(sys["version"])}
        response = self.request(method, self.env_path(*parts), json=body, headers=headers)
        return self._json(response) if response.content else {}

    @staticmethod
    def _json(response: httpx.Response) -> Entity:
        """The JSON object of a response; a garbage body counts as unavailable."""
        try:
            data = response.json()
        except ValueError as exc:
            raise UpstreamUnavailable(SERVICE, response.status_code, "not JSON") from exc
        if not isinstance(data, dict):
            raise UpstreamUnavailable(SERVICE, response.status_code, "not a JSON object")
        return data


def entry_state(entry: Entity) -> str:
    """``archived``, ``published`` (and current), ``changed`` (since publish) or ``draft``."""
    sys = entry.get("sys", {})
    if sys.get("archivedVersion"):
        return "archived"
    published = sys.get("publishedVersion")
    if not published:
        return "draft"
    return "published" if sys.get("version") == published + 1 else "changed"
