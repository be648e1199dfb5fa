"""Stored CMA entities turned into the shapes the CDA and Preview API answer with.

The CDA has no ``sys.version``; ``revision`` counts publishes and ``createdAt``/``updatedAt`` are
the first and latest publish times of the snapshot. The Preview API reports the draft's own times.
Key order follows the 2025 recording (``metadata``, ``sys``, ``fields``).
"""

from __future__ import annotations

from typing import Any

from sandbox.contentful.cda.localize import ALL, Locales, localize_fields
from sandbox.contentful.cda.source import Doc, Source
from sandbox.contentful.common import link


def environment_link(environment: str) -> dict[str, Any]:
    """The ``sys.environment`` link, keyed as the CDA writes it."""
    return {"sys": {"id": environment, "type": "Link", "linkType": "Environment"}}


def entity_sys(doc: Doc, space: str, environment: str, preview: bool) -> dict[str, Any]:
    """The delivered ``sys`` of an Entry, Asset or ContentType (without ``locale``)."""
    src = doc["sys"]
    out: dict[str, Any] = {
        "space": link("Space", space),
        "id": src["id"],
        "type": src.get("type", "Entry"),
        "createdAt": src.get("createdAt") if preview else _first(src, "firstPublishedAt"),
        "updatedAt": src.get("updatedAt") if preview else _first(src, "publishedAt"),
        "environment": environment_link(environment),
    }
    if src.get("publishedVersion") is not None and out["type"] != "ContentType":
        out["publishedVersion"] = src["publishedVersion"]
    out["revision"] = src.get("publishedCounter") or (0 if preview else 1)
    if out["type"] == "Entry":
        ct_id = ((src.get("contentType") or {}).get("sys") or {}).get("id", "")
        out["contentType"] = link("ContentType", ct_id)
    return out


def _first(sys: dict[str, Any], key: str) -> Any:
    return sys.get(key) or sys.get("updatedAt") or sys.get("createdAt")


def metadata(doc: Doc) -> dict[str, Any]:
    """``metadata`` with ``tags`` and ``concepts`` (empty lists when none are stored)."""
    stored = doc.get("metadata") or {}
    return {"tags": list(stored.get("tags") or []), "concepts": list(stored.get("concepts") or [])}


def ct_fields(doc: Doc, source: Source) -> list[dict[str, Any]]:
    """The content type's field definitions for an entry (empty for assets or unknown types)."""
    if doc["sys"].get("type") != "Entry":
        return []
    ct_id = ((doc["sys"].get("contentType") or {}).get("sys") or {}).get("id", "")
    content_type = source.content_type(ct_id) if ct_id else None
    return list((content_type or {}).get("fields") or [])


def delivered(
    doc: Doc, locale: str, locales: Locales, source: Source, space: str, environment: str
) -> dict[str, Any]:
    """An Entry or Asset as the delivery API serves it in ``locale`` (a code or ``*``)."""
    sys = entity_sys(doc, space, environment, source.preview)
    if locale != ALL:
        sys["locale"] = locale
    fields = localize_fields(doc.get("fields") or {}, locale, locales, ct_fields(doc, source))
    return {"metadata": metadata(doc), "sys": sys, "fields": fields}


def content_type_shape(doc: Doc, space: str, environment: str, preview: bool) -> dict[str, Any]:
    """A ContentType as the CDA serves it (field definitions without empty validations)."""
    fields = []
    for spec in doc.get("fields") or []:
        item = dict(spec)
        if not item.get("validations"):
            item.pop("validations", None)
        fields.append(item)
    return {
        "sys": entity_sys(doc, space, environment, preview),
        "displayField": doc.get("displayField"),
        "name": doc.get("name", ""),
        "description": doc.get("description", ""),
        "fields": fields,
    }


def locale_shape(doc: dict[str, Any]) -> dict[str, Any]:
    """A Locale as ``/locales`` on the CDA serves it."""
    sys = doc.get("sys") or {}
    return {
        "code": doc["code"],
        "name": doc.get("name", doc["code"]),
        "default": bool(doc.get("default")),
        "fallbackCode": doc.get("fallbackCode"),
        "sys": {
            "id": sys.get("id", doc["code"]),
            "type": "Locale",
            "version": sys.get("version", 1),
        },
    }


def space_shape(space: str, locales: Locales) -> dict[str, Any]:
    """The Space object (``GET /spaces/{id}``) with its locales, as the SDKs read it."""
    return {
        "sys": {"type": "Space", "id": space},
        "name": "Storefront sandbox",
        "locales": [
            {
                "code": loc["code"],
                "default": bool(loc.get("default")) or loc["code"] == locales.default,
                "name": loc.get("name", loc["code"]),
                "fallbackCode": loc.get("fallbackCode"),
            }
            for loc in locales.items
        ],
    }


def collection(items: list[dict[str, Any]], total: int, skip: int, limit: int) -> dict[str, Any]:
    """The Array envelope (includes and errors are added by the caller when present)."""
    return {"sys": {"type": "Array"}, "total": total, "skip": skip, "limit": limit, "items": items}
