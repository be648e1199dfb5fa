"""Which cart lines stock can no longer cover, from the Store API's ``inventory_quantity``."""

from __future__ import annotations

from storefront import services
from storefront.clients.errors import UpstreamError
from storefront.clients.medusa_models import Cart, Variant


def shortages(cart: Cart) -> dict[str, int]:
    """Line id -> units left (0: sold out) for the lines stock cannot cover.

    Empty when Medusa cannot say: unknown is not sold out, and Medusa checks again when the
    order is placed.
    """
    ids = sorted({item.product_id for item in cart.items if item.product_id})
    if not ids:
        return {}
    try:
        page = services.current().medusa.products(cart.region_id, ids=ids, limit=len(ids))
    except UpstreamError:
        return {}
    variants = {v.id: v for product in page.products for v in product.variants}
    return {
        item.id: max(variants[item.variant_id].inventory or 0, 0)
        for item in cart.items
        if item.variant_id in variants and _short(variants[item.variant_id], item.quantity)
    }


def _short(variant: Variant, quantity: int) -> bool:
    if not variant.manage_inventory or variant.allow_backorder or variant.inventory is None:
        return False
    return variant.inventory < quantity
