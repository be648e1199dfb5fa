"""Seed a real Medusa 2.21 with the sandbox's demo catalog, through the Admin API, idempotently.

Usage: ``python integrations/medusa/seed.py --url http://127.0.0.1:9300 --env-file .run/medusa.env``

Every object is looked up by its name, handle or SKU first and created only when missing, so a
second run writes nothing. The catalog is the sandbox's own (``sandbox.seed.catalog``), so the
contract tests compare the same data on both servers. Writes the URL, the publishable key and a
secret admin API key (kept across runs while it still authenticates) to the env file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from sandbox.seed.catalog import CATALOG  # noqa: E402  (the repository root is now importable)

CHANNEL = "Python Storefront"
KEY_TITLE = "Python Storefront Key"
SECRET_TITLE = "storefront contract tests"  # noqa: S105 (a title, not a secret)
LOCATION = "Main Warehouse"
ADDRESS = {"address_1": "Calle Mayor 1", "city": "Madrid", "country_code": "es"}
PROVIDER = "manual_manual"
PAYMENT = "pp_system_default"
Record = dict[str, Any]


class Admin:
    """A small Admin API client authenticated with the admin user's JWT."""

    def __init__(self, url: str, email: str, password: str) -> None:
        """Log in (``POST /auth/user/emailpass``) and keep the token."""
        self.http = httpx.Client(base_url=url, timeout=60.0)
        self.writes = 0
        token = self.call("POST", "/auth/user/emailpass", {"email": email, "password": password})
        self.http.headers["Authorization"] = f"Bearer {token['token']}"
        self.writes = 0  # the login is not a write

    def call(self, method: str, path: str, body: Record | None = None, **params: Any) -> Record:
        """One request; any status >= 400 stops the seed with Medusa's message."""
        response = self.http.request(method, path, json=body, params=params or None)
        if response.status_code >= 400:
            raise SystemExit(f"seed: {method} {path} -> {response.status_code}: {response.text}")
        if method != "GET":
            self.writes += 1
        return dict(response.json())

    def records(self, path: str, key: str, **params: Any) -> list[Record]:
        """Every record of a list route (one page of 1000 is plenty for the demo)."""
        return list(self.call("GET", path, limit=1000, **params)[key])

    def find(self, path: str, key: str, field: str, value: str, **params: Any) -> Record | None:
        """The record whose `field` equals `value`, if any."""
        return next((r for r in self.records(path, key, **params) if r.get(field) == value), None)

    def ensure(self, path: str, key: str, field: str, body: Record) -> Record:
        """The record named by ``body[field]``, created with `body` when missing.

        `key` is the created record's key; the list route's is its plural (``-y`` -> ``-ies``).
        """
        plural = f"{key[:-1]}ies" if key.endswith("y") else f"{key}s"
        found = self.find(path, plural, field, body[field])
        return found or self.call("POST", path, body)[key]


def store(admin: Admin, channel_id: str) -> None:
    """EUR (default) and USD, and our channel as the store's default."""
    current = admin.records("/admin/stores", "stores")[0]
    currencies = sorted(c["currency_code"] for c in current.get("supported_currencies") or [])
    if currencies != ["eur", "usd"] or current.get("default_sales_channel_id") != channel_id:
        body = {
            "supported_currencies": [
                {"currency_code": "eur", "is_default": True},
                {"currency_code": "usd"},
            ],
            "default_sales_channel_id": channel_id,
        }
        admin.call("POST", f"/admin/stores/{current['id']}", body)


def channel(admin: Admin) -> str:
    """Our sales channel as the store's only one (Medusa's default is deleted, like the sandbox)."""
    ours = admin.ensure("/admin/sales-channels", "sales_channel", "name", {"name": CHANNEL})
    store(admin, ours["id"])
    for other in admin.records("/admin/sales-channels", "sales_channels"):
        if other["id"] != ours["id"]:
            admin.call("DELETE", f"/admin/sales-channels/{other['id']}")
    return str(ours["id"])


def publishable_key(admin: Admin, channel_id: str) -> str:
    """The publishable key, linked to the channel."""
    key = admin.find("/admin/api-keys", "api_keys", "title", KEY_TITLE, type="publishable")
    if key is None:
        key = admin.call("POST", "/admin/api-keys", {"title": KEY_TITLE, "type": "publishable"})
        key = key["api_key"]
        admin.call("POST", f"/admin/api-keys/{key['id']}/sales-channels", {"add": [channel_id]})
    return str(key["token"])


def secret_key(admin: Admin, url: str, saved: Path) -> str:
    """A secret key for HTTP Basic; Medusa shows its token once, so it is kept in `saved`."""
    if saved.exists():
        token = saved.read_text().strip()
        probe = httpx.get(f"{url}/admin/stores", auth=(token, ""), timeout=10.0)
        if probe.status_code == 200:
            return token
    created = admin.call("POST", "/admin/api-keys", {"title": SECRET_TITLE, "type": "secret"})
    token = str(created["api_key"]["token"])
    saved.write_text(token + "\n")
    return token


def regions(admin: Admin) -> None:
    """The catalog's regions with the system payment provider, and their tax regions."""
    for region in CATALOG["regions"]:
        body = {
            "name": region["name"],
            "currency_code": region["currency_code"],
            "countries": region["countries"],
            "payment_providers": [PAYMENT],
        }
        admin.ensure("/admin/regions", "region", "name", body)
        for country, rate in region["tax_rates"].items():
            tax_region(admin, country, rate)


def tax_region(admin: Admin, country: str, rate: float) -> None:
    """A tax region with a default rate, as Medusa's own seed script makes them."""
    if admin.records("/admin/tax-regions", "tax_regions", country_code=country):
        return
    body = {
        "country_code": country,
        "provider_id": "tp_system",
        "default_tax_rate": {"rate": rate, "name": f"{country.upper()} VAT", "code": country},
    }
    admin.call("POST", "/admin/tax-regions", body)


def location(admin: Admin, channel_id: str) -> str:
    """The stock location, linked to the channel and the manual fulfillment provider."""
    found = admin.find("/admin/stock-locations", "stock_locations", "name", LOCATION)
    if found is not None:
        return str(found["id"])
    created = admin.call("POST", "/admin/stock-locations", {"name": LOCATION, "address": ADDRESS})
    location_id = str(created["stock_location"]["id"])
    base = f"/admin/stock-locations/{location_id}"
    admin.call("POST", f"{base}/sales-channels", {"add": [channel_id]})
    admin.call("POST", f"{base}/fulfillment-providers", {"add": [PROVIDER]})
    return location_id


def service_zone(admin: Admin, location_id: str) -> str:
    """The shipping fulfillment set's service zone covering every region's countries."""
    fields = "*fulfillment_sets,*fulfillment_sets.service_zones"
    got = admin.call("GET", f"/admin/stock-locations/{location_id}", fields=fields)
    sets = got["stock_location"].get("fulfillment_sets") or []
    if not sets:
        body: Record = {"name": f"{LOCATION} delivery", "type": "shipping"}
        path = f"/admin/stock-locations/{location_id}/fulfillment-sets"
        sets = admin.call("POST", path, body, fields=fields)["stock_location"]["fulfillment_sets"]
    zones = sets[0].get("service_zones") or []
    if zones:
        return str(zones[0]["id"])
    countries = [c for r in CATALOG["regions"] for c in r["countries"]]
    geo_zones = [{"type": "country", "country_code": c} for c in countries]
    body = {"name": "Europe and US", "geo_zones": geo_zones}
    created = admin.call("POST", f"/admin/fulfillment-sets/{sets[0]['id']}/service-zones", body)
    zone = created["fulfillment_set"]["service_zones"][0]
    return str(zone["id"])


def shipping(admin: Admin, location_id: str) -> str:
    """The catalog's flat shipping options; the default shipping profile's id."""
    profile = admin.records("/admin/shipping-profiles", "shipping_profiles")[0]["id"]
    zone = service_zone(admin, location_id)
    for option in CATALOG["shipping_options"]:
        if admin.find("/admin/shipping-options", "shipping_options", "name", option["name"]):
            continue
        code = option["name"].lower().replace(" ", "-")
        body = {
            "name": option["name"],
            "price_type": "flat",
            "provider_id": PROVIDER,
            "service_zone_id": zone,
            "shipping_profile_id": profile,
            "type": {"label": option["name"], "description": option["name"], "code": code},
            "prices": [{"currency_code": c, "amount": a} for c, a in option["prices"].items()],
            "rules": [
                {"attribute": "enabled_in_store", "value": "true", "operator": "eq"},
                {"attribute": "is_return", "value": "false", "operator": "eq"},
            ],
        }
        admin.call("POST", "/admin/shipping-options", body)
    return str(profile)


def taxonomy(admin: Admin) -> dict[str, dict[str, str]]:
    """Collections, categories (parents first), tags and types: name -> id per kind."""
    ids: dict[str, dict[str, str]] = {"collection": {}, "category": {}, "tag": {}, "type": {}}
    for c in CATALOG["collections"]:
        body = {"title": c["title"], "handle": c["handle"]}
        found = admin.ensure("/admin/collections", "collection", "handle", body)
        ids["collection"][c["handle"]] = found["id"]
    for c in CATALOG["categories"]:
        body = {"name": c["name"], "handle": c["handle"], "is_active": True}
        if c["parent"]:
            body["parent_category_id"] = ids["category"][c["parent"]]
        found = admin.ensure("/admin/product-categories", "product_category", "handle", body)
        ids["category"][c["handle"]] = found["id"]
    for kind, path in (("tag", "product-tags"), ("type", "product-types")):
        for value in CATALOG[f"{kind}s"]:
            found = admin.ensure(f"/admin/{path}", f"product_{kind}", "value", {"value": value})
            ids[kind][value] = found["id"]
    return ids


def product_body(
    product: Record, ids: dict[str, dict[str, str]], channel_id: str, profile: str
) -> Record:
    """The ``POST /admin/products`` body of one catalog product."""
    facts = {k: product[k] for k in ("handle", "title", "subtitle", "description", "status")}
    return {
        **facts,
        "material": product.get("material"),
        "weight": product.get("weight"),
        "type_id": ids["type"][product["type"]],
        "collection_id": ids["collection"][product["collection"]],
        "categories": [{"id": ids["category"][c]} for c in product.get("categories", [])],
        "tags": [{"id": ids["tag"][t]} for t in product.get("tags", [])],
        "sales_channels": [{"id": channel_id}],
        "shipping_profile_id": profile,
        "options": product["options"],
        "variants": [
            {
                "title": v["title"],
                "sku": v["sku"],
                "manage_inventory": v["manage_inventory"],
                "options": v["options"],
                "prices": [{"currency_code": c, "amount": a} for c, a in v["prices"].items()],
            }
            for v in product["variants"]
        ],
    }


def products(admin: Admin, channel_id: str, location_id: str, profile: str) -> None:
    """Every catalog product missing by handle, then its stock at the location."""
    ids = taxonomy(admin)
    existing = {p["handle"] for p in admin.records("/admin/products", "products", fields="handle")}
    for product in CATALOG["products"]:
        if product["handle"] in existing:
            continue
        body = product_body(product, ids, channel_id, profile)
        created = admin.call("POST", "/admin/products", body)
        stock(admin, created["product"]["id"], product["variants"], location_id)


def stock(admin: Admin, product_id: str, variants: Iterable[Record], location_id: str) -> None:
    """Set the catalog's stock on each managed variant's inventory item."""
    fields = "*variants,*variants.inventory_items"
    got = admin.call("GET", f"/admin/products/{product_id}", fields=fields)["product"]
    by_sku = {v["sku"]: v for v in got["variants"]}
    for variant in variants:
        items = by_sku[variant["sku"]].get("inventory_items") or []
        if not variant["manage_inventory"] or not items:
            continue
        path = f"/admin/inventory-items/{items[0]['inventory_item_id']}/location-levels"
        body = {"location_id": location_id, "stocked_quantity": variant["inventory"]}
        admin.call("POST", path, body)


def main(argv: list[str] | None = None) -> None:
    """Seed and write the env file the tests read."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default="supersecret")
    parser.add_argument("--events-redis-url", default="")
    parser.add_argument("--env-file", type=Path, required=True)
    args = parser.parse_args(argv)
    admin = Admin(args.url, args.email, args.password)
    channel_id = channel(admin)
    key = publishable_key(admin, channel_id)
    regions(admin)
    location_id = location(admin, channel_id)
    profile = shipping(admin, location_id)
    products(admin, channel_id, location_id, profile)
    secret = secret_key(admin, args.url, args.env_file.with_name("secret_key"))
    lines = {
        "REAL_MEDUSA_URL": args.url,
        "REAL_MEDUSA_PUBLISHABLE_KEY": key,
        "REAL_MEDUSA_API_KEY": secret,
        "REAL_MEDUSA_EVENTS_REDIS_URL": args.events_redis_url,
    }
    args.env_file.write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
    print(f"seed: {admin.writes} writes", file=sys.stderr)


if __name__ == "__main__":
    main()
