"""The Admin API for products (``/admin/products``, variants) and the login (``/auth``).

Every change emits Medusa's events through the app's EventSink: create sends
``product-variant.created`` per variant then ``product.created`` (one event group); update sends
``product.updated``; a variant update only ``product-variant.updated``; delete only
``product.deleted``. Payloads are ``{"id": ...}``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app

from sandbox.events import EventSink
from sandbox.medusa import auth, listing, product_writes
from sandbox.medusa.blueprints import admin_blueprint, current_store
from sandbox.medusa.common import (
    KIND_PRODUCT,
    body_json,
    check_params,
    first,
    json_response,
    not_found,
    paginate,
    query_params,
)
from sandbox.medusa.fields import project
from sandbox.medusa.products import ViewContext, product_view, variant_by_id, variant_view
from sandbox.medusa.schemas import ADMIN

bp = admin_blueprint("medusa_admin")
_store = current_store
auth_bp = Blueprint("medusa_auth", __name__, url_prefix="/auth")


def _events() -> EventSink:
    sink: EventSink = current_app.config["MEDUSA_EVENTS"]
    return sink


@auth_bp.post("/user/emailpass")
def login() -> Response:
    """``POST /auth/user/emailpass {"email", "password"}`` -> ``{"token"}``."""
    token = auth.login(current_app.config["MEDUSA_CONTEXT"].config, body_json())
    return json_response({"token": token})


def _product(product_id: str) -> dict[str, Any]:
    product = _store().get(KIND_PRODUCT, product_id)
    if product is None:
        raise not_found("Product not found")
    return product


def _product_response(product: dict[str, Any], fields: str | None = None) -> Response:
    selection = ADMIN.select("product", fields)
    view = product_view(product, selection, ViewContext(_store(), admin=True))
    return json_response({"product": view})


@bp.get("/products")
def list_products() -> Response:
    """``GET /admin/products``: every status, filters, pagination, ``fields``."""
    params = query_params()  # unknown parameters are ignored here, unlike other lists (2.21)
    products = listing.apply(_store().all(KIND_PRODUCT), listing.product_filters(params))
    page, meta = paginate(products, params, 50)
    selection = ADMIN.select("product", first(params, "fields"))
    vc = ViewContext(_store(), admin=True)
    return json_response({"products": [product_view(p, selection, vc) for p in page], **meta})


@bp.get("/products/<product_id>")
def get_product(product_id: str) -> Response:
    """``GET /admin/products/{id}``."""
    params = query_params()
    check_params(params, {"fields"})
    return _product_response(_product(product_id), first(params, "fields"))


@bp.post("/products")
def create_product() -> Response:
    """``POST /admin/products`` (200, like Medusa)."""
    product = product_writes.create_product(_store(), body_json())
    events = [("product-variant.created", v["id"], {"id": v["id"]}) for v in product["variants"]]
    _events().emit_group([*events, ("product.created", product["id"], {"id": product["id"]})])
    return _product_response(product)


@bp.post("/products/<product_id>")
def update_product(product_id: str) -> Response:
    """``POST /admin/products/{id}`` (Medusa v2 updates with POST)."""
    product = product_writes.update_product(_store(), _product(product_id), body_json())
    _events().emit("product.updated", product["id"], {"id": product["id"]})
    return _product_response(product)


@bp.delete("/products/<product_id>")
def delete_product(product_id: str) -> Response:
    """``DELETE /admin/products/{id}``: only ``product.deleted`` is emitted."""
    product_writes.delete_product(_store(), _product(product_id))
    _events().emit("product.deleted", product_id, {"id": product_id})
    return json_response({"id": product_id, "object": "product", "deleted": True})


def _variant(product: dict[str, Any], variant_id: str) -> dict[str, Any]:
    variant = next((v for v in product["variants"] if v["id"] == variant_id), None)
    if variant is None:
        raise not_found(f"Variant with id: {variant_id} was not found")
    return variant


@bp.get("/products/<product_id>/variants/<variant_id>")
def get_variant(product_id: str, variant_id: str) -> Response:
    """``GET /admin/products/{id}/variants/{vid}``."""
    params = query_params()
    check_params(params, {"fields"})
    product = _product(product_id)
    selection = ADMIN.select("variant", first(params, "fields"))
    view = variant_view(
        _variant(product, variant_id), product, selection, ViewContext(_store(), admin=True)
    )
    return json_response({"variant": _project(view, selection)})


@bp.post("/products/<product_id>/variants/<variant_id>")
def update_variant(product_id: str, variant_id: str) -> Response:
    """``POST /admin/products/{id}/variants/{vid}``: only ``product-variant.updated`` is emitted."""
    product = _product(product_id)
    variant = _variant(product, variant_id)
    product = product_writes.update_variant(_store(), product, variant, body_json())
    _events().emit("product-variant.updated", variant_id, {"id": variant_id})
    return _product_response(product)


@bp.get("/product-variants")
def list_variants() -> Response:
    """``GET /admin/product-variants?id=...&fields=product_id``: map variant ids to products."""
    params = query_params()
    check_params(params, listing.PAGING | {"id", "sku", "product_id", "q", "manage_inventory"})
    rows = _variant_rows(params)
    page, meta = paginate(rows, params, 50)
    selection = ADMIN.select("variant", first(params, "fields"))
    vc = ViewContext(_store(), admin=True)
    views = [_project(variant_view(v, p, selection, vc), selection) for v, p in page_pairs(page)]
    return json_response({"variants": views, **meta})


def _variant_rows(params: dict[str, list[str]]) -> list[dict[str, Any]]:
    store = _store()
    if params.get("id"):  # the common case (event consumers): go through the variant index
        found = (variant_by_id(store, vid) for vid in params["id"])
        pairs = [pair for pair in found if pair is not None]
    else:
        pairs = [(v, p) for p in store.all(KIND_PRODUCT) for v in p["variants"]]
    rows = [{**v, "_product": p} for v, p in pairs]
    for name in ("sku", "product_id"):
        if params.get(name):
            rows = [r for r in rows if r.get(name) in set(params[name])]
    query = first(params, "q")
    if query:
        rows = [r for r in rows if query.lower() in f"{r.get('title')} {r.get('sku')}".lower()]
    return rows


def page_pairs(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Split rows made by ``_variant_rows`` back into (variant, product) pairs."""
    return [({k: v for k, v in r.items() if k != "_product"}, r["_product"]) for r in rows]


def _project(view: dict[str, Any], selection: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = project(view, selection)
    return result
