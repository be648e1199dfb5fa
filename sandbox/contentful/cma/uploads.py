"""The Upload API: ``POST /spaces/{s}[/environments/{e}]/uploads`` with the raw bytes.

Contentful serves it on its own host (``upload.contentful.com``; the SDKs' ``hostUpload``); the
sandbox serves it on the CMA's port. An Upload is referenced from an asset file as ``uploadFrom``
(a Link of type Upload) and lives 24 hours, as on Contentful.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Response, request

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.common import KIND_FILE, link, new_id
from sandbox.store import Store

KIND_UPLOAD = "cf:Upload"
LIFETIME = timedelta(hours=24)
PATHS = ("/spaces/<space>/uploads", "/spaces/<space>/environments/<env>/uploads")


def register(app: Flask, cma: Cma) -> None:
    """Add the upload routes (space and environment level) to the CMA app."""
    r = UploadRoutes(cma)
    for n, base in enumerate(PATHS):
        app.add_url_rule(base, f"upload_create{n}", r.create, methods=["POST"])
        app.add_url_rule(f"{base}/<id>", f"upload_get{n}", r.get, methods=["GET"])
        app.add_url_rule(f"{base}/<id>", f"upload_delete{n}", r.delete, methods=["DELETE"])


def upload_bytes(store: Store, link_value: Any) -> bytes | None:
    """The bytes of an unexpired Upload named by an ``uploadFrom`` Link; None otherwise."""
    sys = link_value.get("sys") if isinstance(link_value, dict) else None
    if not isinstance(sys, dict) or sys.get("linkType") != "Upload":
        return None
    doc = store.get(KIND_UPLOAD, str(sys.get("id")))
    if doc is None or _expired(doc):
        return None
    data = store.get(KIND_FILE, _data_key(doc["sys"]["id"]))
    return base64.b64decode(data["data"]) if data else None


class UploadRoutes:
    """The handlers for ``/uploads``."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def create(self, **place: str) -> Response:
        """``POST /uploads``: 201 with the Upload resource."""
        data = request.get_data()
        if not data:
            raise lifecycle.bad_request("The upload is empty: send the file's bytes as the body.")
        id = new_id()
        now = datetime.now(UTC)
        sys: dict[str, Any] = {"id": id, "type": "Upload", "space": link("Space", self.cma.space)}
        if "env" in place:
            sys["environment"] = link("Environment", self.cma.env)
        sys.update(createdAt=_iso(now), expiresAt=_iso(now + LIFETIME))
        sys["createdBy"] = link("User", lifecycle.USER_ID)
        encoded = base64.b64encode(data).decode()
        self.cma.store.put(
            KIND_FILE, _data_key(id), {"contentType": "application/octet-stream", "data": encoded}
        )
        return self.cma.respond(self.cma.store.put(KIND_UPLOAD, id, {"sys": sys}), 201)

    def get(self, id: str, **_: str) -> Response:
        """``GET /uploads/{id}``."""
        doc = self.cma.get(KIND_UPLOAD, id, "Upload")
        if _expired(doc):
            raise self.cma.not_found("Upload", id)
        return self.cma.respond(doc)

    def delete(self, id: str, **_: str) -> Response:
        """``DELETE /uploads/{id}``: 204."""
        self.cma.get(KIND_UPLOAD, id, "Upload")
        self.cma.store.delete(KIND_UPLOAD, id)
        self.cma.store.delete(KIND_FILE, _data_key(id))
        return self.cma.no_content()


def _data_key(id: str) -> str:
    return f"_uploads/{id}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _expired(doc: dict[str, Any]) -> bool:
    return str(doc["sys"]["expiresAt"]) <= _iso(datetime.now(UTC))
