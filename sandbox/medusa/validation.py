"""Request-body checks for the Admin API, failing with Medusa's 400 ``invalid_data`` shapes."""

from __future__ import annotations

from typing import Any

from sandbox.medusa.common import dec, invalid
from sandbox.store import Store

PRODUCT_SCALARS = {
    "title": str,
    "subtitle": str,
    "description": str,
    "handle": str,
    "thumbnail": str,
    "external_id": str,
    "collection_id": str,
    "type_id": str,
    "hs_code": str,
    "origin_country": str,
    "mid_code": str,
    "material": str,
    "weight": (int, float),
    "length": (int, float),
    "height": (int, float),
    "width": (int, float),
    "is_giftcard": bool,
    "discountable": bool,
    "metadata": dict,
}
VARIANT_SCALARS = {
    "title": str,
    "sku": str,
    "barcode": str,
    "ean": str,
    "upc": str,
    "hs_code": str,
    "origin_country": str,
    "mid_code": str,
    "material": str,
    "thumbnail": str,
    "weight": (int, float),
    "length": (int, float),
    "height": (int, float),
    "width": (int, float),
    "variant_rank": int,
    "manage_inventory": bool,
    "allow_backorder": bool,
    "metadata": dict,
}
STATUSES = ("draft", "proposed", "published", "rejected")


def check_types(body: dict[str, Any], types: dict[str, Any], where: str = "") -> None:
    """Every known field present has the right JSON type (null is allowed, as Medusa does)."""
    for key, expected in types.items():
        value = body.get(key)
        if value is None:
            continue
        if isinstance(value, bool) and expected is not bool:
            raise invalid(f'Invalid request: Expected {_name(expected)} at "{where}{key}"')
        if not isinstance(value, expected):
            raise invalid(f'Invalid request: Expected {_name(expected)} at "{where}{key}"')


def _name(expected: Any) -> str:
    if expected is str:
        return "string, received other"
    if expected is bool:
        return "boolean, received other"
    if expected is dict:
        return "object, received other"
    return "number, received other"


def check_status(body: dict[str, Any]) -> None:
    """``status`` is one of Medusa's product statuses."""
    status = body.get("status")
    if status is not None and status not in STATUSES:
        allowed = " | ".join(f"'{s}'" for s in STATUSES)
        raise invalid(
            f"Invalid request: Invalid enum value. Expected {allowed},"
            f" received '{status}' at \"status\""
        )


def id_list(body: dict[str, Any], key: str, store: Store, kind: str) -> list[str] | None:
    """A ``[{"id": ...}]`` list whose ids all exist (None when the key is absent)."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(i, dict) and "id" in i for i in value):
        raise invalid(f'Invalid request: Expected array of objects with an id at "{key}"')
    ids = [str(item["id"]) for item in value]
    missing = [i for i in ids if store.get(kind, i) is None]
    if missing:
        raise invalid(f"{key} with ids {', '.join(missing)} were not found")
    return ids


def reference(body: dict[str, Any], key: str, store: Store, kind: str) -> None:
    """A single id field (``collection_id``, ``type_id``) points at an existing record."""
    value = body.get(key)
    if value is not None and store.get(kind, str(value)) is None:
        raise invalid(f"{key} {value} was not found")


def prices(value: Any) -> list[dict[str, Any]]:
    """A variant's ``prices``: ``[{"currency_code", "amount", "id"?}]`` with amounts checked."""
    if not isinstance(value, list):
        raise invalid('Invalid request: Expected array, received other at "prices"')
    checked = []
    for price in value:
        if not isinstance(price, dict) or not isinstance(price.get("currency_code"), str):
            raise invalid("Invalid request: Field 'currency_code' is required at \"prices\"")
        amount = price.get("amount")
        if not isinstance(amount, int | float) or isinstance(amount, bool) or amount < 0:
            raise invalid('Invalid request: Expected a non-negative number at "prices.amount"')
        checked.append({**price, "amount": format(dec(amount).normalize(), "f")})
    return checked


def options(value: Any) -> list[dict[str, Any]]:
    """Product ``options``: ``[{"title", "values": [str]}]``."""
    if not isinstance(value, list):
        raise invalid('Invalid request: Expected array, received other at "options"')
    for option in value:
        ok = isinstance(option, dict) and isinstance(option.get("title"), str)
        values = option.get("values") if ok else None
        if not ok or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise invalid("Invalid request: options need a title and a list of values")
    return value
