"""What the Admin API shows of an order: Medusa 2.21's defaults, or what ``fields`` asks.

Measured on a real Medusa 2.21.2:
- ``GET /admin/orders`` shows fourteen keys of each order by default (no ``email``,
  ``currency_code``, addresses or totals but ``total``); ``fields=+email`` adds to that default;
  ``fields=id,email`` shows the keys asked for and, always, the ones Medusa computes for every
  order (``status``, ``payment_status``, ``fulfillment_status``, ``version``) and ``items``;
- ``GET /admin/orders/{id}`` shows what the Store API's order shows, but for ``email``,
  ``currency_code`` and ``discount_subtotal``, and with ``locale`` and ``metadata``.
"""

from __future__ import annotations

from typing import Any

DEFAULT = frozenset({
    "id", "display_id", "custom_display_id", "status", "version", "summary", "total",
    "metadata", "locale", "created_at", "updated_at", "items", "payment_status",
    "fulfillment_status",
})  # fmt: skip
ALWAYS = frozenset({"id", "items", "status", "payment_status", "fulfillment_status", "version"})
NOT_ON_ADMIN = frozenset({"email", "currency_code", "discount_subtotal"})  # the single order
NOT_STORED = {"locale": None, "metadata": None}  # keys the sandbox's orders do not hold


def shown(order: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """The keys of a full order view the list shows for ``fields`` (None: the default)."""
    view = _select({**NOT_STORED, **order}, _keys(fields, DEFAULT))
    view["items"] = [_item(item) for item in view.get("items", [])]
    return view


def admin_one(order: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """A full order view (the Store API's) as ``GET /admin/orders/{id}`` shows it."""
    full = {**NOT_STORED, **order}
    return _select(full, _keys(fields, frozenset(full) - NOT_ON_ADMIN))


def _select(full: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in full.items() if key in keys}


def _keys(fields: str | None, default: frozenset[str]) -> frozenset[str]:
    tokens = [t.strip() for t in (fields or "").split(",") if t.strip()]
    added = {t.lstrip("+*") for t in tokens if t[0] in "+*"}
    named = {t for t in tokens if t[0] not in "+*"}
    return (frozenset(named) | ALWAYS | added) if named else default | added


def _item(item: dict[str, Any]) -> dict[str, Any]:
    """A line as the list shows it: without the variant relation (the single order has it)."""
    return {key: value for key, value in item.items() if key != "variant"}
