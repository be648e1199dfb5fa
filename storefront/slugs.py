"""Localized URL slugs of products, collections and categories, and the history of old ones.

Each content type's ``slug`` field (localized, owned by the content team) comes in ONE cached
CDA query (``locale=*``, ``select`` of ``sys``, ``fields.slug`` and ``fields.handle``, oldest
entry first) turned into a ``SlugIndex``, kept per process under a generation
(``storefront.generations``): collections' and categories' under the taxonomy's, so a taxonomy
purge rebuilds them; the products' under a scope of its own, started anew only when a publish
webhook shows that an entry's slugs or handle are not what the index holds (``changed_by``), or
that an indexed entry left the Delivery API. A price, stock or title change leaves it alone:
rebuilding it is a scan of every product entry, and a bulk sync changes hundreds of products.
Two entries with the same slug in one locale: the older one (``sys.createdAt``) keeps it, the
newer one is served at its handle.

Slug history: when a rebuild finds that an entry's slug in a locale changed, the old slug is
kept (``MAX_HISTORY`` per entry, in the shared cache without expiry), so a shared link to it
still redirects to the current URL. The index carries the history as it was when built (it
changes only at a rebuild), so a URL no index knows (a 404) reads nothing from the cache.
The storefront owns the history; sync never writes ``slug``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask import g

from storefront import cache, generations, services
from storefront.clients.contentful import ContentEntry
from storefront.clients.errors import UpstreamRejected

PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # the content type's validation, checked again here
MAX_SLUG = 200
INDEX_TTL = 300.0  # purges rebuild it sooner
MAX_ENTRIES = 1000  # the CDA's largest page
MAX_HISTORY = 10  # old slugs kept per entry
SELECT = "sys,fields.slug,fields.handle"
PRODUCT = "product"  # the content type of product entries
_SCOPES = {PRODUCT: generations.PRODUCT_SLUGS}  # collections and categories: TAXONOMY
_VALID = re.compile(PATTERN)
History = dict[str, list[tuple[str, str]]]  # entry id -> [(locale, old slug)], oldest first


@dataclass(frozen=True)
class SlugIndex:
    """Who owns which slug in which locale, and each entry's Medusa handle."""

    owners: dict[tuple[str, str], str] = field(default_factory=dict)  # (locale, slug) -> id
    slugs: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> locale -> slug
    handles: dict[str, str] = field(default_factory=dict)  # id -> handle
    clashes: tuple[tuple[str, str, str, str], ...] = ()  # (locale, slug, kept id, refused id)
    former: tuple[tuple[str, str], ...] = ()  # (old slug, entry id): the history, at build time

    def slug_of(self, entry_id: str, chain: Iterable[str]) -> str | None:
        """The entry's own slug in the first locale of ``chain`` that has one."""
        mine = self.slugs.get(entry_id, {})
        return next((mine[code] for code in chain if code in mine), None)

    def owner(self, slug: str, chain: Iterable[str]) -> str | None:
        """The entry whose slug this is in a locale of ``chain``."""
        return next((o for c in chain if (o := self.owners.get((c, slug))) is not None), None)

    def anywhere(self, slug: str) -> str | None:
        """The entry whose slug this is in any locale (another locale's URL)."""
        return next((o for (_, s), o in self.owners.items() if s == slug), None)

    def former_owner(self, slug: str) -> str | None:
        """The entry that once had this slug (in any locale), if one did."""
        return next((entry_id for old, entry_id in self.former if old == slug), None)


def is_valid(slug: object) -> bool:
    """A slug the storefront accepts: lowercase letters, digits, single hyphens."""
    return isinstance(slug, str) and len(slug) <= MAX_SLUG and bool(_VALID.match(slug))


def build(entries: Iterable[ContentEntry]) -> SlugIndex:
    """The index of entries given oldest first (``locale=*``); the older entry wins a clash."""
    index = SlugIndex()
    clashes: list[tuple[str, str, str, str]] = []
    for entry in entries:
        handle = _first_string(entry.fields.get("handle"))
        if handle:
            index.handles[entry.id] = handle
        for code, slug in _locale_map(entry.fields.get("slug")).items():
            owner = index.owners.setdefault((code, slug), entry.id)
            if owner == entry.id:
                index.slugs.setdefault(entry.id, {})[code] = slug
            else:
                clashes.append((code, slug, owner, entry.id))
    return SlugIndex(index.owners, index.slugs, index.handles, tuple(clashes))


def _locale_map(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(code): slug for code, slug in raw.items() if is_valid(slug)}


def _first_string(raw: object) -> str:
    values = raw.values() if isinstance(raw, Mapping) else [raw]
    return next((v for v in values if isinstance(v, str) and v), "")


def index(kind: str) -> SlugIndex:
    """The slug index of a content type (once per request; empty while Contentful is down)."""
    held: dict[str, SlugIndex] = g.setdefault("slug_indexes", {})
    if kind not in held:
        held[kind] = _cached(kind)
    return held[kind]


def kept_as(kind: str) -> tuple[str, str]:
    """The key and scope a type's index is kept under (``storefront.kept``)."""
    return f"slugs:{kind}", _SCOPES.get(kind, generations.TAXONOMY)


def changed_by(kind: str, entry_id: str, fields: Mapping[str, Any] | None) -> bool:
    """Whether an entry as published (``fields``; None: it left the Delivery API) differs from
    the index this process holds fresh; True when it holds none (nothing to compare with)."""
    key, scope = kept_as(kind)
    kept = services.current().kept
    if not kept.fresh(key, scope):
        return True
    held = _cached(kind)
    if fields is None:
        return entry_id in held.handles or entry_id in held.slugs
    same_handle = held.handles.get(entry_id, "") == _first_string(fields.get("handle"))
    return not same_handle or held.slugs.get(entry_id, {}) != _locale_map(fields.get("slug"))


def _cached(kind: str) -> SlugIndex:
    key, scope = kept_as(kind)
    found = services.current().kept.get(
        key, INDEX_TTL, lambda: _rebuild(kind), None, services.RETRY_AFTER, scope
    )
    if found is None:  # Contentful down since this process started: the last index built
        last = cache.cache.get(_last_key(kind))
        return last if isinstance(last, SlugIndex) else SlugIndex()
    return found


def _rebuild(kind: str) -> SlugIndex:
    try:
        fresh = build(_load(kind))
    except UpstreamRejected:  # the type has no slug field yet (setup not run): handles only
        fresh = SlugIndex()
    history = _record_history(kind, cache.cache.get(_last_key(kind)), fresh)
    fresh = replace(fresh, former=tuple((s, e) for e, olds in history.items() for _, s in olds))
    cache.cache.set(_last_key(kind), fresh, timeout=0)
    return fresh


def _load(kind: str) -> list[ContentEntry]:
    client = services.current().delivery
    found: list[ContentEntry] = []
    while True:
        page = client.entries(
            kind, "*", include=0, select=SELECT, order="sys.createdAt,sys.id",
            limit=MAX_ENTRIES, skip=len(found),
        )  # fmt: skip
        found.extend(page.items)
        if not page.items or len(found) >= page.total:
            return found


def _last_key(kind: str) -> str:
    return f"slugs:last:{kind}"


def _history_key(kind: str) -> str:
    return f"slugs:history:{kind}"


def _record_history(kind: str, before: object, after: SlugIndex) -> History:
    """Keep each slug an entry no longer has (per locale), so its old URL still redirects;
    returns the whole history."""
    history: History = dict(cache.cache.get(_history_key(kind)) or {})
    previous = before.slugs if isinstance(before, SlugIndex) else {}
    gone = [
        (entry_id, code, slug)
        for entry_id, mine in previous.items()
        for code, slug in mine.items()
        if after.slugs.get(entry_id, {}).get(code) != slug
    ]
    if not gone:
        return history
    for entry_id, code, slug in gone:
        kept = [old for old in history.get(entry_id, []) if old != (code, slug)]
        history[entry_id] = [*kept, (code, slug)][-MAX_HISTORY:]
    cache.cache.set(_history_key(kind), history, timeout=0)
    return history


def handle_for(kind: str, slug: str, chain: Iterable[str]) -> str:
    """The Medusa handle a URL's slug names: the page locale's slug (along the chain), a
    handle, another locale's slug, a former slug; else the slug itself (a handle unknown to
    Contentful)."""
    found = index(kind)
    chain = tuple(chain)
    entry_id = found.owner(slug, chain)
    if entry_id is None and slug in found.handles.values():
        return slug
    entry_id = entry_id or found.anywhere(slug) or found.former_owner(slug)
    return found.handles.get(entry_id or "", slug)


def slug_for(kind: str, entry_id: str, handle: str, chain: Iterable[str]) -> str:
    """The URL segment of an entry in a locale: its slug along the chain, else the handle."""
    return index(kind).slug_of(entry_id, chain) or handle
