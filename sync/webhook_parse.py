"""What a Contentful webhook call says: `parse_call` checks and reads its body and topic (a 400
``HookError`` when malformed) into a `Parsed` call; ``sync.dedupe`` then drops repeats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sync.content_model import CATEGORY_TYPE, COLLECTION_TYPE, MANAGED_FIELDS, PRODUCT_TYPE

PURGE_ACTIONS = ("Entry.unpublish", "Entry.archive", "Entry.delete")
ENTITY_ID = re.compile(r"[a-zA-Z0-9_.-]{1,64}")  # Contentful's resource id rule
NUMBER_FIELDS = ("weight",)
OBJECT_FIELDS = ("optionLabels",)
TAXONOMY_TYPES = (COLLECTION_TYPE, CATEGORY_TYPE)


class HookError(Exception):
    """A call answered with an error status (4xx)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Parsed:
    """What a call asks for: ``publish``, ``purge`` or ``ignored``, and about which record."""

    kind: str
    topic: str  # "Entry.publish"
    entry_id: str = ""
    product_id: str = ""  # the record's Medusa id (a collection's or category's too)
    handle: str | None = None
    revision: int | None = None
    version: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    content_type: str | None = None  # None when the payload does not say

    @property
    def taxonomy(self) -> bool:
        """Whether the entry is a collection or a category (its purge is the navigation's)."""
        return self.content_type in TAXONOMY_TYPES


def parse_call(topic_header: str | None, body: bytes) -> Parsed:
    """Validate the body and topic; 400 (HookError) when malformed."""
    payload = _json_object(body)
    sys = _sys(payload)
    if not topic_header or not topic_header.strip():
        raise HookError(400, "no X-Contentful-Topic header")
    topic = topic_header.strip().removeprefix("ContentManagement.")
    content_type = _content_type(sys)
    kind = _kind(topic, content_type)
    if kind == "ignored":
        return Parsed(kind, topic)
    fields = _fields(payload)
    product_id = _first_text(fields, "medusaId") or sys["id"]
    revision, version = _counter(sys, "revision"), _counter(sys, "version")
    handle = _first_text(fields, "handle")
    return Parsed(
        kind, topic, sys["id"], product_id, handle, revision, version, fields, content_type
    )


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, absurdly nested
        raise HookError(400, "body is not JSON") from exc
    if not isinstance(payload, dict):
        raise HookError(400, "body is not a JSON object")
    return payload


def _sys(payload: Mapping[str, Any]) -> dict[str, Any]:
    sys = payload.get("sys")
    if not isinstance(sys, dict):
        raise HookError(400, "body has no sys object")
    if not isinstance(sys.get("id"), str) or not ENTITY_ID.fullmatch(sys["id"]):
        raise HookError(400, "sys.id must be a Contentful id")
    if "type" in sys and not isinstance(sys["type"], str):
        raise HookError(400, "sys.type must be a string")
    for name in ("revision", "version"):
        _counter(sys, name)
    _content_type(sys)
    return sys


def _counter(sys: Mapping[str, Any], name: str) -> int | None:
    value = sys.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise HookError(400, f"sys.{name} must be a whole number")
    return value


def _content_type(sys: Mapping[str, Any]) -> str | None:
    link = sys.get("contentType")
    if link is None:
        return None
    inner = link.get("sys") if isinstance(link, dict) else None
    if not isinstance(inner, dict) or not isinstance(inner.get("id"), str):
        raise HookError(400, "sys.contentType must be a link with sys.id")
    return str(inner["id"])


def _kind(topic: str, content_type: str | None) -> str:
    """What to do: a product's publish, a purge (type unknown counts: purging is harmless).

    Any change to a collection or category entry is a purge: their names show on many pages
    (the navigation on every one), and nothing of theirs is written back to Medusa.
    """
    if topic == "Entry.publish" and content_type == PRODUCT_TYPE:
        return "publish"
    if topic == "Entry.publish" and content_type in TAXONOMY_TYPES:
        return "purge"
    if topic in PURGE_ACTIONS and content_type in (PRODUCT_TYPE, *TAXONOMY_TYPES, None):
        return "purge"
    return "ignored"


def _fields(payload: Mapping[str, Any]) -> dict[str, Any]:
    fields = payload.get("fields", {})
    if not isinstance(fields, dict):
        raise HookError(400, "fields must be an object")
    for name in MANAGED_FIELDS:
        per_locale = fields.get(name, {})
        if not isinstance(per_locale, dict):
            raise HookError(400, f"fields.{name} must be an object keyed by locale")
        wanted = (
            (int, float) if name in NUMBER_FIELDS else (dict,) if name in OBJECT_FIELDS else (str,)
        )
        for value in per_locale.values():
            if value is not None and (not isinstance(value, wanted) or isinstance(value, bool)):
                raise HookError(400, f"fields.{name} has a value of the wrong type")
    return fields


def _first_text(fields: Mapping[str, Any], name: str) -> str | None:
    """The value of a non-localized field (stored under the default locale, whichever it is)."""
    values = [v for v in (fields.get(name) or {}).values() if isinstance(v, str) and v.strip()]
    if values and len(values[0]) > 255:
        raise HookError(400, f"fields.{name} is too long")
    return values[0] if values else None
