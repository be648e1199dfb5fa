"""CMA entries: create, read, list, replace, JSON Patch, publish, unpublish, archive, delete."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from sandbox.contentful import entities as ent
from sandbox.contentful.cma import Cma
from sandbox.contentful.cma_query import paging, select
from sandbox.contentful.common import KIND_ENTRY
from sandbox.contentful.jsonpatch import PatchError, apply_patch
from sandbox.contentful.validation import check_entry_fields, missing_required

BASE = "/spaces/<space>/environments/<env>/entries"


def register(app: Flask, cma: Cma) -> None:
    """Add the entry routes to the CMA app."""
    routes = EntryRoutes(cma)
    app.add_url_rule(BASE, "entries_list", routes.index, methods=["GET"])
    app.add_url_rule(BASE, "entries_create", routes.create, methods=["POST"])
    app.add_url_rule(f"{BASE}/<id>", "entry_get", routes.get, methods=["GET"])
    app.add_url_rule(f"{BASE}/<id>", "entry_put", routes.put, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>", "entry_patch", routes.patch, methods=["PATCH"])
    app.add_url_rule(f"{BASE}/<id>", "entry_delete", routes.delete, methods=["DELETE"])
    app.add_url_rule(f"{BASE}/<id>/published", "entry_publish", routes.publish, methods=["PUT"])
    app.add_url_rule(
        f"{BASE}/<id>/published", "entry_unpublish", routes.unpublish, methods=["DELETE"]
    )
    app.add_url_rule(f"{BASE}/<id>/archived", "entry_archive", routes.archive, methods=["PUT"])
    app.add_url_rule(
        f"{BASE}/<id>/archived", "entry_unarchive", routes.unarchive, methods=["DELETE"]
    )


class EntryRoutes:
    """The handlers; each takes the URL's ``space`` and ``env`` (checked by the app)."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def index(self, space: str, env: str) -> Response:
        """``GET /entries`` with filters, order and paging."""
        skip, limit = paging(request.args)
        docs = select(self.cma.store.all(KIND_ENTRY), request.args, self.cma.default_locale())
        return self.cma.collection(docs[skip : skip + limit], len(docs), skip, limit)

    def get(self, space: str, env: str, id: str) -> Response:
        """``GET /entries/{id}``."""
        return self.cma.respond(self.cma.get(KIND_ENTRY, id, "Entry"))

    def create(self, space: str, env: str) -> Response:
        """``POST /entries`` with ``X-Contentful-Content-Type``: a server-made id."""
        return self._create(None)

    def put(self, space: str, env: str, id: str) -> Response:
        """``PUT /entries/{id}``: create without a version header, else replace the entry."""
        existing = self.cma.store.get(KIND_ENTRY, id)
        version = self.cma.version()
        if version is None:
            if existing is not None:
                raise ent.version_mismatch()
            self.cma.check_id(id)
            return self._create(id)
        if existing is None:
            raise self.cma.not_found("Entry", id)
        ent.check_version(existing, version)
        return self.cma.respond(self._replace(existing, self.cma.body()))

    def patch(self, space: str, env: str, id: str) -> Response:
        """``PATCH /entries/{id}`` with a JSON Patch; the version header is required."""
        existing = self.cma.get(KIND_ENTRY, id, "Entry")
        ent.check_version(existing, self.cma.version())
        current = {k: v for k, v in existing.items() if k != "sys"}
        try:
            patched = apply_patch(current, self.cma.json_body())
        except PatchError as exc:
            raise ent.validation_failed(
                [{"name": "patch", "path": [], "details": str(exc)}], "UnprocessableEntity"
            ) from None
        if not isinstance(patched, dict):
            raise ent.bad_request("A patch must leave an entity object.")
        return self.cma.respond(self._replace(existing, patched))

    def delete(self, space: str, env: str, id: str) -> Response:
        """``DELETE /entries/{id}``: 204, or 400 while published."""
        doc = self.cma.get(KIND_ENTRY, id, "Entry")
        ent.check_version(doc, self.cma.version(), required=False)
        ent.check_deletable(doc)
        self.cma.store.delete(KIND_ENTRY, id)
        self.cma.emit("Entry.delete", doc, ent.deleted_payload(doc))
        return self.cma.no_content()

    def publish(self, space: str, env: str, id: str) -> Response:
        """``PUT /entries/{id}/published``: the version header is required."""
        doc = self.cma.get(KIND_ENTRY, id, "Entry")
        ent.check_version(doc, self.cma.version())
        if ent.is_archived(doc):
            raise ent.bad_request("Cannot publish archived")
        ct = self._content_type(doc["sys"]["contentType"]["sys"]["id"])
        missing_required(doc, ct["fields"], self._required_locales(), self.cma.default_locale())
        new = ent.published(doc)
        payload = ent.publish_payload(new)
        return self.cma.respond(self.cma.save(KIND_ENTRY, new, "Entry.publish", new, payload))

    def unpublish(self, space: str, env: str, id: str) -> Response:
        """``DELETE /entries/{id}/published``: the version header is optional."""
        doc = self._lifecycle_doc(id)
        new = ent.unpublished(doc)
        payload = ent.deleted_payload(new)
        return self.cma.respond(self.cma.save(KIND_ENTRY, new, "Entry.unpublish", None, payload))

    def archive(self, space: str, env: str, id: str) -> Response:
        """``PUT /entries/{id}/archived``."""
        new = ent.archived(self._lifecycle_doc(id))
        return self.cma.respond(self.cma.save(KIND_ENTRY, new, "Entry.archive"))

    def unarchive(self, space: str, env: str, id: str) -> Response:
        """``DELETE /entries/{id}/archived``."""
        new = ent.unarchived(self._lifecycle_doc(id))
        return self.cma.respond(self.cma.save(KIND_ENTRY, new, "Entry.unarchive"))

    # -- helpers --------------------------------------------------------------------------------
    def _lifecycle_doc(self, id: str) -> dict[str, Any]:
        doc = self.cma.get(KIND_ENTRY, id, "Entry")
        ent.check_version(doc, self.cma.version(), required=False)
        return doc

    def _create(self, id: str | None) -> Response:
        ct_id = request.headers.get("X-Contentful-Content-Type", "")
        body = self.cma.body()
        ct = self._content_type(ct_id)
        doc = {**self._checked(body, ct), "sys": self.cma.sys_for("Entry", id)}
        doc["sys"]["contentType"] = self.cma.type_link(ct_id)
        return self.cma.respond(self.cma.save(KIND_ENTRY, doc, "Entry.create"), 201)

    def _replace(self, existing: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        if ent.is_archived(existing):
            raise ent.bad_request("Cannot update archived")
        ct = self._content_type(existing["sys"]["contentType"]["sys"]["id"])
        checked = self._checked(body, ct)
        if "metadata" not in checked and "metadata" in existing:
            checked["metadata"] = existing["metadata"]  # an omitted metadata keeps the tags
        return self.cma.save(KIND_ENTRY, ent.saved(existing, checked), "Entry.save")

    def _checked(self, body: dict[str, Any], ct: dict[str, Any]) -> dict[str, Any]:
        codes = [loc["code"] for loc in self.cma.locales()]
        fields = check_entry_fields(
            body.get("fields", {}), ct["fields"], codes, self.cma.default_locale()
        )
        out: dict[str, Any] = {"fields": fields}
        if isinstance(body.get("metadata"), dict):
            out["metadata"] = body["metadata"]
        return out

    def _content_type(self, ct_id: str) -> dict[str, Any]:
        ct = self.cma.active_type(ct_id) if ct_id else None
        if ct is None:
            raise ent.validation_failed(
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
