"""Filters shared by the product, collection and category lists of both APIs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.medusa.common import first

PRODUCT_FILTERS = {
    "id",
    "handle",
    "title",
    "collection_id",
    "category_id",
    "tag_id",
    "type_id",
    "status",
    "q",
    "sales_channel_id",
    "is_giftcard",
}
PAGING = {"fields", "limit", "offset", "order"}
Doc = dict[str, Any]


def _field(key: str) -> Callable[[Doc], Any]:
    return lambda doc: doc.get(key)


def _list_field(key: str) -> Callable[[Doc], list[str]]:
    return lambda doc: doc.get(key) or []


def _one_of(values: list[str], get: Callable[[Doc], Any]) -> Callable[[Doc], bool]:
    wanted = set(values)
    return lambda doc: get(doc) in wanted


def _any_of(values: list[str], get: Callable[[Doc], list[str]]) -> Callable[[Doc], bool]:
    wanted = set(values)
    return lambda doc: bool(wanted.intersection(get(doc)))


def _matches(query: str, keys: tuple[str, ...]) -> Callable[[Doc], bool]:
    needle = query.lower()
    return lambda doc: any(needle in str(doc.get(key) or "").lower() for key in keys)


def product_filters(params: dict[str, list[str]]) -> list[Callable[[Doc], bool]]:
    """One predicate per product filter present in the query."""
    checks: list[Callable[[Doc], bool]] = []
    for name in ("id", "handle", "title", "status", "collection_id", "type_id"):
        if params.get(name):
            checks.append(_one_of(params[name], _field(name)))
    lists = {
        "category_id": "category_ids",
        "tag_id": "tag_ids",
        "sales_channel_id": "sales_channel_ids",
    }
    for name, key in lists.items():
        if params.get(name):
            checks.append(_any_of(params[name], _list_field(key)))
    query = first(params, "q")
    if query:
        checks.append(_matches(query, ("title", "subtitle", "description", "handle")))
    return checks


def simple_filters(
    params: dict[str, list[str]], names: tuple[str, ...]
) -> list[Callable[[Doc], bool]]:
    """Equality filters on the named fields, plus ``q`` over them."""
    checks = [_one_of(params[n], _field(n)) for n in names if params.get(n)]
    query = first(params, "q")
    if query:
        checks.append(_matches(query, names))
    return checks


def apply(docs: list[Doc], checks: list[Callable[[Doc], bool]]) -> list[Doc]:
    """The documents that pass every check."""
    return [doc for doc in docs if all(check(doc) for check in checks)]
