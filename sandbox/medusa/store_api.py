"""The Store API (``/store/*``): regions, products, collections, categories, carts, shipping.

Every route needs the ``x-publishable-api-key`` header; the key scopes products to its sales
channels and gives new carts their channel.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, request

from sandbox.medusa import carts, listing
from sandbox.medusa.blueprints import current_store
from sandbox.medusa.cart_fields import selection, shown
from sandbox.medusa.cart_view import cart_view
from sandbox.medusa.common import (
    KIND_API_KEY,
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_PRODUCT,
    KIND_REGION,
    KIND_SALES_CHANNEL,
    KIND_SHIPPING_OPTION,
    MedusaError,
    body_json,
    check_params,
    first,
    invalid,
    json_response,
    not_found,
    paginate,
    query_params,
)
from sandbox.medusa.fields import Selection, project, wants
from sandbox.medusa.pricing import PricingContext
from sandbox.medusa.products import ViewContext, product_view
from sandbox.medusa.regions import region_view
from sandbox.medusa.schemas import STORE
from sandbox.medusa.shipping import option_view

bp = Blueprint("medusa_store", __name__, url_prefix="/store")

_PRICING = {"region_id", "country_code", "province", "cart_id"}
_PRODUCT_PARAMS = listing.PAGING | listing.PRODUCT_FILTERS | _PRICING
_MISSING_KEY = (
    "Publishable API key required in the request header: x-publishable-api-key. "
    "You can manage your keys in settings in the dashboard."
)


_store = current_store


@bp.before_request
def require_publishable_key() -> None:
    """Refuse a Store API request without a valid publishable key (Medusa's 400s)."""
    token = request.headers.get("x-publishable-api-key")
    if not token:
        raise MedusaError(400, "not_allowed", _MISSING_KEY)
    key = next((k for k in _store().all(KIND_API_KEY) if k["token"] == token), None)
    if key is None or key["type"] != "publishable" or key.get("revoked_at"):
        raise MedusaError(
            400, "not_allowed", "A valid publishable key is required to proceed with the request"
        )
    g.channel_ids = key.get("sales_channel_ids", [])


# --- regions ----------------------------------------------------------------------------------


@bp.get("/regions")
def list_regions() -> Response:
    """``GET /store/regions``."""
    params = query_params()
    check_params(params, listing.PAGING | {"id", "name", "currency_code", "q"})
    regions = listing.apply(
        _store().all(KIND_REGION), listing.simple_filters(params, ("id", "name", "currency_code"))
    )
    page, meta = paginate(regions, params, 50)
    selection = STORE.select("region", first(params, "fields"))
    return json_response({"regions": [project(region_view(r), selection) for r in page], **meta})


@bp.get("/regions/<region_id>")
def get_region(region_id: str) -> Response:
    """``GET /store/regions/{id}``."""
    params = query_params()
    check_params(params, {"fields"})
    region = _store().get(KIND_REGION, region_id)
    if region is None:
        raise not_found(f"Region with id: {region_id} was not found")
    selection = STORE.select("region", first(params, "fields"))
    return json_response({"region": project(region_view(region), selection)})


# --- products ---------------------------------------------------------------------------------


def _visible(products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    channels = set(g.channel_ids)
    return [
        p
        for p in products
        if p["status"] == "published" and channels.intersection(p["sales_channel_ids"])
    ]


def _view_context(params: dict[str, list[str]], selection: Selection) -> ViewContext:
    store = _store()
    locations: list[str] = []
    for channel_id in g.channel_ids:
        channel = store.get(KIND_SALES_CHANNEL, channel_id) or {}
        locations.extend(channel.get("stock_location_ids", []))
    return ViewContext(store, pricing=_pricing(params, selection), location_ids=locations)


def _pricing(params: dict[str, list[str]], selection: Selection) -> PricingContext | None:
    # Medusa only resolves a pricing context when calculated prices are asked for.
    if not wants(selection, "variants", "calculated_price"):
        return None
    region_id, country = first(params, "region_id"), first(params, "country_code")
    cart_id = first(params, "cart_id")
    if cart_id and not region_id:
        cart = carts.get_cart(_store(), cart_id)
        region_id = cart["region_id"]
        country = country or (cart.get("shipping_address") or {}).get("country_code")
    if not region_id:
        if country:
            raise invalid("Missing required pricing context to calculate prices - region_id")
        return None
    region = _store().get(KIND_REGION, region_id)
    if region is None:
        raise not_found(f"Region with id: {region_id} was not found")
    return PricingContext(region, country.lower() if country else None)


@bp.get("/products")
def list_products() -> Response:
    """``GET /store/products``: filters, pagination, ``fields``, prices for a region."""
    params = query_params()
    check_params(params, _PRODUCT_PARAMS)
    params.pop("status", None)  # the Store API only ever shows published products
    products = listing.apply(_visible(_store().all(KIND_PRODUCT)), listing.product_filters(params))
    page, meta = paginate(products, params, 50)
    selection = STORE.select("product", first(params, "fields"))
    vc = _view_context(params, selection)
    return json_response({"products": [product_view(p, selection, vc) for p in page], **meta})


@bp.get("/products/<product_id>")
def get_product(product_id: str) -> Response:
    """``GET /store/products/{id}``."""
    params = query_params()
    check_params(params, {"fields"} | _PRICING)
    product = _store().get(KIND_PRODUCT, product_id)
    if product is None or not _visible([product]):
        raise not_found(f"Product with id: {product_id} was not found")
    selection = STORE.select("product", first(params, "fields"))
    # Medusa's retrieve route filters on categories.is_internal, which leaks into its output.
    selection.setdefault("categories", {"is_internal": None})
    vc = _view_context(params, selection)
    return json_response({"product": product_view(product, selection, vc)})


# --- collections and categories ---------------------------------------------------------------


@bp.get("/collections")
def list_collections() -> Response:
    """``GET /store/collections`` (default limit 10, as Medusa)."""
    params = query_params()
    check_params(params, listing.PAGING | {"id", "handle", "title", "q"})
    checks = listing.simple_filters(params, ("id", "handle", "title"))
    page, meta = paginate(listing.apply(_store().all(KIND_COLLECTION), checks), params, 10)
    selection = STORE.select("collection_list", first(params, "fields"))
    return json_response({"collections": project(page, selection), **meta})


@bp.get("/collections/<collection_id>")
def get_collection(collection_id: str) -> Response:
    """``GET /store/collections/{id}``."""
    params = query_params()
    check_params(params, {"fields"})
    collection = _store().get(KIND_COLLECTION, collection_id)
    if collection is None:
        raise not_found(f"Collection with id: {collection_id} was not found")
    selection = STORE.select("collection_list", first(params, "fields"))
    return json_response({"collection": project(collection, selection)})


_CATEGORY_PARAMS = {"id", "handle", "name", "q", "parent_category_id", "include_descendants_tree"}


@bp.get("/product-categories")
def list_categories() -> Response:
    """``GET /store/product-categories``."""
    params = query_params()
    check_params(params, listing.PAGING | _CATEGORY_PARAMS | {"include_ancestors_tree"})
    categories = [c for c in _store().all(KIND_CATEGORY) if c["is_active"] and not c["is_internal"]]
    checks = listing.simple_filters(params, ("id", "handle", "name", "parent_category_id"))
    page, meta = paginate(listing.apply(categories, checks), params, 50)
    selection = STORE.select("category_list", first(params, "fields"))
    if first(params, "include_descendants_tree") == "true":
        views = [descendants(c, categories) for c in page]
        selection.pop("parent_category", None)  # Medusa leaves the parent out of a tree
        if "category_children" in selection:
            selection["category_children"] = _tree_selection()
    else:
        views = [category_tree(c, categories) for c in page]
    return json_response({"product_categories": project(views, selection), **meta})


def _tree_selection() -> dict[str, Any]:
    """Every level of a descendants tree shows the nested fields and its own children."""
    nested = STORE.default("category_nested")
    nested["category_children"] = nested  # a cycle: `project` stops at the empty leaves
    return nested


def descendants(category: dict[str, Any], everything: list[dict[str, Any]]) -> dict[str, Any]:
    """A category with its children, their children and so on."""
    children = [c for c in everything if c["parent_category_id"] == category["id"]]
    return {**category, "category_children": [descendants(c, everything) for c in children]}


@bp.get("/product-categories/<category_id>")
def get_category(category_id: str) -> Response:
    """``GET /store/product-categories/{id}``."""
    params = query_params()
    check_params(params, {"fields", "include_ancestors_tree", "include_descendants_tree"})
    categories = _store().all(KIND_CATEGORY)
    category = next((c for c in categories if c["id"] == category_id), None)
    if category is None:
        raise not_found(f"Product category with id: {category_id} was not found")
    selection = STORE.select("category_list", first(params, "fields"))
    return json_response(
        {"product_category": project(category_tree(category, categories), selection)}
    )


def category_tree(category: dict[str, Any], everything: list[dict[str, Any]]) -> dict[str, Any]:
    """A category with its parent and direct children."""
    parent = next((c for c in everything if c["id"] == category["parent_category_id"]), None)
    children = [c for c in everything if c["parent_category_id"] == category["id"]]
    return {**category, "parent_category": parent, "category_children": children}


# --- shipping options and carts ---------------------------------------------------------------


@bp.get("/shipping-options")
def list_shipping_options() -> Response:
    """``GET /store/shipping-options?cart_id=``: the options priced in the cart's currency."""
    params = query_params()
    check_params(params, {"cart_id", "fields", "is_return"})
    cart_id = first(params, "cart_id")
    if not cart_id:
        raise invalid("Invalid request: Field 'cart_id' is required")
    store = _store()
    cart = carts.get_cart(store, cart_id)
    region = store.get(KIND_REGION, cart["region_id"]) or {}
    context = PricingContext(region)  # Medusa prints no tax amounts on shipping options
    views = (option_view(o, context) for o in store.all(KIND_SHIPPING_OPTION))
    return json_response({"shipping_options": [v for v in views if v is not None]})


def _cart_response(cart: dict[str, Any]) -> Response:
    return json_response({"cart": shown(cart_view(_store(), cart), selection())})


@bp.post("/carts")
def create_cart() -> Response:
    """``POST /store/carts`` (200, like Medusa); the channel comes from the key."""
    channel = g.channel_ids[0] if len(g.channel_ids) == 1 else None
    return _cart_response(carts.create_cart(_store(), body_json(), channel))


@bp.get("/carts/<cart_id>")
def get_cart(cart_id: str) -> Response:
    """``GET /store/carts/{id}`` (``fields`` honoured)."""
    return _cart_response(carts.get_cart(_store(), cart_id))


# Each change reads and writes its cart in one transaction: parallel requests on one cart take
# turns, as under Medusa's cart lock, so no line is lost.


@bp.post("/carts/<cart_id>")
def update_cart(cart_id: str) -> Response:
    """``POST /store/carts/{id}``: email, addresses, region."""
    store = _store()
    with store.transaction():
        cart = carts.update_cart(store, carts.get_cart(store, cart_id), body_json())
    return _cart_response(cart)


@bp.post("/carts/<cart_id>/line-items")
def add_line_item(cart_id: str) -> Response:
    """``POST /store/carts/{id}/line-items``."""
    store = _store()
    with store.transaction():
        cart = carts.add_item(store, carts.get_cart(store, cart_id), body_json())
    return _cart_response(cart)


@bp.post("/carts/<cart_id>/line-items/<line_id>")
def update_line_item(cart_id: str, line_id: str) -> Response:
    """``POST /store/carts/{id}/line-items/{line_id}``: a new quantity (0 removes the line)."""
    store = _store()
    with store.transaction():
        cart = carts.update_item(store, carts.get_cart(store, cart_id), line_id, body_json())
    return _cart_response(cart)


@bp.delete("/carts/<cart_id>/line-items/<line_id>")
def delete_line_item(cart_id: str, line_id: str) -> Response:
    """``DELETE /store/carts/{id}/line-items/{line_id}``."""
    store = _store()
    with store.transaction():
        cart = carts.delete_item(store, carts.get_cart(store, cart_id), line_id)
    parent = shown(cart_view(store, cart), selection())
    return json_response({"id": line_id, "object": "line-item", "deleted": True, "parent": parent})
