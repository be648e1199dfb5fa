"""``POST /hooks/medusa``: Medusa events over signed HTTP, enqueued like the Redis subscriber's.

For Medusa deployments without a Redis shared with the storefront: the subscriber in
``integrations/medusa`` POSTs each event message here. Signature: hex HMAC-SHA256 with
``MEDUSA_WEBHOOK_SECRET`` over ``timestamp + "." + raw body``, in ``X-Medusa-Signature``; the
timestamp (ms since the epoch) in ``X-Medusa-Timestamp`` must be within 5 minutes of now.
Answers: 202 queued; 400 not a Medusa event; 401 unsigned, forged or expired; 413 too large;
415 not JSON; 503 queue unavailable. All JSON, never a 500; nothing is enqueued unless 202.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request

from storefront.config import Settings
from sync.events import EventEnvelope, EventQueue, embedded_queue_path, open_queue

TIMESTAMP_HEADER = "X-Medusa-Timestamp"
SIGNATURE_HEADER = "X-Medusa-Signature"
TOLERANCE_S = 300
MAX_BYTES = 64 * 1024  # a Medusa event message is a few hundred bytes


def sign(secret: str, timestamp_ms: int, body: bytes) -> str:
    """The signature the sender puts in ``X-Medusa-Signature``."""
    message = f"{timestamp_ms}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float
) -> str | None:
    """None when the request is authentic and fresh, else the reason it is not."""
    if not timestamp or not signature:
        return "unsigned request"
    try:
        stamp = int(timestamp)
    except ValueError:
        return "malformed timestamp"
    if abs(now * 1000 - stamp) > TOLERANCE_S * 1000:
        return "expired timestamp"
    expected = sign(secret, stamp, body)
    if not hmac.compare_digest(expected, signature.strip().lower()):
        return "invalid signature"
    return None


def _error(status: int, message: str) -> Response:
    """A JSON error answer."""
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _event(body: bytes) -> tuple[str, str, dict[str, Any]] | None:
    """(event, id, message) from a Medusa event message, None when it is not one."""
    try:
        message = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    envelope = EventEnvelope.from_message(body.decode("utf-8", errors="replace"), "hook")
    return (envelope.event, envelope.id, message) if envelope.ok else None


class _LazyQueue:
    """Opens the queue on first use (not at import or app creation), once, thread-safely."""

    def __init__(self, factory: Callable[[], EventQueue]) -> None:
        self._factory = factory
        self._queue: EventQueue | None = None
        self._lock = threading.Lock()

    def get(self) -> EventQueue:
        """The queue, opened on the first call."""
        with self._lock:
            if self._queue is None:
                self._queue = self._factory()
            return self._queue


def create_blueprint(
    secret: str,
    queue_factory: Callable[[], EventQueue],
    clock: Callable[[], float] = time.time,
) -> Blueprint:
    """The ``/hooks/medusa`` blueprint, enqueuing onto the queue `queue_factory` opens."""
    bp = Blueprint("medusa_hook", __name__)
    queue = _LazyQueue(queue_factory)

    @bp.post("/hooks/medusa")
    def receive() -> Response:
        if (request.content_length or 0) > MAX_BYTES:
            return _error(413, f"body larger than {MAX_BYTES} bytes")
        if request.mimetype != "application/json":
            return _error(415, "Content-Type must be application/json")
        body = request.get_data(cache=False)
        if len(body) > MAX_BYTES:  # chunked bodies carry no Content-Length
            return _error(413, f"body larger than {MAX_BYTES} bytes")
        headers = request.headers
        problem = verify(
            secret, headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body, clock()
        )
        if problem:
            return _error(401, problem)
        parsed = _event(body)
        if parsed is None:
            return _error(400, "not a Medusa event message (needs event and id)")
        return _enqueue(queue, *parsed)

    return bp


def _enqueue(queue: _LazyQueue, event: str, entity_id: str, message: dict[str, Any]) -> Response:
    """Publish the event; 503 when the queue cannot take it (the sender retries)."""
    try:
        message_id = queue.get().publish(event, entity_id, message)
    except Exception as exc:  # noqa: BLE001 - any queue failure is a 503, never a 500
        return _error(503, f"event queue unavailable: {type(exc).__name__}")
    response = jsonify({"queued": message_id, "event": event, "id": entity_id})
    response.status_code = 202
    return response


def init_app(app: Flask, settings: Settings) -> None:
    """Mount ``POST /hooks/medusa``, signed with MEDUSA_WEBHOOK_SECRET, onto the sync's queue."""
    queue_file = embedded_queue_path(settings.data_dir)
    bp = create_blueprint(
        settings.medusa_webhook_secret, lambda: open_queue(settings.redis_url, queue_file)
    )
    app.register_blueprint(bp)
