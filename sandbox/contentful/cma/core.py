"""The ``Cma`` object each CMA route module gets: store, locales, request parsing, saves, events."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

from sandbox.contentful import sync_log
from sandbox.contentful.cma.lifecycle import CmaError, bad_request, new_sys, version_mismatch
from sandbox.contentful.cma.webhook_delivery import Webhooks
from sandbox.contentful.common import (
    KIND_CONTENT_TYPE,
    KIND_LOCALE,
    MANAGEMENT_TYPE,
    json_response,
    link,
    new_id,
)
from sandbox.server import SandboxContext

_KEEP: Any = object()
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


class Cma:
    """The CMA's state and helpers, shared by its route modules."""

    def __init__(self, context: SandboxContext, webhooks: Webhooks | None) -> None:
        self.context = context
        self.store = context.store
        self.space = context.config.space_id
        self.env = context.config.environment
        self.webhooks = webhooks

    # -- requests -------------------------------------------------------------------------------
    def body(self) -> dict[str, Any]:
        """The JSON object body of the request (400 BadRequest when not an object)."""
        raw = request.get_data(as_text=True)
        try:
            data = json.loads(raw) if raw.strip() else {}
        except (ValueError, RecursionError):  # RecursionError: nested beyond any field's limit
            raise bad_request("The body you sent contains an error.") from None
        if not isinstance(data, dict):
            raise bad_request("The body you sent must be a JSON object.")
        return data

    def json_body(self) -> Any:
        """Any JSON body (for JSON Patch lists)."""
        try:
            return json.loads(request.get_data(as_text=True) or "null")
        except (ValueError, RecursionError):
            raise bad_request("The body you sent contains an error.") from None

    @staticmethod
    def version() -> int | None:
        """``X-Contentful-Version`` as an int; None when absent, 409 when not a number."""
        raw = request.headers.get("X-Contentful-Version")
        if raw is None:
            return None
        try:
            return int(raw.strip())
        except ValueError:
            raise version_mismatch() from None

    @staticmethod
    def check_id(id: str) -> None:
        """422 for an id outside ``[a-zA-Z0-9-_.]{1,64}``."""
        if not 1 <= len(id) <= 64 or not set(id) <= _ID_CHARS:
            raise CmaError(
                422,
                {
                    "sys": {"type": "Error", "id": "ValidationFailed"},
                    "message": "Validation error",
                    "details": {"errors": [{"name": "regexp", "path": ["sys", "id"], "value": id}]},
                },
            )

    # -- responses and storage -------------------------------------------------------------------
    def get(self, kind: str, id: str, type_name: str) -> dict[str, Any]:
        """The stored entity, or 404 NotFound with ``details {type, space, id}``."""
        doc = self.store.get(kind, id)
        if doc is None:
            raise self.not_found(type_name, id)
        return doc

    def not_found(self, type_name: str, id: str) -> CmaError:
        """404 NotFound in the recorded shape."""
        return CmaError(
            404,
            {
                "sys": {"type": "Error", "id": "NotFound"},
                "message": "The resource could not be found.",
                "details": {"type": type_name, "space": self.space, "id": id},
                "requestId": new_id(32),
            },
        )

    def sys_for(
        self, type_: str, id: str | None, version: int = 1, env: bool = True
    ) -> dict[str, Any]:
        """A new sys block in this space (and environment)."""
        return new_sys(type_, id or new_id(), self.space, self.env if env else None, version)

    def save(
        self, kind: str, doc: dict[str, Any], topic: str | None = None, published: Any = _KEEP,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Store an entity (and its published snapshot) and announce it to webhooks."""
        if published is _KEEP:
            self.store.put(kind, doc["sys"]["id"], doc)
        else:
            self.store.put(kind, doc["sys"]["id"], doc, published=published)
        if topic is not None:
            self.emit(topic, doc, payload)
        return doc

    def emit(self, topic: str, doc: dict[str, Any], payload: dict[str, Any] | None = None) -> None:
        """Log the event for the Sync API and queue webhook deliveries for it."""
        sync_log.record(self.store, topic, doc)
        if self.webhooks is not None:
            self.webhooks.emit(topic, doc, doc if payload is None else payload)

    @staticmethod
    def respond(data: Any, status: int = 200) -> Response:
        """A JSON answer with the management media type."""
        return json_response(data, status, MANAGEMENT_TYPE)

    @staticmethod
    def no_content() -> Response:
        """The empty 204 of a delete."""
        return Response(b"", status=204, content_type=MANAGEMENT_TYPE)

    def collection(
        self, items: list[dict[str, Any]], total: int, skip: int, limit: int
    ) -> Response:
        """The Array envelope."""
        body = {
            "sys": {"type": "Array"},
            "total": total,
            "skip": skip,
            "limit": limit,
            "items": items,
        }
        return self.respond(body)

    # -- locales and content types ---------------------------------------------------------------
    def locales(self) -> list[dict[str, Any]]:
        """Every locale of the environment."""
        return self.store.all(KIND_LOCALE)

    def default_locale(self) -> str:
        """The default locale's code (en-US when none is marked)."""
        return next((loc["code"] for loc in self.locales() if loc.get("default")), "en-US")

    def active_type(self, ct_id: str) -> dict[str, Any] | None:
        """The activated version of a content type (entries validate against it)."""
        return self.store.get_published(KIND_CONTENT_TYPE, ct_id)

    def type_link(self, ct_id: str) -> dict[str, Any]:
        """A Link to a content type."""
        return link("ContentType", ct_id)
