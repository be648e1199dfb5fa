"""What the Store API's cart routes show, and the ``fields`` parameter they honour.

The default is what Medusa 2.21 prints for ``GET /store/carts/{id}`` (recorded); the line items'
and shipping methods' own totals and a line's ``variant`` come only on request, so a starter
asking ``fields=*items.variant,+items.total`` gets exactly those added.
"""

from __future__ import annotations

from typing import Any

from sandbox.medusa.common import check_params, first, query_params
from sandbox.medusa.fields import Registry, Selection, project

_TOTALS = (
    "subtotal? total? original_total? discount_total? discount_subtotal? discount_tax_total?"
    " tax_total? original_tax_total?"
)
_CART_TOTALS = (
    "total subtotal tax_total discount_total discount_subtotal discount_tax_total original_total"
    " original_tax_total item_total item_subtotal item_tax_total item_discount_total"
    " original_item_total original_item_subtotal original_item_tax_total shipping_total"
    " shipping_subtotal shipping_tax_total shipping_discount_total original_shipping_tax_total"
    " original_shipping_subtotal original_shipping_total credit_line_subtotal"
    " credit_line_tax_total credit_line_total"
)

CARTS = Registry(
    {
        "cart": (
            "id currency_code email locale region_id created_at updated_at completed_at"
            f" {_CART_TOTALS} metadata sales_channel_id shipping_address_id customer_id"
            " items:line_item shipping_methods:shipping_method shipping_address billing_address"
            " credit_lines customer region promotions payment_collection"
        ),
        "line_item": (
            "id thumbnail variant_id product_id is_giftcard product_type_id product_title"
            " product_description product_subtitle product_type product_collection product_handle"
            " variant_sku variant_barcode variant_title requires_shipping metadata created_at"
            " updated_at title quantity unit_price compare_at_unit_price is_tax_inclusive"
            f" tax_lines adjustments product variant? {_TOTALS}"
        ),
        "shipping_method": (
            # A real 2.21 prints only these by default; the rest come on request (the
            # storefront asks for ``+shipping_methods.name``).
            "id amount is_tax_inclusive shipping_option_id tax_lines adjustments cart_id? name?"
            f" description? data? metadata? created_at? updated_at? deleted_at? {_TOTALS}"
        ),
    }
)


def selection() -> Selection:
    """The cart selection the request's ``fields`` asks for (other query parameters refused)."""
    params = query_params()
    check_params(params, {"fields"})
    return CARTS.select("cart", first(params, "fields"))


def shown(view: dict[str, Any], chosen: Selection) -> dict[str, Any]:
    """A built cart view cut down to a selection."""
    result: dict[str, Any] = project(view, chosen)
    return result
