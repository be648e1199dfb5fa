"""The Contentful content types ``product``, ``collection`` and ``category``: fields, owners.

Defined once, here. ``storefront sync setup`` applies them; the writer only ever touches the
default-locale values of a type's managed fields. Every other field (and any field the content
team adds in the web app) belongs to the content team and passes through every write untouched.

Words Medusa shows a shopper get a localized field each: ``material`` is a localized Symbol whose
default locale sync writes (like ``title``); ``optionLabels`` is a localized Object mapping each
option title and value exactly as Medusa spells it ("Size", "S", "White") to its label in that
locale. Sync writes the default locale's identity map; translators fill the other locales.
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
    validations: tuple[dict[str, Any], ...] = ()

    def definition(self) -> dict[str, Any]:
        """The field as sent in a content type body."""
        body: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type}
        body.update(localized=self.localized, required=self.required)
        if self.link_type:
            body["linkType"] = self.link_type
        if self.items:
            body["items"] = dict(self.items)
        if self.validations:  # else the content team's own validations stay as they are
            body["validations"] = [dict(v) for v in self.validations]
        return body


_ASSET_ITEMS = {"type": "Link", "linkType": "Asset", "validations": []}
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The URL segment of an entry in each locale, owned by the content team (sync never writes it;
# the default locale's URL is Medusa's handle). Contentful refuses to publish a slug that is not
# lowercase words joined by single hyphens, or one another entry of the type has in that locale.
SLUG = FieldSpec(
    "slug", "Slug", "Symbol", localized=True,
    validations=(
        {"regexp": {"pattern": SLUG_PATTERN, "flags": None},
         "message": "Lowercase letters, digits and single hyphens (camiseta-de-algodon)."},
        {"unique": True},
    ),
)  # fmt: skip

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("medusaId", "Medusa ID", "Symbol", required=True, managed=True),
    FieldSpec("handle", "Handle", "Symbol", managed=True),
    FieldSpec("title", "Title", "Symbol", localized=True, required=True, managed=True),
    FieldSpec("subtitle", "Subtitle", "Symbol", localized=True, managed=True),
    FieldSpec("description", "Description", "Text", localized=True, managed=True),
    FieldSpec("thumbnail", "Thumbnail", "Symbol", managed=True),
    FieldSpec("weight", "Weight", "Number", managed=True),
    FieldSpec("material", "Material", "Symbol", localized=True, managed=True),
    FieldSpec("optionLabels", "Option labels", "Object", localized=True, managed=True),
    FieldSpec("richDescription", "Rich description", "RichText", localized=True),
    FieldSpec("seoTitle", "SEO title", "Symbol", localized=True),
    FieldSpec("seoDescription", "SEO description", "Text", localized=True),
    FieldSpec("careInstructions", "Care instructions", "Text", localized=True),
    FieldSpec("images", "Images", "Array", localized=True, items=_ASSET_ITEMS),
    FieldSpec("heroImage", "Hero image", "Link", link_type="Asset"),
    SLUG,
)

# What a collection or a category entry holds: sync owns the Medusa side, the team the rest.
_TAXONOMY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("medusaId", "Medusa ID", "Symbol", required=True, managed=True),
    FieldSpec("handle", "Handle", "Symbol", managed=True),
    FieldSpec("title", "Title", "Symbol", localized=True, required=True, managed=True),
    FieldSpec("description", "Description", "Text", localized=True),
    FieldSpec("seoTitle", "SEO title", "Symbol", localized=True),
    FieldSpec("seoDescription", "SEO description", "Text", localized=True),
    SLUG,
)
COLLECTION_FIELDS = _TAXONOMY_FIELDS
CATEGORY_FIELDS = (
    *_TAXONOMY_FIELDS,
    FieldSpec("parent", "Parent category", "Link", managed=True, link_type="Entry"),
)


@dataclass(frozen=True)
class ContentTypeSpec:
    """One content type: its id, name, display field and fields."""

    id: str
    name: str
    description: str
    fields: tuple[FieldSpec, ...]
    display_field: str = DISPLAY_FIELD

    @property
    def managed(self) -> tuple[str, ...]:
        """The fields sync writes (default locale only)."""
        return tuple(f.id for f in self.fields if f.managed)


COLLECTION_TYPE = "collection"
CATEGORY_TYPE = "category"
PRODUCT = ContentTypeSpec(PRODUCT_TYPE, PRODUCT_TYPE_NAME, DESCRIPTION, FIELDS)
COLLECTION = ContentTypeSpec(
    COLLECTION_TYPE, "Collection",
    "A Medusa collection's name and SEO, per locale. Sync owns medusaId, handle and the "
    "default-locale title.", COLLECTION_FIELDS,
)  # fmt: skip
CATEGORY = ContentTypeSpec(
    CATEGORY_TYPE, "Category",
    "A Medusa product category's name and SEO, per locale. Sync owns medusaId, handle, parent "
    "and the default-locale title.", CATEGORY_FIELDS,
)  # fmt: skip
CONTENT_TYPES: tuple[ContentTypeSpec, ...] = (PRODUCT, COLLECTION, CATEGORY)

MANAGED_FIELDS: tuple[str, ...] = PRODUCT.managed
LOCALIZED_FIELDS: frozenset[str] = frozenset(f.id for f in FIELDS if f.localized)
# The keys of a field definition that setup compares; Contentful adds others (disabled, omitted).
COMPARED_KEYS = ("name", "type", "localized", "required", "linkType", "items", "validations")


def content_type_body(
    existing_fields: list[dict[str, Any]] | None = None, spec: ContentTypeSpec = PRODUCT
) -> dict[str, Any]:
    """The content type body; fields the content team added to `existing_fields` are kept."""
    ours = {field.id: field for field in spec.fields}
    fields = []
    for current in existing_fields or []:
        field = ours.pop(current.get("id", ""), None)
        fields.append({**current, **field.definition()} if field else current)
    fields.extend(field.definition() for field in spec.fields if field.id in ours)
    return {
        "name": spec.name,
        "description": spec.description,
        "displayField": spec.display_field,
        "fields": fields,
    }


def differences(existing: dict[str, Any], spec: ContentTypeSpec = PRODUCT) -> list[str]:
    """What differs between a stored content type and ours (empty when it matches)."""
    found = {f.get("id"): f for f in existing.get("fields", []) if isinstance(f, dict)}
    changes = []
    for spec_field in spec.fields:
        current = found.get(spec_field.id)
        if current is None:
            changes.append(f"field {spec_field.id} missing")
            continue
        wanted = spec_field.definition()
        changes += [
            f"field {spec_field.id}.{key}: {current.get(key)!r} -> {wanted.get(key)!r}"
            for key in COMPARED_KEYS
            if key in wanted or key != "validations"
            if _normal(key, current.get(key)) != _normal(key, wanted.get(key))
        ]
    if existing.get("displayField") != spec.display_field:
        changes.append(f"displayField -> {spec.display_field}")
    return changes


def _normal(key: str, value: Any) -> Any:
    """Contentful's defaults, so that an omitted ``false`` equals a stored ``false``."""
    if key in ("localized", "required"):
        return bool(value)
    if key == "items" and isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "validations" or v}
    return value
