"""``POST /hooks/contentful``: Contentful's signed webhooks, deduplicated, acted on fast.

- ``Entry.publish`` of a ``product``: the storefront's cache for the product is purged at once
  (in the request), and the write-back job is queued for the sync worker (202).
- ``Entry.unpublish``, ``Entry.archive``, ``Entry.delete`` of a product: purge (200).
- any of the four of a ``collection`` or ``category``: the taxonomy purge (200), nothing queued.
- anything else: acknowledged and ignored (200). Duplicates and stale calls: 200 with a note.
Errors, all JSON: 413 over `MAX_BYTES` (checked before reading), 415 not a JSON media type,
401 unsigned, forged, expired or from the future (TTL 30 s either way, timestamps in ms), or
signed without covering X-Contentful-Topic (the topic decides what is done), 400 malformed body
or no topic; an X-Contentful-Idempotency-Key the signature does not cover is ignored;
503 when the queue, the shared state or the purge fails (Contentful retries 5xx).
The blueprint imports nothing of the storefront app: the purges come in as callbacks, one for
a product (id, handle, entry id, and the entry's fields as published, None when it left the
Delivery API: the storefront tells from them whether its URL slugs moved) and one for a
collection or category (id).
Wire facts: docs/reference/contentful-wire.md §3.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from config.settings import ConfigError, Settings
from sync import signing
from sync.dedupe import Call, Dedupe
from sync.events import EventQueue, embedded_queue_path, open_queue
from sync.state import open_state
from sync.webhook_parse import HookError, Parsed, parse_call
from sync.writeback import WRITEBACK_EVENT, job_payload

PATH = "/hooks/contentful"
MAX_BYTES = 1024 * 1024
MEDIA_TYPES = ("application/vnd.contentful.management.v1+json", "application/json")
TOPIC_HEADER = "X-Contentful-Topic"
KEY_HEADER = "X-Contentful-Idempotency-Key"

log = logging.getLogger("sync.webhook")
Purge = Callable[[str, "str | None", str, "Mapping[str, Any] | None"], None]
TaxonomyPurge = Callable[[str], None]
T = TypeVar("T")


class _Lazy(Generic[T]):
    """Opens a resource on first use (not at app creation), once, thread-safely."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        """The resource, opened on the first call."""
        with self._lock:
            if self._value is None:
                self._value = self._factory()
            return self._value


class Unavailable(Exception):
    """A dependency (queue, shared state, cache) failed: answer 503 so Contentful retries."""


def _answer(status: int, **body: Any) -> Response:
    """A JSON answer."""
    response = jsonify(body)
    response.status_code = status
    return response


@dataclass
class Receiver:
    """The request handling, with its dependencies."""

    secret: str
    queue: _Lazy[EventQueue]
    dedupe: _Lazy[Dedupe]
    purge: Purge
    purge_taxonomy: TaxonomyPurge
    ttl_seconds: int = signing.DEFAULT_TTL_SECONDS
    clock: Callable[[], float] = time.time

    def receive(self) -> Response:
        """Check, parse, dedupe and act; every outcome is a JSON answer."""
        try:
            body = self._checked_body()
            parsed = parse_call(request.headers.get(TOPIC_HEADER), body)
        except HookError as exc:
            log.info(json.dumps({"hook": "contentful", "status": exc.status, "error": str(exc)}))
            return _answer(exc.status, error=str(exc))
        if parsed.kind == "ignored":
            return _answer(200, ignored=parsed.topic)
        try:
            return self._act(parsed)
        except Unavailable as exc:
            log.warning(json.dumps({"hook": "contentful", "status": 503, "error": str(exc)}))
            return _answer(503, error=str(exc))

    def _checked_body(self) -> bytes:
        """The raw body after the size, media type and signature checks."""
        if (request.content_length or 0) > MAX_BYTES:
            raise HookError(413, f"body larger than {MAX_BYTES} bytes")
        if request.mimetype not in MEDIA_TYPES:
            raise HookError(415, f"Content-Type must be one of {', '.join(MEDIA_TYPES)}")
        body = self._read()
        if self.secret:
            self._verify(body)
        return body

    def _read(self) -> bytes:
        """The raw body; chunked bodies carry no Content-Length, so the limit applies here too."""
        # werkzeug stops reading a chunked body at the limit without a word: read one byte
        # more, so a body over the limit shows as such (413) instead of as a cut one (401).
        request.max_content_length = MAX_BYTES + 1
        try:
            body = request.get_data(cache=True)
        except HTTPException as exc:  # RequestEntityTooLarge, or the client went away
            raise HookError(exc.code or 400, exc.description or "unreadable body") from exc
        if len(body) > MAX_BYTES:
            raise HookError(413, f"body larger than {MAX_BYTES} bytes")
        return body

    def _verify(self, body: bytes) -> None:
        """Contentful's signature over the raw body; 401 when it cannot be accepted."""
        path = request.script_root + request.path
        if request.query_string:
            path += "?" + request.query_string.decode("latin-1")
        text = body.decode("utf-8", errors="replace")  # a genuine body is UTF-8 JSON
        now_ms = int(self.clock() * 1000)
        try:
            signing.verify(
                self.secret, request.method, path, dict(request.headers), text,
                ttl_seconds=self.ttl_seconds, now_ms=now_ms, required=(TOPIC_HEADER,),
            )  # fmt: skip
        except ValueError as exc:  # SignatureError, and int() of odd "digits" in the timestamp
            reason = str(exc) if isinstance(exc, signing.SignatureError) else "malformed timestamp"
            raise HookError(401, reason) from exc

    def _act(self, parsed: Parsed) -> Response:
        """Dedupe, then purge (and queue the write-back on publish)."""
        call = Call(parsed.entry_id, parsed.topic, parsed.revision, parsed.version, self._key())
        dedupe = self._dedupe()
        verdict = _guarded("shared state", lambda: dedupe.claim(call))
        if verdict is not None:
            return _answer(200, **{verdict: True, "note": f"{verdict} call, nothing done"})
        try:
            response = self._apply(parsed)
        except Unavailable:
            _guarded("shared state", lambda: dedupe.release(call))
            raise
        _guarded("shared state", lambda: dedupe.done(call))
        return response

    def _apply(self, parsed: Parsed) -> Response:
        """The purge, and for a publish the queued write-back job."""
        _guarded("cache purge", lambda: self._purge(parsed))
        if parsed.kind == "purge":
            return _answer(200, purged=parsed.product_id, topic=parsed.topic)
        if parsed.entry_id != parsed.product_id:
            return _not_the_product_entry(parsed)
        job = job_payload(parsed.entry_id, parsed.revision, parsed.fields)
        queue = _guarded("event queue", self.queue.get)
        message_id = _guarded(
            "event queue", lambda: queue.publish(WRITEBACK_EVENT, parsed.product_id, job)
        )
        return _answer(202, queued=message_id, purged=parsed.product_id, topic=parsed.topic)

    def _purge(self, parsed: Parsed) -> None:
        """The purge of what the entry is: a collection or category, else a product."""
        if parsed.taxonomy:
            self.purge_taxonomy(parsed.product_id)
        else:
            shown = parsed.fields if parsed.kind == "publish" else None
            self.purge(parsed.product_id, parsed.handle, parsed.entry_id, shown)

    def _key(self) -> str | None:
        """The idempotency key, trusted only when the signature covers it (or nothing is signed)."""
        key = request.headers.get(KEY_HEADER) or None
        signed = signing.signed_names(dict(request.headers))
        if key and self.secret and KEY_HEADER.lower() not in signed:
            return None  # anyone could have set it: dedupe on the entry's revision alone
        return key

    def _dedupe(self) -> Dedupe:
        return _guarded("shared state", self.dedupe.get)


def _not_the_product_entry(parsed: Parsed) -> Response:
    """A copy of a product's entry (Contentful's "Duplicate" keeps medusaId): never written back.

    Sync keeps the entry id equal to the Medusa id, so only that entry speaks for the product;
    a second one with the same medusaId would otherwise overwrite the product with its title.
    """
    log.warning(json.dumps({
        "hook": "contentful", "status": 200, "entry": parsed.entry_id,
        "medusaId": parsed.product_id, "action": "write-back-refused",
        "why": "the entry id is not the product id: a duplicate of the product's entry",
    }))  # fmt: skip
    note = "not the product's own entry (its id differs from medusaId): not written back"
    return _answer(200, ignored=parsed.topic, entry=parsed.entry_id, note=note)


def _guarded(what: str, action: Callable[[], T]) -> T:
    """Run a call to a dependency; its failure, whatever the type, becomes `Unavailable`."""
    try:
        return action()
    except Exception as exc:  # noqa: BLE001 - a dependency's failure is a 503, never a 500
        raise Unavailable(f"{what} unavailable: {type(exc).__name__}") from exc


def create_blueprint(
    secret: str,
    queue_factory: Callable[[], EventQueue],
    dedupe_factory: Callable[[], Dedupe],
    purge: Purge,
    purge_taxonomy: TaxonomyPurge,
    ttl_seconds: int = signing.DEFAULT_TTL_SECONDS,
    clock: Callable[[], float] = time.time,
) -> Blueprint:
    """The ``/hooks/contentful`` blueprint; `purge(product_id, handle, entry_id, fields)`
    forgets a product's cached content, `purge_taxonomy(record_id)` a collection's or
    category's."""
    bp = Blueprint("contentful_hook", __name__)
    lazy = (_Lazy(queue_factory), _Lazy(dedupe_factory))
    receiver = Receiver(secret, *lazy, purge, purge_taxonomy, ttl_seconds, clock)
    bp.add_url_rule(PATH, "receive", receiver.receive, methods=["POST"])
    bp.add_url_rule(PATH, "other", _not_allowed, methods=["GET", "PUT", "PATCH", "DELETE"])
    return bp


def _not_allowed() -> Response:
    """405 in JSON (the app's own handler would answer an HTML page)."""
    response = _answer(405, error="only POST is accepted")
    response.headers["Allow"] = "POST"
    return response


def queue_path(settings: Settings) -> Path:
    """The embedded queue file the sync worker reads."""
    return embedded_queue_path(settings.data_dir)


def init_app(app: Flask, settings: Settings, purge: Purge, purge_taxonomy: TaxonomyPurge) -> None:
    """Mount the receiver; production refuses to start without a signing secret."""
    secret = settings.contentful_webhook_secret
    if not secret and settings.is_production:
        raise ConfigError(
            "CONTENTFUL_WEBHOOK_SECRET must be set in production: /hooks/contentful verifies "
            "Contentful's request signature with it"
        )
    if not secret:
        log.warning(
            "CONTENTFUL_WEBHOOK_SECRET is not set: /hooks/contentful accepts UNSIGNED calls"
        )
    bp = create_blueprint(
        secret,
        lambda: open_queue(settings.redis_url, queue_path(settings)),
        lambda: Dedupe(open_state(settings)),
        purge,
        purge_taxonomy,
    )
    app.register_blueprint(bp)
