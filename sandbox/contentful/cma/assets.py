"""CMA assets: create, read, list, update, process, publish, unpublish, archive, delete.

Processing turns ``file.upload`` (or ``file.uploadFrom``, a Link to an Upload) into ``file.url`` =
``//{cda host:port}/_files/{space}/{asset id}/{fileName}`` and stores the bytes as ``KIND_FILE``
``{asset id}/{fileName}`` for the CDA to serve. Upload URLs must be ``data:`` URLs or point at the
sandbox itself (it runs offline); uploads come from ``uploads.py``.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response

from sandbox.atomic import own_transaction
from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.asset_files import fetch_upload, file_key, file_url, image_size
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.routes import (
    PublishableRoutes,
    entity_fields,
    register_resource,
    with_metadata,
)
from sandbox.contentful.cma.uploads import upload_bytes
from sandbox.contentful.common import KIND_ASSET, KIND_FILE

BASE = "/spaces/<space>/environments/<env>/assets"
PROCESS_META = "cf:asset-process:"  # asset id -> [version processing started from, version now]
ASSET_FIELDS = [
    {"id": "title", "type": "Symbol", "localized": True},
    {"id": "description", "type": "Text", "localized": True},
    {"id": "file", "type": "Object", "localized": True},
]


def register(app: Flask, cma: Cma) -> None:
    """Add the asset routes to the CMA app."""
    r = AssetRoutes(cma)
    register_resource(app, BASE, ("assets", "asset"), r)
    app.add_url_rule(
        f"{BASE}/<id>/files/<locale>/process", "asset_process", r.process, methods=["PUT"]
    )


class AssetRoutes(PublishableRoutes):
    """The handlers for ``/assets``."""

    kind = KIND_ASSET
    type_name = "Asset"
    queryable = True

    @own_transaction
    def process(self, id: str, locale: str, **_: str) -> Response:
        """``PUT /assets/{id}/files/{locale}/process``: 204, the file gets its ``url``."""
        file = self._upload_of(self.cma.get(KIND_ASSET, id, "Asset"), locale)
        # The bytes may come from another sandbox server that reads this store: fetch them
        # before taking the write transaction, then apply them if nothing changed meanwhile.
        data = self._fetch(file)
        with self.cma.store.transaction():
            doc = self.cma.get(KIND_ASSET, id, "Asset")
            base = self._process_base(doc)
            if self._upload_of(doc, locale) != file:
                raise lifecycle.version_mismatch()
            doc["fields"]["file"][locale] = self._processed(id, file, data)
            new = self.cma.save(KIND_ASSET, lifecycle.saved(doc, doc), "Asset.save")
            self.cma.store.meta_set(PROCESS_META + id, json.dumps([base, new["sys"]["version"]]))
        return self.cma.no_content()

    def _upload_of(self, doc: dict[str, Any], locale: str) -> dict[str, Any]:
        """The locale's file still to process, after checking the version header (400, 409)."""
        self._process_base(doc)
        file = doc.get("fields", {}).get("file", {}).get(locale)
        if not isinstance(file, dict) or not _has_upload(file):
            raise lifecycle.bad_request("There is no file upload to process for this locale")
        return file

    def _process_base(self, doc: dict[str, Any]) -> int:
        """Check the version header of a process; the version processing started from.

        Contentful processes in the background, so ``processForAllLocales`` sends one process
        per locale, all with the version it read. The sandbox processes at once (each one bumps
        the version), so it also accepts the version from before a run of processing bumps.
        """
        current = doc["sys"]["version"]
        raw = self.cma.store.meta_get(PROCESS_META + doc["sys"]["id"])
        base, upto = json.loads(raw) if raw else (current, current)
        if upto != current:
            base = current  # something else saved the asset since the last process
        if self.cma.version() not in (None, current, base):
            raise lifecycle.version_mismatch()
        return int(base)

    # -- hooks ----------------------------------------------------------------------------------
    def _create(self, id: str | None) -> Response:
        """``POST``/``PUT`` create."""
        doc = {**self._checked(self.cma.body()), "sys": self.cma.sys_for("Asset", id)}
        return self.cma.respond(self.cma.save(KIND_ASSET, doc, "Asset.create"), 201)

    def _update(self, existing: dict[str, Any]) -> dict[str, Any]:
        """Replace the asset with the request body (400 while archived)."""
        if lifecycle.is_archived(existing):
            raise lifecycle.bad_request("Cannot update archived")
        new = lifecycle.saved(existing, self._checked(self.cma.body()))
        return self.cma.save(KIND_ASSET, new, "Asset.save")

    # -- helpers --------------------------------------------------------------------------------
    def _checked(self, body: dict[str, Any]) -> dict[str, Any]:
        fields = entity_fields(self.cma, body, ASSET_FIELDS)
        for loc, file in fields.get("file", {}).items():
            if not isinstance(file.get("fileName"), str) or not isinstance(
                file.get("contentType"), str
            ):
                raise lifecycle.validation_failed(
                    [{"name": "required", "path": ["fields", "file", loc], "value": file}]
                )
        return with_metadata({"fields": fields}, body)

    def _fetch(self, file: dict[str, Any]) -> bytes:
        """The bytes behind ``uploadFrom`` or ``upload`` (422 when there are none to get)."""
        config = self.cma.context.config
        own = [config.cda_url, config.preview_url, config.cma_url, config.medusa_url]
        key = "uploadFrom" if "uploadFrom" in file else "upload"
        if key == "uploadFrom":
            data = upload_bytes(self.cma.store, file["uploadFrom"])
        else:
            data = fetch_upload(str(file["upload"]), own, self.cma.store)
        if data is None:
            raise lifecycle.validation_failed(
                [{"name": "unsupported", "path": ["fields", "file", key], "value": file[key]}]
            )
        return data

    def _processed(self, asset_id: str, file: dict[str, Any], data: bytes) -> dict[str, Any]:
        config = self.cma.context.config
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


def _has_upload(file: dict[str, Any]) -> bool:
    return isinstance(file.get("upload"), str) or isinstance(file.get("uploadFrom"), dict)
