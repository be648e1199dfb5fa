"""The read side's answers as plain JSON data: collections, single resources, space, locales.

One ``Reader`` serves one request; HTTP concerns (tokens, headers, status codes) stay in
``app.py``. Missing resources come back as None, bad queries raise ``QueryError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.contentful.cda.includes import resolve
from sandbox.contentful.cda.localize import ALL, Locales, load_locales
from sandbox.contentful.cda.matching import links_to, ordered, project, select_query, values_at
from sandbox.contentful.cda.query import PLAIN, Query, QueryError, Schema, invalid, parse_query
from sandbox.contentful.cda.shapes import (
    collection,
    content_type_shape,
    delivered,
    locale_shape,
    space_shape,
)
from sandbox.contentful.cda.source import KIND_OF_TYPE, Doc, Source
from sandbox.contentful.common import KIND_ASSET, KIND_CONTENT_TYPE, KIND_ENTRY
from sandbox.store import Store

Data = dict[str, Any]
_SIMPLE_LIST = frozenset({"access_token", "limit", "skip", "sys.id", "sys.id[in]", "locale"})


class Reader:
    """Answers for one API (CDA or Preview) over one consistent read of the store."""

    def __init__(self, store: Store, preview: bool, space: str, environment: str) -> None:
        self.source = Source(store, preview)
        self.locales: Locales = load_locales(store)
        self.space, self.environment = space, environment

    def shape(self, doc: Doc, locale: str) -> Data:
        """A stored Entry or Asset in the delivered shape for ``locale``."""
        return delivered(doc, locale, self.locales, self.source, self.space, self.environment)

    def space_object(self) -> Data:
        """``GET /spaces/{space}``."""
        return space_shape(self.space, self.locales)

    def items(self, item_type: str, args: Mapping[str, str]) -> Data:
        """``/entries`` or ``/assets`` with every query parameter applied."""
        query = parse_query(args, Schema(item_type, self._field_ids), self.locales)
        docs = self._candidates(KIND_OF_TYPE[item_type], query)
        view_locale = self.locales.default if query.locale == ALL else query.locale
        pairs = [
            (view, doc) for doc in docs if select_query(view := self.shape(doc, view_locale), query)
        ]
        matched: list[Doc] = ordered(pairs, query.order)
        page = matched[query.skip : query.skip + query.limit]
        items = [project(self.shape(doc, query.locale), query.select) for doc in page]
        body = collection(items, len(matched), query.skip, query.limit)
        includes, errors = resolve(items, query.include, lambda t, i: self._linked(t, i, query))
        if errors:
            body["errors"] = errors
        if includes:
            body["includes"] = includes
        return body

    def item(self, item_type: str, id: str, args: Mapping[str, str]) -> Data | None:
        """``/entries/{id}`` or ``/assets/{id}``: one bare item, no includes."""
        query = parse_query(
            {k: v for k, v in args.items() if k == "locale"},
            Schema(item_type, self._field_ids),
            self.locales,
        )
        _reject_unknown(args, PLAIN)
        doc = self.source.get(KIND_OF_TYPE[item_type], id)
        return None if doc is None else self.shape(doc, query.locale)

    def content_types(self, args: Mapping[str, str]) -> Data:
        """``/content_types`` (filters: ``sys.id``, ``sys.id[in]``; ``limit``, ``skip``)."""
        _reject_unknown(args, _SIMPLE_LIST)
        docs = self.source.all(KIND_CONTENT_TYPE)
        wanted = _ids_wanted(args)
        docs = [d for d in docs if wanted is None or d["sys"]["id"] in wanted]
        return self._page([self._ct(d) for d in docs], args, 100)

    def content_type(self, id: str) -> Data | None:
        """``/content_types/{id}``."""
        doc = self.source.get(KIND_CONTENT_TYPE, id)
        return None if doc is None else self._ct(doc)

    def locale_list(self, args: Mapping[str, str]) -> Data:
        """``/locales``: the delivered locales, ``limit`` 1000 by default."""
        _reject_unknown(args, _SIMPLE_LIST)
        return self._page([locale_shape(d) for d in self.locales.items], args, 1000)

    def _ct(self, doc: Doc) -> Data:
        return content_type_shape(doc, self.space, self.environment, self.source.preview)

    def _page(self, items: list[Data], args: Mapping[str, str], default_limit: int) -> Data:
        limit = _bounded(args, "limit", default_limit, 1000)
        skip = _bounded(args, "skip", 0, None)
        return collection(items[skip : skip + limit], len(items), skip, limit)

    def _field_ids(self, content_type: str) -> list[str] | None:
        doc = self.source.get(KIND_CONTENT_TYPE, content_type)
        return None if doc is None else [str(f.get("id")) for f in doc.get("fields") or []]

    def _candidates(self, kind: str, query: Query) -> list[Doc]:
        docs = self.source.all(kind)
        if kind == KIND_ENTRY and query.content_type:
            docs = [
                d
                for d in docs
                if values_at(d["sys"], ("contentType", "sys", "id")) == [query.content_type]
            ]
        if query.links_to is not None:
            docs = [d for d in docs if links_to(d.get("fields") or {}, *query.links_to)]
        return docs

    def _linked(self, link_type: str, id: str, query: Query) -> Data | None:
        kind = KIND_ENTRY if link_type == "Entry" else KIND_ASSET
        doc = self.source.get(kind, id)
        return None if doc is None else self.shape(doc, query.locale)


def _reject_unknown(args: Mapping[str, str], allowed: frozenset[str]) -> None:
    for key in args:
        if key not in allowed:
            raise invalid("unknown", [key])


def _ids_wanted(args: Mapping[str, str]) -> set[str] | None:
    if "sys.id" in args:
        return {args["sys.id"]}
    if "sys.id[in]" in args:
        return set(args["sys.id[in]"].split(","))
    return None


def _bounded(args: Mapping[str, str], name: str, default: int, high: int | None) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or (high is not None and int(raw) > high):
        raise invalid("range", [name], value=raw, min=0, max=high)
    return int(raw)


__all__ = ["QueryError", "Reader"]
