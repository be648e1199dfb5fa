"""Shipping options as ``GET /store/shipping-options?cart_id=`` prints them."""

from __future__ import annotations

from typing import Any

from sandbox.medusa.pricing import PricingContext, calculated_price, store_price

_RULES = [
    {"attribute": "enabled_in_store", "value": "true", "operator": "eq"},
    {"attribute": "is_return", "value": "false", "operator": "eq"},
]


def option_view(option: dict[str, Any], context: PricingContext) -> dict[str, Any] | None:
    """A stored shipping option priced for a cart (None when it has no price in the currency)."""
    calculated = calculated_price(option["prices"], option["price_set_id"], context)
    if calculated is None:
        return None
    keys = ("id", "name", "price_type", "service_zone_id", "shipping_profile_id", "provider_id")
    view: dict[str, Any] = {key: option[key] for key in keys}
    view["data"] = None
    view["service_zone"] = option["service_zone"]
    view["type"] = option["type"]
    view["provider"] = {"id": option["provider_id"], "is_enabled": True}
    view["rules"] = [dict(rule) for rule in _RULES]
    view["calculated_price"] = calculated
    view["prices"] = [
        {**store_price(price, option["price_set_id"]), "price_rules": []}
        for price in option["prices"]
    ]
    # Medusa prints price_rules before amount/min/max; keep its order for readability.
    view["prices"] = [_reorder(price) for price in view["prices"]]
    view["amount"] = calculated["calculated_amount"]
    view["is_tax_inclusive"] = False
    view["insufficient_inventory"] = False
    return view


def _reorder(price: dict[str, Any]) -> dict[str, Any]:
    tail = ("price_rules", "amount", "min_quantity", "max_quantity")
    head = {key: value for key, value in price.items() if key not in tail}
    return {**head, **{key: price[key] for key in tail}}
