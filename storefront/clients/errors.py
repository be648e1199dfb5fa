"""One exception tree for every upstream the storefront talks to (Medusa, Contentful).

Callers catch the narrowest class they can act on::

    UpstreamError                 base: service name, HTTP status (None without one), safe message
    ├── UpstreamUnavailable       timeout, connection error, 5xx or unreadable body, after retries
    │   └── RateLimited           429 still limited after the retry; ``retry_after`` in seconds
    └── UpstreamRejected          a 4xx carrying the upstream's own message and error type
        ├── UpstreamNotFound      404 (unknown id, unknown route)
        └── OutOfStock            Medusa's ``insufficient_inventory``

``RateLimited`` sits under ``UpstreamUnavailable`` because a page treats both alike: degrade now,
try later. Messages never contain tokens or keys, so they may be logged.
"""

from __future__ import annotations

from collections.abc import Mapping


class UpstreamError(Exception):
    """An upstream call failed; ``service`` names the upstream (``medusa``, ``contentful``)."""

    def __init__(self, service: str, status: int | None, message: str) -> None:
        super().__init__(
            f"{service}: {message}" if status is None else f"{service} {status}: {message}"
        )
        self.service = service
        self.status = status
        self.message = message


class UpstreamUnavailable(UpstreamError):
    """The upstream did not answer usefully (timeout, connection refused, 5xx, garbage body)."""


class RateLimited(UpstreamUnavailable):
    """The upstream answered 429; ``retry_after`` is the seconds it asked us to wait."""

    def __init__(self, service: str, message: str, retry_after: float | None) -> None:
        super().__init__(service, 429, message)
        self.retry_after = retry_after


class UpstreamRejected(UpstreamError):
    """The upstream refused the request (4xx); ``error_type``/``code`` are its own labels."""

    def __init__(
        self,
        service: str,
        status: int | None,
        message: str,
        error_type: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(service, status, message)
        self.error_type = error_type
        self.code = code


class UpstreamNotFound(UpstreamRejected):
    """The thing asked for does not exist upstream (404)."""


class OutOfStock(UpstreamRejected):
    """Medusa refused a line item for lack of inventory (``insufficient_inventory``)."""


def header_seconds(headers: Mapping[str, str], name: str) -> float | None:
    """A header holding a number of seconds, looked up case-insensitively; None if absent/bad."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return _non_negative_float(value)
    return None


def _non_negative_float(raw: str) -> float | None:
    try:
        value = float(raw.strip())
    except ValueError:
        return None
    # NaN fails every comparison, so this also rejects it.
    return value if 0 <= value < float("inf") else None
