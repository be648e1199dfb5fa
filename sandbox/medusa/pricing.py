"""Prices: the raw price rows, and ``calculated_price`` for a pricing context (region, country).

Amounts are decimal major units kept as exact strings; tax amounts are not rounded (Medusa's
``calculated_amount_with_tax`` for 29.99 at 19% is 35.6881).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sandbox.medusa.common import dec, num, raw
from sandbox.medusa.regions import tax_rate


@dataclass(frozen=True)
class PricingContext:
    """What calculated prices depend on: the region (hence currency) and maybe a country."""

    region: dict[str, Any]
    country_code: str | None = None

    @property
    def currency_code(self) -> str:
        """The region's currency."""
        return str(self.region["currency_code"])

    @property
    def tax_rate(self) -> Decimal | None:
        """The country's tax rate in percent, when a country is known."""
        return tax_rate(self.region, self.country_code)


def store_price(price: dict[str, Any], price_set_id: str) -> dict[str, Any]:
    """A price row as the Store API prints it under ``variants.prices``."""
    amount = dec(price["amount"])
    return {
        "id": price["id"],
        "title": None,
        "currency_code": price["currency_code"],
        "rules_count": 0,
        "price_set_id": price_set_id,
        "price_list_id": None,
        "price_list": None,
        "raw_amount": raw(amount),
        "raw_min_quantity": None,
        "raw_max_quantity": None,
        "created_at": price["created_at"],
        "updated_at": price["updated_at"],
        "deleted_at": None,
        "amount": num(amount),
        "min_quantity": None,
        "max_quantity": None,
    }


def admin_price(price: dict[str, Any], variant_id: str) -> dict[str, Any]:
    """A price row as the Admin API prints it under ``variants.prices``."""
    return {
        "id": price["id"],
        "amount": num(dec(price["amount"])),
        "currency_code": price["currency_code"],
        "min_quantity": None,
        "max_quantity": None,
        "variant_id": variant_id,
        "created_at": price["created_at"],
        "updated_at": price["updated_at"],
        "rules": {},
    }


def price_in(prices: list[dict[str, Any]], currency_code: str) -> dict[str, Any] | None:
    """The price row for a currency, or None."""
    return next((p for p in prices if p["currency_code"] == currency_code), None)


def calculated_price(
    prices: list[dict[str, Any]], price_set_id: str, context: PricingContext
) -> dict[str, Any] | None:
    """Medusa's ``calculated_price`` object for a price set in a context (None: no price)."""
    price = price_in(prices, context.currency_code)
    if price is None:
        return None
    amount = dec(price["amount"])
    ref = {
        "id": price["id"],
        "price_list_id": None,
        "price_list_type": None,
        "min_quantity": None,
        "max_quantity": None,
    }
    result: dict[str, Any] = {
        "id": price_set_id,
        "is_calculated_price_price_list": False,
        "is_calculated_price_tax_inclusive": False,
        "calculated_amount": num(amount),
        "raw_calculated_amount": raw(amount),
        "is_original_price_price_list": False,
        "is_original_price_tax_inclusive": False,
        "original_amount": num(amount),
        "raw_original_amount": raw(amount),
        "currency_code": context.currency_code,
        "calculated_price": ref,
        "original_price": dict(ref),
    }
    rate = context.tax_rate
    if rate is not None:
        with_tax = num(amount * (1 + rate / 100))
        result["calculated_amount_with_tax"] = with_tax
        result["calculated_amount_without_tax"] = num(amount)
        result["original_amount_with_tax"] = with_tax
        result["original_amount_without_tax"] = num(amount)
    return result
