"""What every upstream client shares: one pooled httpx.Client, closed on close() or ``with``,
and one circuit breaker, so a slow or failing upstream is failed fast instead of waited on."""

from __future__ import annotations

from typing import Self
from urllib.parse import quote

import httpx

from storefront.clients.breaker import Breaker
from storefront.clients.errors import UpstreamUnavailable

# httpx's own limits, but an idle connection is dropped after 4 s: Node's HTTP server (Medusa's)
# closes one after 5 s without a request, and a request sent on a connection the server is
# closing at that moment fails (a GET is retried once; a POST, a cart change, is not).
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=4.0)


class PooledClient:
    """Owns one pooled, thread-safe ``httpx.Client`` (``self._http``) for its lifetime."""

    _http: httpx.Client
    breaker: Breaker
    service: str

    def _admit(self) -> None:
        """Raise UpstreamUnavailable at once while the upstream's circuit is open."""
        if not self.breaker.allow():
            raise UpstreamUnavailable(self.service, None, "unavailable, failing fast")

    def _answered(self, status: int) -> None:
        """Tell the breaker how the upstream answered (5xx is a failure, anything else not)."""
        if status >= 500:
            self.breaker.failure(f"HTTP {status}")
        else:
            self.breaker.success()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class UnsafeSegment(ValueError):
    """A value that cannot be one URL path segment (empty, ``.`` or ``..``)."""


def segment(value: str) -> str:
    """`value` as exactly one URL path segment, every reserved character escaped.

    ``.`` and ``..`` are refused: HTTP clients (httpx included) fold them into the path, so
    ``/carts/..`` would reach ``/carts`` (RFC 3986 §5.2.4). Ids may come from visitors.
    """
    if value in ("", ".", ".."):
        raise UnsafeSegment(f"not a path segment: {value!r}")
    return quote(value, safe="")
