"""The Contentful content type ``product``: its fields, which ones sync owns, which are localized.

Defined once, here. ``storefront sync setup`` applies it; the writer only ever touches the
default-locale values of `MANAGED_FIELDS`. Every other field (and any field the content team adds
in the web app) belongs to the content team and passes through every write untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRODUCT_TYPE = "product"
PRODUCT_TYPE_NAME = "Product"
DISPLAY_FIELD = "title"
DESCRIPTION = "A Medusa product's content, per locale. Sync owns the base fields."


@dataclass(frozen=True)
class FieldSpec:
    """One field of the content type, as the CMA spells it."""

    id: str
    name: str
    type: str
    localized: bool = False
    required: bool = False
    managed: bool = False  # written by sync (default locale only); else owned by the content team
    link_type: str | None = None
    items: dict[str, Any] | None = None

    def definition(self) -> dict[str, Any]:
        """The field as sent in a content type body."""
        body: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type}
        body.update(localized=self.localized, required=self.required)
        if self.link_type:
            body["linkType"] = self.link_type
        if self.items:
            body["items"] = dict(self.items)
        return body


_ASSET_ITEMS = {"type": "Link", "linkType": "Asset", "validations": []}

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("medusaId", "Medusa ID", "Symbol", required=True, managed=True),
    FieldSpec("handle", "Handle", "Symbol", managed=True),
    FieldSpec("title", "Title", "Symbol", localized=True, required=True, managed=True),
    FieldSpec("subtitle", "Subtitle", "Symbol", localized=True, managed=True),
    FieldSpec("description", "Description", "Text", localized=True, managed=True),
    FieldSpec("thumbnail", "Thumbnail", "Symbol", managed=True),
    FieldSpec("weight", "Weight", "Number", managed=True),
    FieldSpec("richDescription", "Rich description", "RichText", localized=True),
    FieldSpec("seoTitle", "SEO title", "Symbol", localized=True),
    FieldSpec("seoDescription", "SEO description", "Text", localized=True),
    FieldSpec("careInstructions", "Care instructions", "Text", localized=True),
    FieldSpec("images", "Images", "Array", localized=True, items=_ASSET_ITEMS),
    FieldSpec("heroImage", "Hero image", "Link", link_type="Asset"),
)

MANAGED_FIELDS: tuple[str, ...] = tuple(f.id for f in FIELDS if f.managed)
LOCALIZED_FIELDS: frozenset[str] = frozenset(f.id for f in FIELDS if f.localized)
# The keys of a field definition that setup compares; Contentful adds others (disabled, omitted).
COMPARED_KEYS = ("name", "type", "localized", "required", "linkType", "items")


def content_type_body(existing_fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The content type body; fields the content team added to `existing_fields` are kept."""
    ours = {spec.id: spec for spec in FIELDS}
    fields = []
    for current in existing_fields or []:
        spec = ours.pop(current.get("id", ""), None)
        fields.append({**current, **spec.definition()} if spec else current)
    fields.extend(spec.definition() for spec in FIELDS if spec.id in ours)
    return {
        "name": PRODUCT_TYPE_NAME,
        "description": DESCRIPTION,
        "displayField": DISPLAY_FIELD,
        "fields": fields,
    }


def differences(existing: dict[str, Any]) -> list[str]:
    """What differs between a stored content type and ours (empty when it matches)."""
    found = {f.get("id"): f for f in existing.get("fields", []) if isinstance(f, dict)}
    changes = []
    for spec in FIELDS:
        current = found.get(spec.id)
        if current is None:
            changes.append(f"field {spec.id} missing")
            continue
        wanted = spec.definition()
        changes += [
            f"field {spec.id}.{key}: {current.get(key)!r} -> {wanted.get(key)!r}"
            for key in COMPARED_KEYS
            if _normal(key, current.get(key)) != _normal(key, wanted.get(key))
        ]
    if existing.get("displayField") != DISPLAY_FIELD:
        changes.append(f"displayField -> {DISPLAY_FIELD}")
    return changes


def _normal(key: str, value: Any) -> Any:
    """Contentful's defaults, so that an omitted ``false`` equals a stored ``false``."""
    if key in ("localized", "required"):
        return bool(value)
    if key == "items" and isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "validations" or v}
    return value
