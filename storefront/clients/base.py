"""What every upstream client shares: one pooled httpx.Client, closed on close() or ``with``."""

from __future__ import annotations

from typing import Self

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
