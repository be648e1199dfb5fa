"""The demo catalog in Contentful: locales, content types, pictures and entries.

Written straight to the store (no webhooks, no rate limit) in the shapes the CMA itself stores:
the ``product``, ``collection`` and ``category`` types activated, one processed picture Asset and
one published Entry per product that has ``content``, and one published entry per collection and
category, each entry id being the Medusa id as the sync would have made it.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.asset_files import file_key, file_url
from sandbox.contentful.cma.validation import content_type_fields
from sandbox.contentful.common import (
    KIND_ASSET,
    KIND_CONTENT_TYPE,
    KIND_ENTRY,
    KIND_FILE,
    KIND_LOCALE,
    link,
    new_id,
)
from sandbox.medusa.ids import seeded_id
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
    {"id": "material", "name": "Material", "type": "Symbol", "localized": True},
    {"id": "optionLabels", "name": "Option labels", "type": "Object", "localized": True},
    {"id": "richDescription", "name": "Rich description", "type": "RichText", "localized": True},
    {"id": "seoTitle", "name": "SEO title", "type": "Symbol", "localized": True},
    {"id": "seoDescription", "name": "SEO description", "type": "Text", "localized": True},
    {"id": "careInstructions", "name": "Care instructions", "type": "Text", "localized": True},
    {"id": "images", "name": "Images", "type": "Array", "localized": True,
     "items": {"type": "Link", "linkType": "Asset", "validations": []}},
    {"id": "heroImage", "name": "Hero image", "type": "Link", "linkType": "Asset"},
]  # fmt: skip
# The localized URL segment, as ``storefront sync setup`` defines it (seeded empty).
SLUG_FIELD: dict[str, Any] = {
    "id": "slug", "name": "Slug", "type": "Symbol", "localized": True,
    "validations": [
        {"regexp": {"pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "flags": None},
         "message": "Lowercase letters, digits and single hyphens (camiseta-de-algodon)."},
        {"unique": True},
    ],
}  # fmt: skip
PRODUCT_FIELDS.append(SLUG_FIELD)
TAXONOMY_FIELDS: list[dict[str, Any]] = [
    {"id": "medusaId", "name": "Medusa ID", "type": "Symbol", "required": True},
    {"id": "handle", "name": "Handle", "type": "Symbol"},
    {"id": "title", "name": "Title", "type": "Symbol", "localized": True, "required": True},
    {"id": "description", "name": "Description", "type": "Text", "localized": True},
    {"id": "seoTitle", "name": "SEO title", "type": "Symbol", "localized": True},
    {"id": "seoDescription", "name": "SEO description", "type": "Text", "localized": True},
    SLUG_FIELD,
]  # fmt: skip
PARENT_FIELD = {"id": "parent", "name": "Parent category", "type": "Link", "linkType": "Entry"}
# content type id -> (name, fields, Medusa id prefix, catalog key, Medusa's name for the title)
TAXONOMY_TYPES = {
    "collection": ("Collection", TAXONOMY_FIELDS, "pcol", "collections", "title"),
    "category": ("Category", [*TAXONOMY_FIELDS, PARENT_FIELD], "pcat", "categories", "name"),
}


class _Seeder:
    def __init__(self, context: SandboxContext) -> None:
        config = context.config
        self.store, self.space, self.env = context.store, config.space_id, config.environment
        self.cda_host = urlsplit(config.cda_url).netloc
        self.medusa_url = config.medusa_url.rstrip("/")

    def sys(self, type_: str, id: str, version: int = 1) -> dict[str, Any]:
        return lifecycle.new_sys(type_, id, self.space, self.env, version)

    def publish(self, kind: str, doc: dict[str, Any]) -> None:
        done = lifecycle.published(doc)
        self.store.put(kind, done["sys"]["id"], done, published=done)


def load(context: SandboxContext, catalog: dict[str, Any], product_ids: dict[str, str]) -> None:
    """Seed the catalog's locales, the product type, and a picture and entry per product."""
    seeder = _Seeder(context)
    default = _locales(seeder, catalog.get("locales", []))
    _content_type(seeder, PRODUCT_TYPE, "Product", PRODUCT_FIELDS)
    for type_id, (name, fields, prefix, key, title) in TAXONOMY_TYPES.items():
        _content_type(seeder, type_id, name, fields)
        for item in catalog.get(key, []):
            _taxonomy_entry(seeder, type_id, prefix, item, item[title], default)
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


def _content_type(seeder: _Seeder, type_id: str, name: str, fields: list[dict[str, Any]]) -> None:
    doc: dict[str, Any] = {
        "name": name,
        "description": f"A Medusa {type_id}'s content, per locale.",
    }
    doc.update(displayField="title", fields=content_type_fields(fields))
    doc["sys"] = seeder.sys("ContentType", type_id)
    seeder.publish(KIND_CONTENT_TYPE, doc)


def _taxonomy_entry(
    seeder: _Seeder, type_id: str, prefix: str, item: dict[str, Any], title: str, default: str
) -> None:
    """A collection's or category's entry: Medusa's words in the default locale, translations."""
    entry_id = seeded_id(prefix, item["handle"])
    fields: dict[str, Any] = {
        "medusaId": {default: entry_id},
        "handle": {default: item["handle"]},
        "title": {default: title, **item.get("titles", {})},
    }
    if item.get("parent"):
        fields["parent"] = {default: link("Entry", seeded_id(prefix, item["parent"]))}
    sys = seeder.sys("Entry", entry_id)
    sys["contentType"] = link("ContentType", type_id)
    seeder.publish(KIND_ENTRY, {"fields": fields, "sys": sys})


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


def option_identity(options: list[dict[str, Any]]) -> dict[str, str]:
    """The default locale's ``optionLabels``: each option title and value as Medusa spells it."""
    words = [word for option in options for word in (option["title"], *option["values"])]
    return {word: word for word in words}


def _entry(
    seeder: _Seeder, product: dict[str, Any], entry_id: str, asset_id: str, default: str
) -> None:
    fields: dict[str, dict[str, Any]] = {}
    for locale, values in product["content"].items():
        for field_id, value in values.items():
            fields.setdefault(field_id, {})[locale] = value
    base = {"medusaId": entry_id, "handle": product["handle"], "weight": product.get("weight")}
    base["material"] = product.get("material")
    base["optionLabels"] = option_identity(product.get("options", []))
    base["thumbnail"] = f"{seeder.medusa_url}/static/{picture_name(product['handle'])}"
    for field_id, value in base.items():
        if value is not None:  # translated material and labels are kept
            fields.setdefault(field_id, {})[default] = value
    picture = {"sys": {**_ASSET_LINK, "id": asset_id}}
    fields["heroImage"] = {default: picture}
    fields["images"] = {default: [picture]}
    sys = seeder.sys("Entry", entry_id)
    sys["contentType"] = link("ContentType", PRODUCT_TYPE)
    seeder.publish(KIND_ENTRY, {"fields": fields, "sys": sys})
