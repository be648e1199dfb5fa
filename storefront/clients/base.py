"""What every upstream client shares: one pooled httpx.Client, closed on close() or ``with``."""

from __future__ import annotations

from typing import Self
from urllib.parse import quote

import httpx


class PooledClient:
    """Owns one pooled, thread-safe ``httpx.Client`` (``self._http``) for its lifetime."""

    _http: httpx.Client

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
