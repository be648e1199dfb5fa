"""CMA entries: create, read, list, replace, JSON Patch, publish, unpublish, archive, delete."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.jsonpatch import PatchError, apply_patch
from sandbox.contentful.cma.publish_checks import check_publishable
from sandbox.contentful.cma.routes import (
    PublishableRoutes,
    entity_fields,
    register_resource,
    with_metadata,
)
from sandbox.contentful.common import KIND_ENTRY

BASE = "/spaces/<space>/environments/<env>/entries"


def register(app: Flask, cma: Cma) -> None:
    """Add the entry routes to the CMA app."""
    routes = EntryRoutes(cma)
    register_resource(app, BASE, ("entries", "entry"), routes)
    app.add_url_rule(f"{BASE}/<id>", "entry_patch", routes.patch, methods=["PATCH"])


class EntryRoutes(PublishableRoutes):
    """The handlers for ``/entries``: entries are checked against their activated content type."""

    kind = KIND_ENTRY
    type_name = "Entry"
    queryable = True

    def patch(self, id: str, **_: str) -> Response:
        """``PATCH /entries/{id}`` with a JSON Patch; the version header is required."""
        existing = self._versioned(id)
        current = {k: v for k, v in existing.items() if k != "sys"}
        try:
            patched = apply_patch(current, self.cma.json_body())
        except PatchError as exc:
            raise lifecycle.validation_failed(
                [{"name": "patch", "path": [], "details": str(exc)}], "UnprocessableEntity"
            ) from None
        if not isinstance(patched, dict):
            raise lifecycle.bad_request("A patch must leave an entity object.")
        return self.cma.respond(self._replace(existing, patched))

    # -- hooks ----------------------------------------------------------------------------------
    def _create(self, id: str | None) -> Response:
        """``POST``/``PUT`` create, typed by ``X-Contentful-Content-Type``."""
        ct_id = request.headers.get("X-Contentful-Content-Type", "")
        body = self.cma.body()
        ct = self._content_type(ct_id)
        doc = {**self._checked(body, ct), "sys": self.cma.sys_for("Entry", id)}
        doc["sys"]["contentType"] = self.cma.type_link(ct_id)
        return self.cma.respond(self.cma.save(KIND_ENTRY, doc, "Entry.create"), 201)

    def _update(self, existing: dict[str, Any]) -> dict[str, Any]:
        """Replace the entry with the request body."""
        return self._replace(existing, self.cma.body())

    def _check_delete(self, doc: dict[str, Any]) -> None:
        """An optional version header must match; 400 while published."""
        lifecycle.check_version(doc, self.cma.version(), required=False)
        super()._check_delete(doc)

    def _check_publish(self, doc: dict[str, Any]) -> None:
        """400 while archived, 422 while a value is missing or fails a field's validations."""
        if lifecycle.is_archived(doc):
            raise lifecycle.bad_request("Cannot publish archived")
        ct = self._content_type(doc["sys"]["contentType"]["sys"]["id"])
        check_publishable(
            self.cma.store, doc, ct, self._required_locales(), self.cma.default_locale()
        )

    # -- helpers --------------------------------------------------------------------------------
    def _replace(self, existing: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        if lifecycle.is_archived(existing):
            raise lifecycle.bad_request("Cannot update archived")
        ct = self._content_type(existing["sys"]["contentType"]["sys"]["id"])
        checked = self._checked(body, ct)
        if "metadata" not in checked and "metadata" in existing:
            checked["metadata"] = existing["metadata"]  # an omitted metadata keeps the tags
        return self.cma.save(KIND_ENTRY, lifecycle.saved(existing, checked), "Entry.save")

    def _checked(self, body: dict[str, Any], ct: dict[str, Any]) -> dict[str, Any]:
        return with_metadata({"fields": entity_fields(self.cma, body, ct["fields"])}, body)

    def _content_type(self, ct_id: str) -> dict[str, Any]:
        ct = self.cma.active_type(ct_id) if ct_id else None
        if ct is None:
            raise lifecycle.validation_failed(
                [
                    {
                        "name": "notResolvable",
                        "link": {"type": "Link", "linkType": "ContentType", "id": ct_id},
                        "path": ["sys", "contentType"],
                    }
                ]
            )
        return ct

    def _required_locales(self) -> list[str]:
        return [loc["code"] for loc in self.cma.locales() if not loc.get("optional")]
