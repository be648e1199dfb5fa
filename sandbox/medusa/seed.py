"""Load a demo catalog (sandbox/seed catalog format) into the Medusa stand-in, without events.

Creates the store, the "Python Storefront" sales channel with the configured publishable key, the
secret API key, the admin user, regions with tax rates, the "Main Warehouse" stock location,
shipping options, collections, categories, tags, types and products with options, variants,
prices and stock. Every id derives from a stable key (handle, SKU, name): see ids.seeded_id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.medusa import product_writes
from sandbox.medusa.common import (
    KIND_API_KEY,
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_PICTURE,
    KIND_REGION,
    KIND_SALES_CHANNEL,
    KIND_SHIPPING_OPTION,
    KIND_STOCK_LOCATION,
    KIND_STORE,
    KIND_TAG,
    KIND_TYPE,
    KIND_USER,
)
from sandbox.medusa.ids import now_iso, seeded_id
from sandbox.store import Store

if TYPE_CHECKING:
    from sandbox.server import SandboxContext

CHANNEL_NAME = "Python Storefront"
LOCATION_NAME = "Main Warehouse"
_ADDRESS = {
    "address_1": "Calle Mayor 1",
    "address_2": None,
    "company": None,
    "city": "Madrid",
    "country_code": "es",
    "phone": None,
    "province": None,
    "postal_code": None,
    "metadata": None,
}


def _stamps(now: str) -> dict[str, Any]:
    return {"created_at": now, "updated_at": now, "deleted_at": None}


def load(context: SandboxContext, catalog: dict[str, Any]) -> dict[str, str]:
    """Seed everything; returns handle -> product id."""
    store, config, now = context.store, context.config, now_iso()
    with store.transaction():
        location_id = _location(store, now)
        channel_id = _channel(store, location_id, now)
        _keys(store, config.publishable_key, config.api_key, channel_id, now)
        store.put(
            KIND_USER,
            seeded_id("user", config.admin_email),
            {"id": seeded_id("user", config.admin_email), "email": config.admin_email},
        )
        currencies = _regions(store, catalog.get("regions", []), now)
        store.put(
            KIND_STORE,
            seeded_id("store", "default"),
            {
                "id": seeded_id("store", "default"),
                "name": "Medusa Store",
                "supported_currencies": currencies,
                "default_sales_channel_id": channel_id,
            },
        )
        _shipping(store, catalog.get("shipping_options", []), location_id, now)
        _simple(store, catalog, now)
        return _products(context, catalog, channel_id, location_id)


def _location(store: Store, now: str) -> str:
    location_id = seeded_id("sloc", LOCATION_NAME)
    address = {"id": seeded_id("laddr", LOCATION_NAME), **_ADDRESS, **_stamps(now)}
    store.put(
        KIND_STOCK_LOCATION,
        location_id,
        {
            "id": location_id,
            "name": LOCATION_NAME,
            "address_id": address["id"],
            "address": address,
            "metadata": None,
            **_stamps(now),
        },
    )
    return location_id


def _channel(store: Store, location_id: str, now: str) -> str:
    channel_id = seeded_id("sc", CHANNEL_NAME)
    store.put(
        KIND_SALES_CHANNEL,
        channel_id,
        {
            "id": channel_id,
            "name": CHANNEL_NAME,
            "description": "Channel used by the Python storefront",
            "is_disabled": False,
            "metadata": None,
            **_stamps(now),
            "stock_location_ids": [location_id],
        },
    )
    return channel_id


def _keys(store: Store, publishable: str, secret: str, channel_id: str, now: str) -> None:
    for token, kind, title in (
        (publishable, "publishable", "Python Storefront Key"),
        (secret, "secret", "Python Storefront Admin Key"),
    ):
        key_id = seeded_id("apk", kind, token)
        redacted = token if kind == "publishable" else f"{token[:6]}***{token[-3:]}"
        store.put(
            KIND_API_KEY,
            key_id,
            {
                "id": key_id,
                "token": token,
                "redacted": redacted,
                "title": title,
                "type": kind,
                "last_used_at": None,
                "created_by": "",
                "revoked_by": None,
                "revoked_at": None,
                **_stamps(now),
                "sales_channel_ids": [channel_id] if kind == "publishable" else [],
            },
        )


def _regions(store: Store, regions: list[dict[str, Any]], now: str) -> list[str]:
    for region in regions:
        region_id = seeded_id("reg", region["key"])
        store.put(
            KIND_REGION,
            region_id,
            {
                "id": region_id,
                "name": region["name"],
                "currency_code": region["currency_code"],
                "created_at": now,
                "updated_at": now,
                "deleted_at": None,
                "metadata": None,
                "automatic_taxes": True,
                "countries": [c.lower() for c in region["countries"]],
                "tax_rates": {c.lower(): r for c, r in region.get("tax_rates", {}).items()},
                "payment_providers": region.get("payment_providers", ["pp_system_default"]),
            },
        )
    return [region["currency_code"] for region in regions]


def _shipping(store: Store, options: list[dict[str, Any]], location_id: str, now: str) -> None:
    for option in options:
        name, so_id = option["name"], seeded_id("so", option["name"])
        location = store.get(KIND_STOCK_LOCATION, location_id) or {}
        prices = [
            {
                "id": seeded_id("price", so_id, cur),
                "currency_code": cur,
                "amount": str(amount),
                "min_quantity": None,
                "max_quantity": None,
                "created_at": now,
                "updated_at": now,
            }
            for cur, amount in option.get("prices", {}).items()
        ]
        zone = {
            "fulfillment_set_id": seeded_id("fuset", LOCATION_NAME),
            "id": seeded_id("serzo", LOCATION_NAME),
            "fulfillment_set": {
                "type": "shipping",
                "id": seeded_id("fuset", LOCATION_NAME),
                "location": {"id": location_id, "address": location.get("address")},
            },
        }
        store.put(
            KIND_SHIPPING_OPTION,
            so_id,
            {
                "id": so_id,
                "name": name,
                "price_type": "flat",
                "service_zone_id": zone["id"],
                "shipping_profile_id": seeded_id("sp", "default"),
                "provider_id": "manual_manual",
                "service_zone": zone,
                "price_set_id": seeded_id("pset", so_id),
                "prices": prices,
                "type": {
                    "id": seeded_id("sotype", name),
                    "label": option.get("label", "Standard"),
                    "description": option.get("description", "Ships in 2-3 days"),
                    "code": option.get("code", "standard"),
                },
            },
        )


def _simple(store: Store, catalog: dict[str, Any], now: str) -> None:
    for item in catalog.get("collections", []):
        pcol = seeded_id("pcol", item["handle"])
        store.put(
            KIND_COLLECTION,
            pcol,
            {
                "id": pcol,
                "title": item["title"],
                "handle": item["handle"],
                "external_id": None,
                "metadata": None,
                **_stamps(now),
            },
        )
    for kind, prefix, values in (
        (KIND_TAG, "ptag", catalog.get("tags", [])),
        (KIND_TYPE, "ptyp", catalog.get("types", [])),
    ):
        for value in values:
            record_id = seeded_id(prefix, value)
            store.put(
                kind,
                record_id,
                {
                    "id": record_id,
                    "value": value,
                    "external_id": None,
                    "metadata": None,
                    **_stamps(now),
                },
            )
    _categories(store, catalog.get("categories", []), now)


def _categories(store: Store, categories: list[dict[str, Any]], now: str) -> None:
    parents = {c["handle"]: c.get("parent") for c in categories}
    ranks: dict[str | None, int] = {}
    for category in categories:
        chain: list[str] = []
        handle = category["handle"]
        while handle is not None:
            chain.insert(0, seeded_id("pcat", handle))
            handle = parents.get(handle)
        parent = category.get("parent")
        rank = ranks[parent] = ranks.get(parent, -1) + 1
        store.put(
            KIND_CATEGORY,
            chain[-1],
            {
                "id": chain[-1],
                "name": category["name"],
                "description": category.get("description", f"{category['name']} category"),
                "handle": category["handle"],
                "mpath": ".".join(chain),
                "is_active": True,
                "is_internal": False,
                "rank": rank,
                "external_id": None,
                "metadata": None,
                "parent_category_id": seeded_id("pcat", parent) if parent else None,
                **_stamps(now),
            },
        )


def _products(
    context: SandboxContext, catalog: dict[str, Any], channel_id: str, location_id: str
) -> dict[str, str]:
    handles: dict[str, str] = {}
    for product in catalog.get("products", []):
        body = product_body(product, context.config.medusa_url, channel_id)
        stock = {v["sku"]: {location_id: v.get("inventory", 0)} for v in product["variants"]}
        doc = product_writes.create_product(context.store, body, seeded_id, stock)
        handles[product["handle"]] = doc["id"]
        if product.get("picture"):
            picture = {"title": product["title"], "picture": product["picture"]}
            context.store.put(KIND_PICTURE, product["handle"], picture)
    return handles


def product_body(product: dict[str, Any], medusa_url: str, channel_id: str) -> dict[str, Any]:
    """A catalog product as an Admin API create body (ids resolved from handles and values)."""
    keys = (
        "title",
        "subtitle",
        "description",
        "handle",
        "status",
        "material",
        "weight",
        "origin_country",
        "metadata",
    )
    body: dict[str, Any] = {key: product[key] for key in keys if product.get(key) is not None}
    if product.get("picture"):
        url = f"{medusa_url.rstrip('/')}/static/{product['handle']}.svg"
        body.update(thumbnail=url, images=[{"url": url}])
    if product.get("collection"):
        body["collection_id"] = seeded_id("pcol", product["collection"])
    if product.get("type"):
        body["type_id"] = seeded_id("ptyp", product["type"])
    body["categories"] = [{"id": seeded_id("pcat", h)} for h in product.get("categories", [])]
    body["tags"] = [{"id": seeded_id("ptag", t)} for t in product.get("tags", [])]
    body["sales_channels"] = [{"id": channel_id}]
    body["options"] = product.get("options") or None
    body["variants"] = [_variant_body(v) for v in product["variants"]]
    return {key: value for key, value in body.items() if value is not None}


def _variant_body(variant: dict[str, Any]) -> dict[str, Any]:
    keys = ("title", "sku", "options", "manage_inventory", "allow_backorder", "weight")
    body = {key: variant[key] for key in keys if variant.get(key) is not None}
    body["prices"] = [{"currency_code": c, "amount": a} for c, a in variant["prices"].items()]
    return body
