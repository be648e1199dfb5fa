"""What the Medusa stand-in's modules share: storage kinds, errors, money, query parsing.

Storage contract (all in ``context.store``): one document per record, addressed by its Medusa id.
``md:product`` holds a product with its options, images and variants embedded (variant prices
inside each variant); ``md:variant`` maps a variant id to its product id; tags, categories,
collections and types live in their own kinds and are joined in when serialised.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Response, request

KIND_STORE = "md:store"
KIND_PRODUCT = "md:product"
KIND_VARIANT = "md:variant"  # {"id", "product_id"}: the index from a variant to its product
KIND_REGION = "md:region"
KIND_COLLECTION = "md:collection"
KIND_CATEGORY = "md:category"
KIND_TAG = "md:tag"
KIND_TYPE = "md:type"
KIND_CART = "md:cart"
KIND_CUSTOMER = "md:customer"
KIND_SALES_CHANNEL = "md:sales_channel"
KIND_API_KEY = "md:api_key"
KIND_SHIPPING_OPTION = "md:shipping_option"
KIND_STOCK_LOCATION = "md:stock_location"
KIND_INVENTORY_ITEM = "md:inventory_item"
KIND_INVENTORY_LEVEL = "md:inventory_level"
KIND_PICTURE = "md:picture"  # keyed by handle: {"title", "picture"} for /static/<handle>.svg
KIND_USER = "md:user"

JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class MedusaError(Exception):
    """An error answered in Medusa's shape: ``{"type", "message"}`` (plus ``code`` sometimes)."""

    status: int
    type: str
    message: str
    code: str | None = None

    def body(self) -> dict[str, str]:
        """The JSON body Medusa sends for this error."""
        data = {"code": self.code} if self.code else {}
        if self.type:  # Medusa's auth middleware answers 401 with a bare {"message"}
            data["type"] = self.type
        return {**data, "message": self.message}


def invalid(message: str) -> MedusaError:
    """A 400 ``invalid_data`` error."""
    return MedusaError(400, "invalid_data", message)


def not_found(message: str) -> MedusaError:
    """A 404 ``not_found`` error."""
    return MedusaError(404, "not_found", message)


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON response as Express sends it."""
    return Response(json.dumps(data), status=status, content_type=JSON_TYPE)


# --- money: decimal major units, kept exact as strings in storage -----------------------------


def dec(value: Any) -> Decimal:
    """A stored or submitted amount as an exact Decimal (floats go through their repr)."""
    if isinstance(value, bool) or value is None:
        raise invalid(f"Invalid amount: {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise invalid(f"Invalid amount: {value!r}") from exc


def num(value: Decimal) -> int | float:
    """A Decimal as the JSON number Medusa prints (``12``, ``29.99``, ``35.6881``)."""
    return int(value) if value == value.to_integral_value() else float(value)


def raw(value: Decimal) -> dict[str, Any]:
    """Medusa's ``raw_*`` twin of an amount."""
    return {"value": format(value.normalize(), "f"), "precision": 20}


# --- query strings --------------------------------------------------------------------------

_BRACKETS = re.compile(r"\[.*$")


def query_params() -> dict[str, list[str]]:
    """The query string grouped by base name (``handle[]`` and ``handle`` both give ``handle``)."""
    params: dict[str, list[str]] = {}
    for key, values in request.args.lists():
        params.setdefault(_BRACKETS.sub("", key), []).extend(values)
    return params


def check_params(params: dict[str, list[str]], allowed: set[str]) -> None:
    """Refuse unknown query parameters the way Medusa's validator does."""
    unknown = [name for name in params if name not in allowed]
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        raise invalid(f"Invalid request: Unrecognized fields: {names}")


def first(params: dict[str, list[str]], name: str) -> str | None:
    """The first value of a parameter, or None."""
    values = params.get(name)
    return values[0] if values else None


def int_param(params: dict[str, list[str]], name: str, default: int) -> int:
    """A non-negative integer parameter (limit, offset)."""
    value = first(params, name)
    if value is None:
        return default
    if not value.isdigit():
        # A real 2.21's wording (a negative number there is an unknown_error 500: not copied).
        message = f"Expected type: 'number' for field '{name}', got: '{value}'"
        raise invalid(f"Invalid request: {message}")
    return int(value)


def paginate(
    items: list[dict[str, Any]], params: dict[str, list[str]], default_limit: int
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One page of ``items`` (after ``order``) and the ``count``/``offset``/``limit`` fields."""
    limit = int_param(params, "limit", default_limit)
    offset = int_param(params, "offset", 0)
    order = first(params, "order")
    if order:
        field, descending = order.lstrip("-"), order.startswith("-")
        # Ties keep insertion order, newest first when descending (seeded records share a stamp).
        ranked = sorted(
            enumerate(items), key=lambda p: (_sort_key(p[1].get(field)), p[0]), reverse=descending
        )
        items = [item for _, item in ranked]
    page = items[offset : offset + limit]
    return page, {"count": len(items), "offset": offset, "limit": limit}


def _sort_key(value: Any) -> tuple[int, str]:
    # Nulls last, everything else compared as text (timestamps are ISO strings).
    return (1, "") if value is None else (0, str(value).lower())


def body_json() -> dict[str, Any]:
    """The JSON object sent in the request body (an empty body is an empty object)."""
    data = request.get_data()
    if not data.strip():
        return {}
    try:
        parsed = json.loads(data)
    except ValueError as exc:
        raise invalid(f"Invalid JSON body: {exc}") from exc
    if not isinstance(parsed, dict):
        raise invalid("Invalid request: Expected object, received array")
    return parsed


def check_body(body: dict[str, Any], allowed: set[str]) -> None:
    """Refuse unknown body fields the way Medusa's validator does."""
    check_params({key: [] for key in body}, allowed)
