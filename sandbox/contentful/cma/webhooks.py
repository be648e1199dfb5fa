"""CMA webhook definitions (space level), their call logs and health, and the signing secret."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.routes import VersionedRoutes, register_resource
from sandbox.contentful.cma.signing import valid_secret
from sandbox.contentful.cma.webhook_delivery import PRIVATE_META, SECRET_META
from sandbox.contentful.common import KIND_WEBHOOK, KIND_WEBHOOK_CALL, link, now_iso

BASE = "/spaces/<space>/webhook_definitions"
CALLS = "/spaces/<space>/webhooks/<id>"
SECRET = "/spaces/<space>/webhook_settings/signing_secret"  # noqa: S105 - a path


def register(app: Flask, cma: Cma) -> None:
    """Add the webhook routes to the CMA app."""
    r = WebhookRoutes(cma)
    register_resource(app, BASE, ("hooks", "hook"), r)
    app.add_url_rule(f"{CALLS}/calls", "hook_calls", r.calls, methods=["GET"])
    app.add_url_rule(f"{CALLS}/calls/<call_id>", "hook_call", r.call, methods=["GET"])
    app.add_url_rule(f"{CALLS}/health", "hook_health", r.health, methods=["GET"])
    app.add_url_rule(SECRET, "secret_get", r.secret_get, methods=["GET"])
    app.add_url_rule(SECRET, "secret_put", r.secret_put, methods=["PUT"])
    app.add_url_rule(SECRET, "secret_delete", r.secret_delete, methods=["DELETE"])


def _invalid(path: str, value: Any) -> lifecycle.CmaError:
    return lifecycle.validation_failed(
        [{"name": "invalid", "path": [path], "value": value}], "ValidationFailed"
    )


def definition_body(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The public definition attributes and the write-only ones (password, secret headers)."""
    if not isinstance(body.get("name"), str) or not body["name"]:
        raise _invalid("name", body.get("name"))
    url = body.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise _invalid("url", url)
    topics = body.get("topics")
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        raise _invalid("topics", topics)
    headers, secret_headers = _headers(body.get("headers") or [])
    public = {"name": body["name"], "url": url, "httpBasicUsername": body.get("httpBasicUsername")}
    public.update(headers=headers, topics=topics, filters=body.get("filters"))
    public["transformation"] = body.get("transformation")
    private = {"password": body.get("httpBasicPassword"), "headers": secret_headers}
    return public, private


def _headers(raw: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    if not isinstance(raw, list) or not all(isinstance(h, dict) and h.get("key") for h in raw):
        raise _invalid("headers", raw)
    public, secret = [], {}
    for header in raw:
        if header.get("secret"):
            secret[str(header["key"])] = str(header.get("value", ""))
            public.append({"key": header["key"], "secret": True})
        else:
            public.append({"key": header["key"], "value": str(header.get("value", ""))})
    return public, secret


class WebhookRoutes(VersionedRoutes):
    """The handlers for definitions, calls, health and the signing secret."""

    kind = KIND_WEBHOOK
    type_name = "WebhookDefinition"

    def calls(self, space: str, id: str) -> Response:
        """``GET /webhooks/{id}/calls``: overviews, newest first."""
        self.cma.get(KIND_WEBHOOK, id, "WebhookDefinition")
        items = [_overview(c) for c in reversed(self._calls(id))]
        return self.cma.collection(items, len(items), 0, len(items))

    def call(self, space: str, id: str, call_id: str) -> Response:
        """``GET /webhooks/{id}/calls/{call_id}``: the full WebhookCallDetails."""
        call = self.cma.store.get(KIND_WEBHOOK_CALL, call_id)
        if call is None or call["sys"]["createdBy"]["sys"]["id"] != id:
            raise self.cma.not_found("WebhookCallDetails", call_id)
        return self.cma.respond(call)

    def health(self, space: str, id: str) -> Response:
        """``GET /webhooks/{id}/health``: total and healthy (2xx) call counts."""
        doc = self.cma.get(KIND_WEBHOOK, id, "WebhookDefinition")
        calls = self._calls(id)
        healthy = sum(1 for c in calls if 200 <= c["statusCode"] < 300)
        sys = {"id": id, "type": "Webhook", "space": doc["sys"]["space"]}
        sys.update(createdBy=doc["sys"]["createdBy"], createdAt=doc["sys"]["createdAt"])
        return self.cma.respond({"sys": sys, "calls": {"total": len(calls), "healthy": healthy}})

    def secret_get(self, space: str) -> Response:
        """``GET /webhook_settings/signing_secret``: the last four characters only."""
        secret = self.cma.webhooks.secret() if self.cma.webhooks else ""
        if not secret:
            raise self.cma.not_found("WebhookSigningSecret", "signing_secret")
        return self.cma.respond(self._secret_doc(secret))

    def secret_put(self, space: str) -> Response:
        """``PUT /webhook_settings/signing_secret`` ``{"value": <64 chars>}``."""
        value = self.cma.body().get("value")
        if not valid_secret(value):
            raise _invalid("value", "<redacted>")
        self.cma.store.meta_set(SECRET_META, str(value))
        return self.cma.respond(self._secret_doc(str(value)))

    def secret_delete(self, space: str) -> Response:
        """``DELETE /webhook_settings/signing_secret``: deliveries go unsigned."""
        self.cma.store.meta_set(SECRET_META, "")
        return self.cma.no_content()

    def _secret_doc(self, secret: str) -> dict[str, Any]:
        sys: dict[str, Any] = {"type": "WebhookSigningSecret", "id": "signing_secret"}
        sys.update(space=link("Space", self.cma.space), updatedAt=now_iso())
        return {"redactedValue": secret[-4:], "sys": sys}

    def _calls(self, id: str) -> list[dict[str, Any]]:
        calls = self.cma.store.all(KIND_WEBHOOK_CALL)
        return [c for c in calls if c["sys"]["createdBy"]["sys"]["id"] == id]

    def _create(self, id: str | None) -> Response:
        """``POST``/``PUT`` create: definitions start at version 0, outside any environment."""
        public, private = definition_body(self.cma.body())
        doc = {**public, "sys": self.cma.sys_for("WebhookDefinition", id, version=0, env=False)}
        return self.cma.respond(self._store(doc, private), 201)

    def _update(self, existing: dict[str, Any]) -> dict[str, Any]:
        """Replace the definition with the request body."""
        public, private = definition_body(self.cma.body())
        return self._store(lifecycle.saved(existing, public), private)

    def _store(self, doc: dict[str, Any], private: dict[str, Any]) -> dict[str, Any]:
        self.cma.store.meta_set(PRIVATE_META + doc["sys"]["id"], json.dumps(private))
        self.cma.store.put(KIND_WEBHOOK, doc["sys"]["id"], doc)
        return doc


def _overview(call: dict[str, Any]) -> dict[str, Any]:
    keep = ("statusCode", "errors", "eventType", "url", "requestAt", "responseAt")
    sys = {**call["sys"], "type": "WebhookCallOverview"}
    return {"sys": sys, **{k: call[k] for k in keep}}
