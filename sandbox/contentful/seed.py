"""The demo catalog in Contentful: locales, the ``product`` content type, pictures and entries.

Written straight to the store (no webhooks, no rate limit) in the shapes the CMA itself stores:
the content type activated, one processed picture Asset and one published Entry per product that
has ``content``, the entry id being the Medusa product id as the sync would have made it.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sandbox.contentful import entities as ent
from sandbox.contentful.asset_files import file_key, file_url
from sandbox.contentful.common import (
    KIND_ASSET,
    KIND_CONTENT_TYPE,
    KIND_ENTRY,
    KIND_FILE,
    KIND_LOCALE,
    link,
    new_id,
)
from sandbox.contentful.validation import content_type_fields
from sandbox.seed.images import picture_name, picture_svg

if TYPE_CHECKING:
    from sandbox.server import SandboxContext

PRODUCT_TYPE = "product"
_ASSET_LINK = {"type": "Link", "linkType": "Asset"}
PRODUCT_FIELDS: list[dict[str, Any]] = [
    {"id": "medusaId", "name": "Medusa ID", "type": "Symbol", "required": True},
    {"id": "handle", "name": "Handle", "type": "Symbol"},
    {"id": "title", "name": "Title", "type": "Symbol", "localized": True, "required": True},
    {"id": "subtitle", "name": "Subtitle", "type": "Symbol", "localized": True},
    {"id": "description", "name": "Description", "type": "Text", "localized": True},
    {"id": "thumbnail", "name": "Thumbnail", "type": "Symbol"},
    {"id": "weight", "name": "Weight", "type": "Number"},
    {"id": "richDescription", "name": "Rich description", "type": "RichText", "localized": True},
    {"id": "seoTitle", "name": "SEO title", "type": "Symbol", "localized": True},
    {"id": "seoDescription", "name": "SEO description", "type": "Text", "localized": True},
    {"id": "careInstructions", "name": "Care instructions", "type": "Text", "localized": True},
    {"id": "images", "name": "Images", "type": "Array", "localized": True,
     "items": {"type": "Link", "linkType": "Asset", "validations": []}},
    {"id": "heroImage", "name": "Hero image", "type": "Link", "linkType": "Asset"},
]  # fmt: skip


class _Seeder:
    def __init__(self, context: SandboxContext) -> None:
        config = context.config
        self.store, self.space, self.env = context.store, config.space_id, config.environment
        self.cda_host = urlsplit(config.cda_url).netloc
        self.medusa_url = config.medusa_url.rstrip("/")

    def sys(self, type_: str, id: str, version: int = 1) -> dict[str, Any]:
        return ent.new_sys(type_, id, self.space, self.env, version)

    def publish(self, kind: str, doc: dict[str, Any]) -> None:
        done = ent.published(doc)
        self.store.put(kind, done["sys"]["id"], done, published=done)


def load(context: SandboxContext, catalog: dict[str, Any], product_ids: dict[str, str]) -> None:
    """Seed the catalog's locales, the product type, and a picture and entry per product."""
    seeder = _Seeder(context)
    default = _locales(seeder, catalog.get("locales", []))
    _content_type(seeder)
    for product in catalog.get("products", []):
        if product.get("content") and product["handle"] in product_ids:
            asset_id = _asset(seeder, product, product_ids[product["handle"]], default)
            _entry(seeder, product, product_ids[product["handle"]], asset_id, default)


def _locales(seeder: _Seeder, locales: list[dict[str, Any]]) -> str:
    for locale in locales:
        doc = {"name": locale["name"], "internal_code": locale["code"], "code": locale["code"]}
        doc.update(fallbackCode=locale.get("fallbackCode"), default=bool(locale.get("default")))
        # Translations are partial: only the default locale's values are required on publish.
        doc.update(contentManagementApi=True, contentDeliveryApi=True, optional=not doc["default"])
        doc["sys"] = seeder.sys("Locale", new_id(), version=0)
        seeder.store.put(KIND_LOCALE, doc["sys"]["id"], doc)
    return next((loc["code"] for loc in locales if loc.get("default")), "en-US")


def _content_type(seeder: _Seeder) -> None:
    doc: dict[str, Any] = {
        "name": "Product",
        "description": "A Medusa product's content, per locale.",
    }
    doc.update(displayField="title", fields=content_type_fields(PRODUCT_FIELDS))
    doc["sys"] = seeder.sys("ContentType", PRODUCT_TYPE)
    seeder.publish(KIND_CONTENT_TYPE, doc)


def _asset(seeder: _Seeder, product: dict[str, Any], entry_id: str, default: str) -> str:
    asset_id = f"{entry_id}-picture"
    name, data = picture_name(product["handle"]), picture_svg(product)
    encoded = base64.b64encode(data).decode()
    seeder.store.put(
        KIND_FILE, file_key(asset_id, name), {"contentType": "image/svg+xml", "data": encoded}
    )
    file: dict[str, Any] = {
        "url": file_url(seeder.cda_host, seeder.space, asset_id, name),
        "fileName": name,
    }
    file.update(contentType="image/svg+xml")
    file["details"] = {"size": len(data), "image": {"width": 800, "height": 800}}
    fields = {"title": {default: product["title"]}, "file": {default: file}}
    seeder.publish(KIND_ASSET, {"fields": fields, "sys": seeder.sys("Asset", asset_id)})
    return asset_id


def _entry(
    seeder: _Seeder, product: dict[str, Any], entry_id: str, asset_id: str, default: str
) -> None:
    fields: dict[str, dict[str, Any]] = {}
    for locale, values in product["content"].items():
        for field_id, value in values.items():
            fields.setdefault(field_id, {})[locale] = value
    base = {"medusaId": entry_id, "handle": product["handle"], "weight": product.get("weight")}
    base["thumbnail"] = f"{seeder.medusa_url}/static/{picture_name(product['handle'])}"
    for field_id, value in base.items():
        if value is not None:
            fields[field_id] = {default: value}
    picture = {"sys": {**_ASSET_LINK, "id": asset_id}}
    fields["heroImage"] = {default: picture}
    fields["images"] = {default: [picture]}
    sys = seeder.sys("Entry", entry_id)
    sys["contentType"] = link("ContentType", PRODUCT_TYPE)
    seeder.publish(KIND_ENTRY, {"fields": fields, "sys": sys})
