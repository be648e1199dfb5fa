"""What ``GET /admin/orders`` shows of each order: Medusa 2.21's short default, or ``fields``.

Measured on a real Medusa 2.21.2: the list shows fourteen keys of an order by default (no
``email``, ``currency_code``, addresses or totals but ``total``); ``fields=+email`` adds to that
default; ``fields=id,email`` shows the keys asked for and, always, the ones Medusa computes for
every order (``status``, ``payment_status``, ``fulfillment_status``, ``version``) and ``items``.
The single order (``GET /admin/orders/{id}``) is not this shape.
"""

from __future__ import annotations

from typing import Any

DEFAULT = frozenset({
    "id", "display_id", "custom_display_id", "status", "version", "summary", "total",
    "metadata", "locale", "created_at", "updated_at", "items", "payment_status",
    "fulfillment_status",
})  # fmt: skip
ALWAYS = frozenset({"id", "items", "status", "payment_status", "fulfillment_status", "version"})
NOT_STORED = {"locale": None, "metadata": None}  # keys the sandbox's orders do not hold


def shown(order: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """The keys of a full order view the list shows for ``fields`` (None: the default)."""
    keys = _keys(fields)
    full = {**NOT_STORED, **order}
    view = {key: value for key, value in full.items() if key in keys}
    view["items"] = [_item(item) for item in view.get("items", [])]
    return view


def _keys(fields: str | None) -> frozenset[str]:
    tokens = [t.strip() for t in (fields or "").split(",") if t.strip()]
    added = {t.lstrip("+*") for t in tokens if t[0] in "+*"}
    named = {t for t in tokens if t[0] not in "+*"}
    return (frozenset(named) | ALWAYS | added) if named else DEFAULT | added


def _item(item: dict[str, Any]) -> dict[str, Any]:
    """A line as the list shows it: without the variant relation."""
    return {key: value for key, value in item.items() if key != "variant"}
