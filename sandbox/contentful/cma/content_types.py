"""CMA content types: create, read, list, update, activate, deactivate, delete."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.routes import PublishableRoutes, register_resource, with_metadata
from sandbox.contentful.cma.validation import content_type_fields
from sandbox.contentful.common import KIND_CONTENT_TYPE, KIND_ENTRY

BASE = "/spaces/<space>/environments/<env>/content_types"


def register(app: Flask, cma: Cma) -> None:
    """Add the content type routes to the CMA app."""
    register_resource(app, BASE, ("types", "type"), TypeRoutes(cma))


def type_body(body: dict[str, Any]) -> dict[str, Any]:
    """The stored attributes of a content type body, defaults filled in (422 when malformed)."""
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise lifecycle.validation_failed(
            [
                {
                    "name": "required",
                    "path": ["name"],
                    "details": 'The property "name" is required here',
                }
            ],
            "ValidationFailed",
        )
    fields = content_type_fields(body.get("fields", []))
    display = body.get("displayField")
    if display is not None and display not in {f["id"] for f in fields}:
        raise lifecycle.validation_failed(
            [{"name": "displayField", "path": ["displayField"], "value": display}],
            "ValidationFailed",
        )
    out = {"name": name, "description": body.get("description") or "", "displayField": display}
    out["fields"] = fields
    return with_metadata(out, body)


class TypeRoutes(PublishableRoutes):
    """The handlers for ``/content_types``: publishing activates, unpublishing deactivates."""

    kind = KIND_CONTENT_TYPE
    type_name = "ContentType"
    publish_verbs = ("activate", "deactivate")
    archivable = False

    def _create(self, id: str | None) -> Response:
        """``POST``/``PUT`` create."""
        doc = {**type_body(self.cma.body()), "sys": self.cma.sys_for("ContentType", id)}
        return self.cma.respond(self.cma.save(KIND_CONTENT_TYPE, doc, "ContentType.create"), 201)

    def _update(self, existing: dict[str, Any]) -> dict[str, Any]:
        """Replace the content type with the request body."""
        new = lifecycle.saved(existing, type_body(self.cma.body()))
        return self.cma.save(KIND_CONTENT_TYPE, new, "ContentType.save")

    def _check_delete(self, doc: dict[str, Any]) -> None:
        """400 while active (this message has no typo, unlike the entries' one)."""
        if lifecycle.is_published(doc):
            raise lifecycle.bad_request("Cannot delete published")

    def _publish_payload(self, new: dict[str, Any]) -> dict[str, Any]:
        """An activation announces the whole content type."""
        return new

    def _check_unpublish(self, doc: dict[str, Any]) -> None:
        """400 while entries of the type exist."""
        type_id = doc["sys"]["id"]
        entries = self.cma.store.all(KIND_ENTRY)
        if any(e["sys"]["contentType"]["sys"]["id"] == type_id for e in entries):
            raise lifecycle.bad_request("Content Type has entries")
