"""Cursor pagination on the CDA/Preview collections (``cursor=true``, ``pageNext``/``pagePrev``).

The contentful.js ``getEntriesWithCursor`` sends ``cursor=true`` (never ``skip``) and follows
``pages.next``/``pages.prev`` by their ``pageNext``/``pagePrev`` parameter; a cursor page has no
``total`` or ``skip``. The cursor here is an opaque encoding of the offset.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from sandbox.contentful.cda.query import invalid

Data = dict[str, Any]
_CURSOR_KEYS = ("cursor", "pageNext", "pagePrev")


def paged(
    list_items: Callable[[Mapping[str, str]], Data], args: Mapping[str, str], path: str
) -> Data:
    """``list_items(args)``, turned into a cursor page when ``cursor=true`` was asked for."""
    if "cursor" not in args:
        for key in _CURSOR_KEYS[1:]:
            if key in args:
                raise invalid("unknown", [key])
        return list_items(args)
    if args["cursor"] != "true" or "skip" in args or {"pageNext", "pagePrev"} <= set(args):
        raise invalid("cursor", ["cursor"])
    offset_args = {k: v for k, v in args.items() if k not in _CURSOR_KEYS}
    token = args.get("pageNext") or args.get("pagePrev")
    skip = 0 if token is None else _decode(token)
    body = list_items({**offset_args, "skip": str(skip)})
    total, limit = body.pop("total"), body["limit"]
    del body["skip"]
    body["pages"] = _pages(path, offset_args, skip, limit, total)
    return body


def _pages(path: str, args: Mapping[str, str], skip: int, limit: int, total: int) -> Data:
    pages: Data = {}
    if limit and skip + limit < total:
        pages["next"] = _page_url(path, args, "pageNext", skip + limit)
    if skip > 0:
        pages["prev"] = _page_url(path, args, "pagePrev", max(0, skip - max(limit, 1)))
    return pages


def _page_url(path: str, args: Mapping[str, str], key: str, skip: int) -> str:
    query = {k: v for k, v in args.items() if k != "access_token"}
    return f"{path}?{urlencode({**query, 'cursor': 'true', key: _encode(skip)})}"


def _encode(skip: int) -> str:
    return base64.urlsafe_b64encode(f"o:{skip}".encode()).decode().rstrip("=")


def _decode(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except ValueError:
        raise invalid("cursor", ["pageNext"]) from None
    kind, _, number = text.partition(":")
    if kind != "o" or not number.isdigit():
        raise invalid("cursor", ["pageNext"])
    return int(number)
