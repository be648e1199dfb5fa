"""``POST /hooks/medusa``: Medusa events over signed HTTP, enqueued like the Redis subscriber's.

For Medusa deployments without a Redis shared with the storefront: the subscriber in
``integrations/medusa`` POSTs each event message here. Signature: hex HMAC-SHA256 with
``MEDUSA_WEBHOOK_SECRET`` over ``timestamp + "." + raw body``, in ``X-Medusa-Signature``; the
timestamp (ms since the epoch) in ``X-Medusa-Timestamp`` must be within 5 minutes of now.
Answers: 202 queued (also for a replay of a message already queued, with ``duplicate``: it
is not queued again); 400 not a Medusa event (only the events the subscriber forwards are
accepted); 401 unsigned, forged or expired; 413 too large; 415 not JSON; 503 queue unavailable.
All JSON, never a 500; nothing is enqueued unless 202.

The signature authenticates the sender, not each field: what is queued is rebuilt from the event
name and id alone, so a caller can never set the fields the sync's own jobs use (a revision, a
write-back's fields). A signed message is identified by its signed bytes (timestamp + body) and
remembered for as long as its timestamp is acceptable, so a captured call replayed is not queued
again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from config.settings import Settings
from sync.events import EventEnvelope, EventQueue, embedded_queue_path, open_queue
from sync.state import StateStore, open_state

TIMESTAMP_HEADER = "X-Medusa-Timestamp"
SIGNATURE_HEADER = "X-Medusa-Signature"
TOLERANCE_S = 300
T = TypeVar("T")
MAX_BYTES = 64 * 1024  # a Medusa event message is a few hundred bytes
STAMP = re.compile(r"[0-9]{1,15}")  # ms since the epoch; ASCII digits only, no float overflow
ENTITY_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")  # Medusa ids: prefix_ULID
# What integrations/medusa forwards; anything else (the sync's own job names) is refused.
MEDUSA_EVENTS = frozenset(
    f"{entity}.{action}"
    for entity in ("product", "product-variant", "inventory-level")
    for action in ("created", "updated", "deleted")
)


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
    if not STAMP.fullmatch(timestamp.strip()):
        return "malformed timestamp"
    stamp = int(timestamp)
    if abs(now * 1000 - stamp) > TOLERANCE_S * 1000:
        return "expired timestamp"
    expected = sign(secret, stamp, body)
    given = signature.strip().lower().encode("utf-8", "replace")  # bytes: any header text
    if not hmac.compare_digest(expected.encode(), given):
        return "invalid signature"
    return None


def _answer(status: int, **body: Any) -> Response:
    """A JSON answer."""
    response = jsonify(body)
    response.status_code = status
    return response


def _error(status: int, message: str) -> Response:
    """A JSON error answer."""
    return _answer(status, error=message)


def _event(body: bytes) -> tuple[str, str] | None:
    """(event, id) from a Medusa event message, None when it is not one we accept."""
    try:
        message = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    envelope = EventEnvelope.from_message(body.decode("utf-8", errors="replace"), "hook")
    if not envelope.ok or envelope.event not in MEDUSA_EVENTS:
        return None
    return (envelope.event, envelope.id) if ENTITY_ID.fullmatch(envelope.id) else None


def message_key(timestamp: str, body: bytes) -> str:
    """The state key that marks one signed message as queued (its signed bytes, hashed)."""
    digest = hashlib.sha256(timestamp.strip().encode() + b"." + body).hexdigest()
    return f"medusa-hook:{digest}"


class _Lazy(Generic[T]):
    """Opens a resource on first use (not at import or app creation), once, thread-safely."""

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


def create_blueprint(
    secret: str,
    queue_factory: Callable[[], EventQueue],
    state_factory: Callable[[], StateStore],
    clock: Callable[[], float] = time.time,
) -> Blueprint:
    """The ``/hooks/medusa`` blueprint, enqueuing onto the queue `queue_factory` opens.

    `state_factory` opens the shared state (`sync.state.open_state`) that remembers the
    messages already queued, across the storefront's processes.
    """
    bp = Blueprint("medusa_hook", __name__)
    queue, state = _Lazy(queue_factory), _Lazy(state_factory)

    @bp.post("/hooks/medusa")
    def receive() -> Response:
        if (request.content_length or 0) > MAX_BYTES:
            return _error(413, f"body larger than {MAX_BYTES} bytes")
        if request.mimetype != "application/json":
            return _error(415, "Content-Type must be application/json")
        request.max_content_length = MAX_BYTES + 1  # read a chunked body one byte past the limit
        try:
            body = request.get_data(cache=False)
        except HTTPException as exc:  # the client went away mid-body
            return _error(exc.code or 400, exc.description or "unreadable body")
        if len(body) > MAX_BYTES:  # chunked bodies carry no Content-Length
            return _error(413, f"body larger than {MAX_BYTES} bytes")
        stamp = request.headers.get(TIMESTAMP_HEADER)
        problem = verify(secret, stamp, request.headers.get(SIGNATURE_HEADER), body, clock())
        if problem:
            return _error(401, problem)
        parsed = _event(body)
        if parsed is None:
            return _error(400, "not a Medusa event message (needs a forwarded event and an id)")
        return _enqueue(queue, state, message_key(stamp or "", body), *parsed)

    return bp


def _enqueue(
    queue: _Lazy[EventQueue], state: _Lazy[StateStore], key: str, event: str, entity_id: str
) -> Response:
    """Publish the event once per signed message; 503 when it cannot be (the sender retries)."""
    try:
        if not state.get().add(key, "1", 2 * TOLERANCE_S):  # a replay inside the window
            return _answer(202, duplicate=True, event=event, id=entity_id)
    except Exception as exc:  # noqa: BLE001 - any state failure is a 503, never a 500
        return _error(503, f"shared state unavailable: {type(exc).__name__}")
    try:
        message = {"event": event, "id": entity_id, "data": {"id": entity_id}}
        message_id = queue.get().publish(event, entity_id, message)
    except Exception as exc:  # noqa: BLE001 - any queue failure is a 503, never a 500
        _forget(state, key)  # the sender's retry must get through
        return _error(503, f"event queue unavailable: {type(exc).__name__}")
    return _answer(202, queued=message_id, event=event, id=entity_id)


def _forget(state: _Lazy[StateStore], key: str) -> None:
    """Un-mark a message whose queueing failed; a state failure here only costs a retry."""
    with contextlib.suppress(Exception):  # the key expires with the window anyway
        state.get().delete(key)


def init_app(app: Flask, settings: Settings) -> None:
    """Mount ``POST /hooks/medusa``, signed with MEDUSA_WEBHOOK_SECRET, onto the sync's queue."""
    queue_file = embedded_queue_path(settings.data_dir)
    bp = create_blueprint(
        settings.medusa_webhook_secret,
        lambda: open_queue(settings.redis_url, queue_file),
        lambda: open_state(settings),
    )
    app.register_blueprint(bp)
