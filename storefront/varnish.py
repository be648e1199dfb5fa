"""Tag purges for a Varnish in front of the storefront (``STOREFRONT_VARNISH_URL``).

The shipped VCL (``deploy/varnish/storefront.vcl``) answers ``PURGE`` with an ``xkey-purge``
header of space-separated tags by dropping every object tagged with one of them (vmod xkey),
and only from the addresses it trusts. A Varnish that is down or refuses is logged, never
raised: its copies expire on their own (``max-age``), and the sync must not stall on it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import httpx

from storefront.clients.base import PooledClient

log = logging.getLogger(__name__)
PURGE_HEADER = "xkey-purge"


class VarnishPurger(PooledClient):
    """Sends tag purges to one Varnish."""

    def __init__(self, url: str, timeout: float = 2.0) -> None:
        self.url = url.rstrip("/") + "/"
        self._http = httpx.Client(timeout=timeout)

    def purge(self, names: Iterable[str]) -> bool:
        """Drop the objects tagged with any of ``names``; False (logged) when Varnish fails."""
        value = " ".join(sorted(set(names)))
        if not value:
            return True
        try:
            answer = self._http.request("PURGE", self.url, headers={PURGE_HEADER: value})
        except httpx.HTTPError as exc:
            log.warning("varnish purge of %s failed: %s", value, exc)
            return False
        if answer.status_code != 200:
            log.warning("varnish refused the purge of %s: HTTP %s", value, answer.status_code)
        return answer.status_code == 200
