"""Cache tags: what each response shows, so a change purges exactly the pages that show it.

Views tag a response with the Medusa ids it shows (``prod_...``, ``pcol_...``) and with the
shared parts every page carries (``nav``) or that any new product can change (``listing``). The
tags go out as ``xkey`` (Varnish's vmod xkey) and ``Surrogate-Key`` (Fastly and others) on
responses a shared cache may keep, and the page cache stores them with each page.
"""

from __future__ import annotations

import re

from flask import Flask, Response, g

NAV = "nav"  # the collection navigation on every page
LISTING = "listing"  # any product grid: a new or deleted product changes them all
SITEMAP = "sitemap"
SHARED = frozenset({NAV, LISTING, SITEMAP})  # on many pages: purged, never re-warmed one by one
HEADERS = ("xkey", "Surrogate-Key")
# A tag travels in a space-separated header: keep it to characters that cannot split or inject.
_SAFE = re.compile(r"[A-Za-z0-9_.:-]{1,100}")


def tag(*names: str) -> None:
    """Say that the current response shows ``names`` (ids or the shared tags above)."""
    held: set[str] = g.setdefault("cache_tags", set())
    held.update(name for name in names if _SAFE.fullmatch(name))


def current() -> frozenset[str]:
    """The tags of the current response so far."""
    return frozenset(g.get("cache_tags", ()))


def product_tags(product_id: str) -> tuple[str, ...]:
    """What a change of one product purges: its own pages and every grid (it may move)."""
    return (product_id, LISTING, SITEMAP)


def init_app(app: Flask) -> None:
    """Emit the tags on every response that a shared cache may store."""
    app.after_request(_emit)


def _emit(response: Response) -> Response:
    shown = current()
    if shown and response.headers.get("Cache-Control", "").startswith("public"):
        value = " ".join(sorted(shown))
        for header in HEADERS:
            response.headers[header] = value
    return response
