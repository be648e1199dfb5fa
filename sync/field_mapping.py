"""Medusa product -> the managed, default-locale field values of its Contentful entry.

Pure functions: the mapping, the content hash that decides whether a write is needed, and the
merge that puts managed values into an entry without touching anything else (other locales,
unmanaged fields, ``metadata``): the CMA's PUT replaces the whole entity, so whatever we do not
send back is destroyed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sync.content_model import MANAGED_FIELDS

# Medusa product attribute for each managed field.
SOURCES = {
    "medusaId": "id",
    "handle": "handle",
    "title": "title",
    "subtitle": "subtitle",
    "description": "description",
    "thumbnail": "thumbnail",
    "weight": "weight",
    "material": "material",
}
# The Admin API `fields` selection that carries every source attribute (and nothing heavy);
# the list route leaves option values out unless they are named (docs/reference/real-medusa.md).
ADMIN_FIELDS = (
    "id,handle,title,subtitle,description,thumbnail,weight,material,status,updated_at,"
    "*options,*options.values"
)

Values = dict[str, Any]


def _normal(value: Any) -> Any:
    """A value as Contentful stores it: "" means absent, 200.0 and 200 are one number."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict) and not value:
        return None
    return value


def option_labels(product: Mapping[str, Any]) -> dict[str, str] | None:
    """The default locale's ``optionLabels``: every option title and value, mapped to itself."""
    words: list[str] = []
    for option in product.get("options") or []:
        if not isinstance(option, Mapping):
            continue
        values = [v.get("value") for v in option.get("values") or [] if isinstance(v, Mapping)]
        words += [w for w in (option.get("title"), *values) if isinstance(w, str) and w.strip()]
    return {word: word for word in words} or None


def managed_values(product: Mapping[str, Any]) -> Values:
    """The managed fields' values for a Medusa product; absent ones are None."""
    values = {name: _normal(product.get(source)) for name, source in SOURCES.items()}
    return {**values, "optionLabels": option_labels(product)}


def entry_values(
    entry: Mapping[str, Any], locale: str, names: Sequence[str] = MANAGED_FIELDS
) -> Values:
    """The managed fields' current `locale` values in an entry (all locales) from the CMA."""
    fields = entry.get("fields") or {}
    return {name: _normal((fields.get(name) or {}).get(locale)) for name in names}


def content_hash(values: Mapping[str, Any], names: Sequence[str] = MANAGED_FIELDS) -> str:
    """A stable SHA-256 of managed values (key order and float/int spelling do not matter)."""
    normal = {name: _normal(values.get(name)) for name in names}
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def is_current(
    entry: Mapping[str, Any],
    values: Mapping[str, Any],
    locale: str,
    names: Sequence[str] = MANAGED_FIELDS,
) -> bool:
    """True when the entry already holds exactly these managed values in `locale`."""
    return content_hash(entry_values(entry, locale, names), names) == content_hash(values, names)


def new_entry_body(values: Mapping[str, Any], locale: str) -> dict[str, Any]:
    """The body that creates an entry holding only the managed values."""
    fields = {name: {locale: value} for name, value in values.items() if value is not None}
    return {"fields": fields}


def merged_body(
    entry: Mapping[str, Any],
    values: Mapping[str, Any],
    locale: str,
    names: Sequence[str] = MANAGED_FIELDS,
) -> dict[str, Any]:
    """The entry's whole body with only the managed `locale` values replaced.

    Other locales of the managed fields, every unmanaged field and ``metadata`` (tags) are copied
    as read, so a PUT of this body loses nothing a translator or editor wrote.
    """
    fields: dict[str, Any] = copy.deepcopy(dict(entry.get("fields") or {}))
    for name in names:
        per_locale = dict(fields.get(name) or {})
        value = _normal(values.get(name))
        if value is None:
            per_locale.pop(locale, None)
        else:
            per_locale[locale] = value
        if per_locale:
            fields[name] = per_locale
        else:
            fields.pop(name, None)
    body: dict[str, Any] = {"fields": fields}
    if "metadata" in entry:
        body["metadata"] = copy.deepcopy(entry["metadata"])
    return body
