"""Webhook delivery like Contentful's: topic and filter matching, signed POSTs, retries, call log.

Events are matched against the definitions when they happen and queued; one worker thread sends
them in order (so per entity too), never holding up the CMA response that caused them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from sandbox.config import SandboxConfig
from sandbox.contentful.cma import signing
from sandbox.contentful.cma.webhook_rules import filters_pass, topic_matches, transform
from sandbox.contentful.common import KIND_WEBHOOK, KIND_WEBHOOK_CALL, new_id
from sandbox.store import Store

log = logging.getLogger(__name__)
SECRET_META = "cf:webhook_signing_secret"  # noqa: S105 - a store key
PRIVATE_META = "cf:webhook_private:"  # + definition id: password and secret header values
ATTEMPTS = 3
_ENTITY_PATHS = {"Entry": "entries", "Asset": "assets", "ContentType": "content_types"}


@dataclass
class Delivery:
    """One event for one definition: what to send, and the key that stays the same on retries."""

    webhook: dict[str, Any]
    topic: str  # "Entry.publish"
    payload: dict[str, Any]
    entity: dict[str, Any]
    key: str
    attempts: list[dict[str, Any]] = field(default_factory=list)


class Webhooks:
    """Matches events to definitions and delivers them from a background thread."""

    def __init__(self, store: Store, config: SandboxConfig) -> None:
        self.store, self.config = store, config
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cf-webhooks", daemon=True)
        self._thread.start()

    def secret(self) -> str:
        """The space's signing secret ('' when deliveries are unsigned)."""
        value = self.store.meta_get(SECRET_META)
        return self.config.webhook_secret if value is None else value

    def emit(self, topic: str, entity: dict[str, Any], payload: dict[str, Any]) -> None:
        """Queue a delivery for every definition whose topics and filters match."""
        event_id = new_id()
        for webhook in self.store.all(KIND_WEBHOOK):
            if topic_matches(webhook.get("topics") or [], topic) and filters_pass(
                webhook.get("filters") or [], entity
            ):
                key = hashlib.sha256(f"{webhook['sys']['id']}:{event_id}".encode()).hexdigest()
                self._queue.put(Delivery(webhook, topic, payload, entity, key))

    def stop(self) -> None:
        """Stop the worker (pending deliveries are dropped, as on a server shutdown)."""
        self._stopping.set()
        self._queue.put(None)
        self._thread.join(timeout=5)

    def idle(self) -> bool:
        """Whether nothing is queued (tests wait on this)."""
        return self._queue.unfinished_tasks == 0

    def _run(self) -> None:
        while not self._stopping.is_set():
            delivery = self._queue.get()
            try:
                if delivery is not None:
                    self._deliver(delivery)
            except Exception:  # a broken definition must not kill the worker
                log.exception("webhook delivery failed")
            finally:
                self._queue.task_done()

    def _deliver(self, delivery: Delivery) -> None:
        for attempt in range(ATTEMPTS):
            if attempt and self._stopping.wait(self.config.webhook_retry_delay):
                return
            status = self._attempt(delivery)
            if status is not None and status != 429 and status < 500:
                return

    def _attempt(self, delivery: Delivery) -> int | None:
        method, url, headers, body = self._request(delivery)
        started, response, errors = time.time(), None, []
        try:
            with httpx.Client(timeout=self.config.webhook_timeout) as client:
                response = client.request(method, url, headers=headers, content=body.encode())
        except httpx.HTTPError as exc:
            errors.append({"message": f"{type(exc).__name__}: {exc}"})
        record_call(self.store, delivery, (method, url, headers, body), response, errors, started)
        return None if response is None else response.status_code

    def _request(self, d: Delivery) -> tuple[str, str, dict[str, str], str]:
        method, content_type, body = transform(d.webhook.get("transformation"), d)
        headers = self._headers(d, content_type)
        url = d.webhook["url"]
        secret = self.secret()
        if secret:
            parts = urlsplit(url)
            path = parts.path or "/"
            path = f"{path}?{parts.query}" if parts.query else path
            stamp = int(time.time() * 1000)
            headers.update(signing.sign(secret, method, path, headers, body, stamp))
        return method, url, self._with_private(d.webhook, headers), body

    def _headers(self, d: Delivery, content_type: str) -> dict[str, str]:
        headers = {
            "Content-Type": content_type,
            "X-Contentful-Topic": f"ContentManagement.{d.topic}",
            "X-Contentful-Webhook-Name": str(d.webhook.get("name", "")),
            "X-Contentful-Idempotency-Key": d.key,
        }
        crn = _crn(d.entity)
        if crn:
            headers["X-Contentful-CRN"] = crn
        return headers

    def _with_private(self, webhook: dict[str, Any], headers: dict[str, str]) -> dict[str, str]:
        # Custom and auth headers go on after signing: like Contentful, only its own are signed.
        private = private_settings(self.store, webhook["sys"]["id"])
        extra = {h["key"]: h.get("value", "") for h in webhook.get("headers") or []}
        extra.update(private.get("headers", {}))
        user, password = webhook.get("httpBasicUsername"), private.get("password")
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            extra["Authorization"] = f"Basic {token}"
        return {**extra, **headers}


def private_settings(store: Store, webhook_id: str) -> dict[str, Any]:
    """The write-only parts of a definition (basic-auth password, secret header values)."""
    raw = store.meta_get(PRIVATE_META + webhook_id)
    return json.loads(raw) if raw else {}


def _crn(entity: dict[str, Any]) -> str | None:
    sys = entity.get("sys", {})
    kind = _ENTITY_PATHS.get(sys.get("type", ""))
    if kind is None or kind == "content_types":
        return None
    space = sys.get("space", {}).get("sys", {}).get("id", "")
    env = sys.get("environment", {}).get("sys", {}).get("id", "master")
    return f"crn:contentful:::content:spaces/{space}/environments/{env}/{kind}/{sys.get('id')}"


def record_call(
    store: Store,
    d: Delivery,
    sent: tuple[str, str, dict[str, str], str],
    response: httpx.Response | None,
    errors: list[dict[str, Any]],
    started: float,
) -> dict[str, Any]:
    """Store one attempt as a ``WebhookCallDetails`` (the recorded shape)."""
    method, url, headers, body = sent
    webhook = d.webhook["sys"]
    status = response.status_code if response is not None else 0
    call: dict[str, Any] = {
        "sys": {
            "id": new_id(),
            "type": "WebhookCallDetails",
            "space": webhook["space"],
            "createdBy": {
                "sys": {"type": "Link", "linkType": "WebhookDefinition", "id": webhook["id"]}
            },
            "createdAt": _iso(started),
        },
        "request": {"url": url, "method": method, "headers": _shown(headers), "body": body},
        "response": _response_part(url, response),
        "statusCode": status,
        "responseAt": _iso(time.time()),
        "errors": errors,
        "eventType": d.topic.split(".", 1)[1],
        "url": url,
        "requestAt": _iso(started),
    }
    return store.put(KIND_WEBHOOK_CALL, call["sys"]["id"], call)


def _shown(headers: dict[str, str]) -> dict[str, str]:
    hidden = {"authorization"}
    return {k: ("***" if k.lower() in hidden else v) for k, v in headers.items()}


def _response_part(url: str, response: httpx.Response | None) -> dict[str, Any]:
    if response is None:
        return {"url": url, "body": "", "headers": {}, "statusCode": 0}
    return {
        "url": url,
        "body": response.text[:10_000],
        "headers": dict(response.headers),
        "statusCode": response.status_code,
    }


def _iso(ts: float) -> str:
    ms = int(ts * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{ms:03d}Z"
