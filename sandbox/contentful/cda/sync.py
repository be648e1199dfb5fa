"""The Sync API (``GET .../sync``) of the CDA and the Preview API.

``initial=true`` (with ``type`` = all | Entry | Asset | Deletion | DeletedEntry | DeletedAsset,
``content_type`` for entries, ``limit`` 1..1000, default 100) lists what the API serves now, every
locale, no fallback; ``sync_token`` lists what changed since that token (``sync_log``). Each page
ends in ``nextPageUrl`` (more of this sync) or ``nextSyncUrl`` (the token for the next delta).
The token carries the filters of the initial request, so later requests need nothing else; the
JavaScript SDK repeats them anyway, and they are ignored then.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from sandbox.contentful import sync_log
from sandbox.contentful.cda.localize import ALL
from sandbox.contentful.cda.query import QueryError, invalid
from sandbox.contentful.cda.reader import Reader
from sandbox.contentful.common import KIND_ASSET, KIND_ENTRY

Data = dict[str, Any]
TYPES = ("all", "Entry", "Asset", "Deletion", "DeletedEntry", "DeletedAsset")
_PARAMS = frozenset({"initial", "sync_token", "type", "content_type", "limit", "access_token"})
_WANTS = {  # sync type -> item types it returns
    "all": {"Entry", "Asset", "DeletedEntry", "DeletedAsset"},
    "Entry": {"Entry"},
    "Asset": {"Asset"},
    "Deletion": {"DeletedEntry", "DeletedAsset"},
    "DeletedEntry": {"DeletedEntry"},
    "DeletedAsset": {"DeletedAsset"},
}


@dataclass(frozen=True)
class Token:
    """A sync position plus the initial request's filters; ``skip`` > 0 inside a paged sync."""

    api: str
    after: int  # changes after this position are in this sync
    upto: int  # ... up to this one (fixed when the sync's first page is served)
    type: str = "all"
    content_type: str | None = None
    limit: int = 100
    initial: bool = False
    skip: int = 0

    def encode(self) -> str:
        """URL-safe text (no padding, nothing to percent-encode), as the SDKs copy it verbatim."""
        raw = json.dumps(asdict(self), separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str, api: str) -> Token:
    """A token from ``sync_token`` (400 when it is not one of this API's)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        token = Token(**json.loads(raw))
    except (ValueError, TypeError):
        raise _bad_token() from None
    numbers = (token.after, token.upto, token.limit, token.skip)
    if not all(type(n) is int and n >= 0 for n in numbers) or not 1 <= token.limit <= 1000:
        raise _bad_token()
    if token.api != api or token.type not in TYPES or not isinstance(token.initial, bool):
        raise _bad_token()
    if token.content_type is not None and not isinstance(token.content_type, str):
        raise _bad_token()
    return token


def sync_page(reader: Reader, args: Mapping[str, str], base_url: str) -> Data:
    """One page of a sync, with the URL of the next page or of the next delta."""
    for key in args:
        if key not in _PARAMS:
            raise invalid("unknown", [key])
    token = _token(reader, args)
    items = _items(reader, token)
    page = items[token.skip : token.skip + token.limit]
    body: Data = {"sys": {"type": "Array"}, "items": page}
    if token.skip + token.limit < len(items):
        body["nextPageUrl"] = _url(base_url, replace(token, skip=token.skip + token.limit))
    else:
        after_all = replace(token, after=token.upto, skip=0, initial=False)
        body["nextSyncUrl"] = _url(base_url, after_all)
    return body


def _token(reader: Reader, args: Mapping[str, str]) -> Token:
    api = "cpa" if reader.source.preview else "cda"
    now = sync_log.position(reader.source.store)
    if "sync_token" in args:
        token = decode(args["sync_token"], api)
        # A delta's first page fixes where it ends; its later pages (skip > 0) keep that end.
        return token if token.skip else replace(token, upto=now)
    if args.get("initial") != "true":
        raise QueryError("BadRequest", "Please send either initial=true or a sync_token.")
    sync_type = args.get("type", "all")
    if sync_type not in TYPES:
        raise invalid("in", ["type"], value=sync_type, expected=list(TYPES))
    content_type = args.get("content_type") or None
    if content_type is not None and sync_type != "Entry":
        raise QueryError("BadRequest", "content_type can only be used with type=Entry.")
    limit = _limit(args.get("limit", "100"))
    return Token(api, 0, now, sync_type, content_type, limit, initial=True)


def _limit(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 1000:
        raise invalid("range", ["limit"], value=raw, min=1, max=1000)
    return int(raw)


def _items(reader: Reader, token: Token) -> list[Data]:
    wanted = _WANTS[token.type]
    store = reader.source.store
    logged = sync_log.changes(store, token.api, token.after, token.upto)
    deletions = [c["deleted"] for c in logged if c["change"] == "delete"]
    out = [{"sys": d} for d in deletions if d["type"] in wanted]
    if token.initial:
        # An initial sync of content lists no deletions; one of deletions lists only them.
        return _current(reader, token, wanted) + ([] if token.type == "all" else out)
    changed = [c for c in logged if c["change"] == "upsert" and c["type"] in wanted]
    docs = [reader.source.get(_kind(c["type"]), c["id"]) for c in changed]
    return [reader.shape(d, ALL) for d in docs if d is not None and _of_type(d, token)] + out


def _current(reader: Reader, token: Token, wanted: set[str]) -> list[Data]:
    docs = [d for t in ("Entry", "Asset") if t in wanted for d in reader.source.all(_kind(t))]
    return [reader.shape(d, ALL) for d in docs if _of_type(d, token)]


def _of_type(doc: Data, token: Token) -> bool:
    if token.content_type is None or doc["sys"].get("type") != "Entry":
        return True
    return bool(doc["sys"].get("contentType", {}).get("sys", {}).get("id") == token.content_type)


def _kind(type_name: str) -> str:
    return KIND_ENTRY if type_name == "Entry" else KIND_ASSET


def _url(base_url: str, token: Token) -> str:
    return f"{base_url}?sync_token={token.encode()}"


def _bad_token() -> QueryError:
    return QueryError("BadRequest", "The sync token is invalid.")
