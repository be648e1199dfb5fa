"""``POST /admin/products/{id}/variants``: add a variant to an existing product.

Medusa v2 answers with the whole product (``{"product"}``, 200) and emits only
``product-variant.created {id: variant_…}``. A managed variant gets its inventory item (no
levels: stock is set through the inventory endpoints). Checks, as Medusa makes them: the body's
fields and types, ``title`` and ``prices`` required, a SKU unique across products (422), options
naming every product option with existing values, and no two variants with the same values.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from sandbox.events import EventSink
from sandbox.medusa import product_writes, validation
from sandbox.medusa.blueprints import admin_blueprint, current_store
from sandbox.medusa.common import (
    KIND_PRODUCT,
    KIND_VARIANT,
    MedusaError,
    body_json,
    check_body,
    check_params,
    first,
    invalid,
    json_response,
    not_found,
    query_params,
)
from sandbox.medusa.ids import now_iso
from sandbox.medusa.products import ViewContext, product_view
from sandbox.medusa.schemas import ADMIN
from sandbox.store import Store

bp = admin_blueprint("medusa_admin_variants")
_store = current_store


@bp.post("/products/<product_id>/variants")
def create_variant(product_id: str) -> Response:
    """Add one variant; the product is answered, ``product-variant.created`` emitted."""
    params = query_params()
    check_params(params, {"fields"})
    store = _store()
    product = store.get(KIND_PRODUCT, product_id)
    if product is None:
        raise not_found(f"Product with id: {product_id} was not found")
    variant = add_variant(store, product, body_json())
    sink: EventSink = current_app.config["MEDUSA_EVENTS"]
    sink.emit("product-variant.created", variant["id"], {"id": variant["id"]})
    selection = ADMIN.select("product", first(params, "fields"))
    view = product_view(product, selection, ViewContext(store, admin=True))
    return json_response({"product": view})


def add_variant(store: Store, product: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Validate a variant body and store the variant (and its inventory item) in the product."""
    _check(store, product, body)
    # product_writes builds variants the same way for a product create; reuse it so both agree.
    variant = product_writes.build_variant(product, body, product_writes.fresh_ids, now_iso())
    if "variant_rank" not in body:
        variant["variant_rank"] = len(product["variants"])
    _distinct(product, variant)
    product["variants"].append(variant)
    with store.transaction():
        store.put(KIND_PRODUCT, product["id"], product)
        store.put(KIND_VARIANT, variant["id"], {"id": variant["id"], "product_id": product["id"]})
        product_writes.create_inventory(store, product, variant, product_writes.fresh_ids, None)
    return variant


def _check(store: Store, product: dict[str, Any], body: dict[str, Any]) -> None:
    check_body(body, product_writes.VARIANT_FIELDS)
    validation.check_types(body, validation.VARIANT_SCALARS)
    for key in ("title", "prices"):
        if body.get(key) in (None, ""):
            raise invalid(f"Invalid request: Field '{key}' is required")
    validation.prices(body["prices"])
    _check_options(product, body)
    sku = body.get("sku")
    taken = sku and any(v.get("sku") == sku for p in store.all(KIND_PRODUCT) for v in p["variants"])
    if taken:
        raise MedusaError(
            422, "duplicate_error", f"Product variant with sku: {sku}, already exists."
        )


def _check_options(product: dict[str, Any], body: dict[str, Any]) -> None:
    chosen = body.get("options")
    if chosen is None:
        return
    if not isinstance(chosen, dict) or not all(isinstance(v, str) for v in chosen.values()):
        raise invalid('Invalid request: Expected object of strings at "options"')
    wanted = len(product["options"])
    if len(chosen) != wanted:
        raise invalid(
            f"Product has {wanted} option values but there were {len(chosen)} provided option"
            f" values for the variant: {body['title']}."
        )


def _distinct(product: dict[str, Any], variant: dict[str, Any]) -> None:
    values = set(variant["option_value_ids"])
    for other in product["variants"]:
        if set(other["option_value_ids"]) == values:
            raise invalid(
                f'Variant "{variant["title"]}" has same combination of option values as'
                f' "{other["title"]}".'
            )
