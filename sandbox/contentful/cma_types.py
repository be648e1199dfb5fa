"""CMA content types: create, read, list, update, activate, deactivate, delete."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from sandbox.contentful import entities as ent
from sandbox.contentful.cma import Cma
from sandbox.contentful.cma_query import paging
from sandbox.contentful.common import KIND_CONTENT_TYPE, KIND_ENTRY
from sandbox.contentful.validation import content_type_fields

BASE = "/spaces/<space>/environments/<env>/content_types"


def register(app: Flask, cma: Cma) -> None:
    """Add the content type routes to the CMA app."""
    r = TypeRoutes(cma)
    app.add_url_rule(BASE, "types_list", r.index, methods=["GET"])
    app.add_url_rule(BASE, "types_create", r.create, methods=["POST"])
    app.add_url_rule(f"{BASE}/<id>", "type_get", r.get, methods=["GET"])
    app.add_url_rule(f"{BASE}/<id>", "type_put", r.put, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>", "type_delete", r.delete, methods=["DELETE"])
    app.add_url_rule(f"{BASE}/<id>/published", "type_activate", r.activate, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>/published", "type_deactivate", r.deactivate, methods=["DELETE"])


def type_body(body: dict[str, Any]) -> dict[str, Any]:
    """The stored attributes of a content type body, defaults filled in (422 when malformed)."""
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise ent.validation_failed(
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
        raise ent.validation_failed(
            [{"name": "displayField", "path": ["displayField"], "value": display}],
            "ValidationFailed",
        )
    out = {"name": name, "description": body.get("description") or "", "displayField": display}
    out["fields"] = fields
    if isinstance(body.get("metadata"), dict):
        out["metadata"] = body["metadata"]
    return out


class TypeRoutes:
    """The handlers for ``/content_types``."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def index(self, space: str, env: str) -> Response:
        """``GET /content_types``."""
        skip, limit = paging(request.args)
        docs = self.cma.store.all(KIND_CONTENT_TYPE)
        return self.cma.collection(docs[skip : skip + limit], len(docs), skip, limit)

    def get(self, space: str, env: str, id: str) -> Response:
        """``GET /content_types/{id}``."""
        return self.cma.respond(self.cma.get(KIND_CONTENT_TYPE, id, "ContentType"))

    def create(self, space: str, env: str) -> Response:
        """``POST /content_types``: a server-made id."""
        return self._create(None)

    def put(self, space: str, env: str, id: str) -> Response:
        """``PUT /content_types/{id}``: create without a version header, else update."""
        existing = self.cma.store.get(KIND_CONTENT_TYPE, id)
        version = self.cma.version()
        if version is None:
            if existing is not None:
                raise ent.version_mismatch()
            self.cma.check_id(id)
            return self._create(id)
        if existing is None:
            raise self.cma.not_found("ContentType", id)
        ent.check_version(existing, version)
        new = ent.saved(existing, type_body(self.cma.body()))
        return self.cma.respond(self.cma.save(KIND_CONTENT_TYPE, new, "ContentType.save"))

    def delete(self, space: str, env: str, id: str) -> Response:
        """``DELETE /content_types/{id}``: 400 while active."""
        doc = self.cma.get(KIND_CONTENT_TYPE, id, "ContentType")
        if ent.is_published(doc):
            raise ent.bad_request("Cannot delete published")
        self.cma.store.delete(KIND_CONTENT_TYPE, id)
        self.cma.emit("ContentType.delete", doc, ent.deleted_payload(doc))
        return self.cma.no_content()

    def activate(self, space: str, env: str, id: str) -> Response:
        """``PUT /content_types/{id}/published`` with the current version."""
        doc = self.cma.get(KIND_CONTENT_TYPE, id, "ContentType")
        ent.check_version(doc, self.cma.version())
        new = ent.published(doc)
        topic = "ContentType.publish"
        return self.cma.respond(self.cma.save(KIND_CONTENT_TYPE, new, topic, new))

    def deactivate(self, space: str, env: str, id: str) -> Response:
        """``DELETE /content_types/{id}/published``: 400 while entries of it exist."""
        doc = self.cma.get(KIND_CONTENT_TYPE, id, "ContentType")
        ent.check_version(doc, self.cma.version(), required=False)
        if any(e["sys"]["contentType"]["sys"]["id"] == id for e in self.cma.store.all(KIND_ENTRY)):
            raise ent.bad_request("Content Type has entries")
        new = ent.unpublished(doc)
        payload = ent.deleted_payload(new)
        return self.cma.respond(
            self.cma.save(KIND_CONTENT_TYPE, new, "ContentType.unpublish", None, payload)
        )

    def _create(self, id: str | None) -> Response:
        doc = {**type_body(self.cma.body()), "sys": self.cma.sys_for("ContentType", id)}
        return self.cma.respond(self.cma.save(KIND_CONTENT_TYPE, doc, "ContentType.create"), 201)
