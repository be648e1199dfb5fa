"""CMA assets: create, read, list, update, process, publish, unpublish, archive, delete.

Processing turns ``file.upload`` into ``file.url`` = ``//{cda host:port}/_files/{space}/{asset id}/
{fileName}`` and stores the bytes as ``KIND_FILE`` ``{asset id}/{fileName}`` for the CDA to serve.
Upload URLs must be ``data:`` URLs or point at the sandbox itself (it runs offline).
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, request

from sandbox.contentful import entities as ent
from sandbox.contentful.asset_files import fetch_upload, file_key, file_url, image_size
from sandbox.contentful.cma import Cma
from sandbox.contentful.cma_query import paging, select
from sandbox.contentful.common import KIND_ASSET, KIND_FILE
from sandbox.contentful.validation import check_entry_fields

BASE = "/spaces/<space>/environments/<env>/assets"
ASSET_FIELDS = [
    {"id": "title", "type": "Symbol", "localized": True},
    {"id": "description", "type": "Text", "localized": True},
    {"id": "file", "type": "Object", "localized": True},
]


def register(app: Flask, cma: Cma) -> None:
    """Add the asset routes to the CMA app."""
    r = AssetRoutes(cma)
    app.add_url_rule(BASE, "assets_list", r.index, methods=["GET"])
    app.add_url_rule(BASE, "assets_create", r.create, methods=["POST"])
    app.add_url_rule(f"{BASE}/<id>", "asset_get", r.get, methods=["GET"])
    app.add_url_rule(f"{BASE}/<id>", "asset_put", r.put, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>", "asset_delete", r.delete, methods=["DELETE"])
    app.add_url_rule(
        f"{BASE}/<id>/files/<locale>/process", "asset_process", r.process, methods=["PUT"]
    )
    app.add_url_rule(f"{BASE}/<id>/published", "asset_publish", r.publish, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>/published", "asset_unpublish", r.unpublish, methods=["DELETE"])
    app.add_url_rule(f"{BASE}/<id>/archived", "asset_archive", r.archive, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>/archived", "asset_unarchive", r.unarchive, methods=["DELETE"])


class AssetRoutes:
    """The handlers for ``/assets``."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def index(self, space: str, env: str) -> Response:
        """``GET /assets``."""
        skip, limit = paging(request.args)
        docs = select(self.cma.store.all(KIND_ASSET), request.args, self.cma.default_locale())
        return self.cma.collection(docs[skip : skip + limit], len(docs), skip, limit)

    def get(self, space: str, env: str, id: str) -> Response:
        """``GET /assets/{id}``."""
        return self.cma.respond(self.cma.get(KIND_ASSET, id, "Asset"))

    def create(self, space: str, env: str) -> Response:
        """``POST /assets``."""
        return self._create(None)

    def put(self, space: str, env: str, id: str) -> Response:
        """``PUT /assets/{id}``: create without a version header, else replace."""
        existing = self.cma.store.get(KIND_ASSET, id)
        version = self.cma.version()
        if version is None:
            if existing is not None:
                raise ent.version_mismatch()
            self.cma.check_id(id)
            return self._create(id)
        if existing is None:
            raise self.cma.not_found("Asset", id)
        ent.check_version(existing, version)
        if ent.is_archived(existing):
            raise ent.bad_request("Cannot update archived")
        new = ent.saved(existing, self._checked(self.cma.body()))
        return self.cma.respond(self.cma.save(KIND_ASSET, new, "Asset.save"))

    def process(self, space: str, env: str, id: str, locale: str) -> Response:
        """``PUT /assets/{id}/files/{locale}/process``: 204, the file gets its ``url``."""
        doc = self.cma.get(KIND_ASSET, id, "Asset")
        ent.check_version(doc, self.cma.version(), required=False)
        file = doc.get("fields", {}).get("file", {}).get(locale)
        if not isinstance(file, dict) or not isinstance(file.get("upload"), str):
            raise ent.bad_request("There is no file upload to process for this locale")
        processed = self._processed(id, file)
        doc["fields"]["file"][locale] = processed
        self.cma.save(KIND_ASSET, ent.saved(doc, doc), "Asset.save")
        return self.cma.no_content()

    def delete(self, space: str, env: str, id: str) -> Response:
        """``DELETE /assets/{id}``: 204, or 400 while published."""
        doc = self.cma.get(KIND_ASSET, id, "Asset")
        ent.check_deletable(doc)
        self.cma.store.delete(KIND_ASSET, id)
        self.cma.emit("Asset.delete", doc, ent.deleted_payload(doc))
        return self.cma.no_content()

    def publish(self, space: str, env: str, id: str) -> Response:
        """``PUT /assets/{id}/published`` with the current version."""
        doc = self.cma.get(KIND_ASSET, id, "Asset")
        ent.check_version(doc, self.cma.version())
        new = ent.published(doc)
        payload = ent.publish_payload(new)
        return self.cma.respond(self.cma.save(KIND_ASSET, new, "Asset.publish", new, payload))

    def unpublish(self, space: str, env: str, id: str) -> Response:
        """``DELETE /assets/{id}/published``."""
        new = ent.unpublished(self._lifecycle_doc(id))
        payload = ent.deleted_payload(new)
        return self.cma.respond(self.cma.save(KIND_ASSET, new, "Asset.unpublish", None, payload))

    def archive(self, space: str, env: str, id: str) -> Response:
        """``PUT /assets/{id}/archived``."""
        new = ent.archived(self._lifecycle_doc(id))
        return self.cma.respond(self.cma.save(KIND_ASSET, new, "Asset.archive"))

    def unarchive(self, space: str, env: str, id: str) -> Response:
        """``DELETE /assets/{id}/archived``."""
        new = ent.unarchived(self._lifecycle_doc(id))
        return self.cma.respond(self.cma.save(KIND_ASSET, new, "Asset.unarchive"))

    def _lifecycle_doc(self, id: str) -> dict[str, Any]:
        doc = self.cma.get(KIND_ASSET, id, "Asset")
        ent.check_version(doc, self.cma.version(), required=False)
        return doc

    def _create(self, id: str | None) -> Response:
        doc = {**self._checked(self.cma.body()), "sys": self.cma.sys_for("Asset", id)}
        return self.cma.respond(self.cma.save(KIND_ASSET, doc, "Asset.create"), 201)

    def _checked(self, body: dict[str, Any]) -> dict[str, Any]:
        codes = [loc["code"] for loc in self.cma.locales()]
        fields = check_entry_fields(
            body.get("fields", {}), ASSET_FIELDS, codes, self.cma.default_locale()
        )
        for loc, file in fields.get("file", {}).items():
            if not isinstance(file.get("fileName"), str) or not isinstance(
                file.get("contentType"), str
            ):
                raise ent.validation_failed(
                    [{"name": "required", "path": ["fields", "file", loc], "value": file}]
                )
        out: dict[str, Any] = {"fields": fields}
        if isinstance(body.get("metadata"), dict):
            out["metadata"] = body["metadata"]
        return out

    def _processed(self, asset_id: str, file: dict[str, Any]) -> dict[str, Any]:
        config = self.cma.context.config
        own = [config.cda_url, config.preview_url, config.cma_url, config.medusa_url]
        data = fetch_upload(str(file["upload"]), own, self.cma.store)
        if data is None:
            raise ent.validation_failed(
                [
                    {
                        "name": "unsupported",
                        "path": ["fields", "file", "upload"],
                        "value": file["upload"],
                    }
                ]
            )
        name, content_type = str(file["fileName"]), str(file["contentType"])
        encoded = base64.b64encode(data).decode()
        self.cma.store.put(
            KIND_FILE, file_key(asset_id, name), {"contentType": content_type, "data": encoded}
        )
        details: dict[str, Any] = {"size": len(data)}
        size = image_size(data, content_type)
        if size is not None:
            details["image"] = {"width": size[0], "height": size[1]}
        host = urlsplit(config.cda_url).netloc
        url = file_url(host, self.cma.space, asset_id, name)
        return {"url": url, "details": details, "fileName": name, "contentType": content_type}
