"""Medusa event envelopes and the one queue interface the sync worker consumes.

Backends: `sync.queue_redis.RedisStreamQueue` (the Redis stream `medusa:events`, consumer group
`storefront-sync`) and `sync.queue_sqlite.SqliteQueue` (the embedded queue the sandbox writes
to). `open_queue` picks one from the configuration.

One queue carries every job of the worker, whatever its direction: Medusa's events
(``product.*``, ``product-collection.*``, ...) and the Contentful write-back jobs the publish
webhook enqueues (``contentful.entry.publish``, `sync.writeback`). The stream keeps its historical
name ``medusa:events`` because running deployments hold events under it; renaming it would strand
them (docs/architecture.md, "Events").

Delivery is at-least-once: a worker acks only after success, so a crash can repeat an event but
never lose it. Handlers must therefore be idempotent (they are: entry id = Medusa id).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

DEFAULT_STREAM = "medusa:events"
DEFAULT_GROUP = "storefront-sync"
# Seconds a claim lasts without a heartbeat: live workers renew theirs every third of it, so a
# dead worker's events are taken over this soon, however long a live worker takes for one.
VISIBILITY_TIMEOUT = 15.0

FieldMap = Mapping[str, Any] | Mapping[bytes, Any]


def _text(value: Any) -> str:
    """Bytes or anything else as text; undecodable bytes are replaced, never raised on."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def _parse_payload(raw: str) -> dict[str, Any]:
    """The payload JSON object; {} when missing, not JSON or not an object (ids suffice)."""
    try:
        parsed = json.loads(raw) if raw else {}
    except (ValueError, RecursionError):  # RecursionError: absurdly nested junk
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _id_from_payload(payload: Mapping[str, Any]) -> str:
    """The entity id inside a Medusa message: top-level `id`, else `data.id`."""
    data = payload.get("data")
    candidate = payload.get("id") or (data.get("id") if isinstance(data, dict) else None)
    return candidate if isinstance(candidate, str) else ""


def _int(value: Any) -> int:
    """A non-negative int from a stream field, 0 for junk."""
    try:
        return max(0, int(_text(value)))
    except ValueError:
        return 0


@dataclass(frozen=True)
class EventEnvelope:
    """One delivery of a Medusa event.

    `attempts` counts deliveries of this event, this one included (1 the first time), so a
    poison message that kills its worker is still counted. `problem` is set when the message is
    unusable (no event name or no id): the worker should ack it and log the reason.
    """

    event: str
    id: str
    payload: dict[str, Any]
    message_id: str
    attempts: int = 1
    received_at: float = field(default_factory=time.time)
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when the envelope names an event and an id."""
        return self.problem is None

    @classmethod
    def from_fields(cls, fields: FieldMap, message_id: str, deliveries: int = 1) -> EventEnvelope:
        """Parse stream fields (str or bytes) without ever raising; junk yields `problem`."""
        get = {_text(k): v for k, v in fields.items()}.get
        payload = _parse_payload(_text(get("payload")))
        event = _text(get("event")) or _text(payload.get("event"))
        entity_id = _text(get("id")) or _id_from_payload(payload)
        missing = [name for name, value in (("event", event), ("id", entity_id)) if not value]
        problem = f"malformed message: no {' and no '.join(missing)}" if missing else None
        attempts = _int(get("attempts")) + max(0, deliveries)
        return cls(event, entity_id, payload, message_id, attempts, time.time(), problem)

    @classmethod
    def from_message(cls, body: Any, message_id: str) -> EventEnvelope:
        """Parse a whole Medusa JSON message (the pub/sub body) without ever raising."""
        return cls.from_fields({"payload": body}, message_id)

    def to_fields(self, attempts: int | None = None) -> dict[str, str]:
        """Stream fields to re-publish this event; `attempts` = deliveries already made."""
        prior = self.attempts if attempts is None else attempts
        return {
            "event": self.event,
            "id": self.id,
            "payload": json.dumps(self.payload),
            "attempts": str(prior),
        }


def message_body(event: str, entity_id: str, payload: Mapping[str, Any] | None) -> str:
    """The JSON `payload` text for a published event, shaped like Medusa's forwarded message."""
    body = dict(payload) if payload else {}
    body.setdefault("event", event)
    body.setdefault("id", entity_id)
    body.setdefault("data", {"id": entity_id})
    return json.dumps(body)


@dataclass(frozen=True)
class DeadLetter:
    """An event that exhausted its retries; `key` identifies it for replay."""

    key: str
    event: str
    id: str
    payload: dict[str, Any]
    attempts: int
    error: str
    dead_at: float


@dataclass(frozen=True)
class QueueStats:
    """Queue depth (not yet delivered), pending (claimed, not acked), delayed retries, dead."""

    depth: int
    pending: int
    delayed: int
    dead: int


class EventQueue(Protocol):
    """A durable, at-least-once queue of Medusa events shared by several worker processes."""

    def publish(self, event: str, id: str, payload: Mapping[str, Any] | None = None) -> str:
        """Append an event; returns its message id."""
        ...

    def claim(self, consumer: str, count: int = 10, block_ms: int = 0) -> list[EventEnvelope]:
        """New events plus stale ones of dead consumers, claimed for `consumer`."""
        ...

    def heartbeat(self, consumer: str, message_ids: Sequence[str]) -> int:
        """Renew those of `message_ids` that `consumer` still holds; returns how many."""
        ...

    def ack(self, envelope: EventEnvelope) -> None:
        """Mark an event done; it is never delivered again."""
        ...

    def retry(self, envelope: EventEnvelope, error: str, delay_s: float) -> None:
        """Give an event back, visible again after `delay_s` seconds."""
        ...

    def dead_letter(self, envelope: EventEnvelope, error: str) -> None:
        """Move an event to the dead-letter store; it is not delivered again until replayed."""
        ...

    def dead_letters(self) -> list[DeadLetter]:
        """Every dead letter, oldest first."""
        ...

    def replay_dead_letters(self, ids: list[str] | None = None) -> int:
        """Re-queue dead letters (all, or those whose key or Medusa id is in `ids`)."""
        ...

    def stats(self) -> QueueStats:
        """Counts for monitoring."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def wanted(letter: DeadLetter, ids: list[str] | None) -> bool:
    """Whether a replay request selects this dead letter (by its key or its Medusa id)."""
    return ids is None or letter.key in ids or letter.id in ids


def embedded_queue_path(data_dir: str | Path) -> Path:
    """The embedded queue file: where ``storefront sandbox`` (data_dir/sandbox) writes events."""
    return Path(data_dir) / "sandbox" / "events.sqlite"


def open_queue(
    redis_url: str, sqlite_path: Path, visibility_timeout: float = VISIBILITY_TIMEOUT
) -> EventQueue:
    """The Redis stream queue when a Redis URL is set, else the embedded SQLite queue."""
    # Imported here: both backends import this module for the envelope.
    if redis_url:
        from sync.queue_redis import RedisStreamQueue

        return RedisStreamQueue(redis_url, visibility_timeout=visibility_timeout)
    from sync.queue_sqlite import SqliteQueue

    return SqliteQueue(sqlite_path, visibility_timeout=visibility_timeout)


def queue_probe(redis_url: str, sqlite_path: Path) -> Callable[[], None]:
    """A readiness check of the queue `open_queue` would open: raises unless it answers now."""
    if redis_url:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            redis_url, socket_timeout=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
        )

        def redis_ready() -> None:
            client.ping()

        return redis_ready

    def sqlite_ready() -> None:
        import sqlite3

        if not sqlite_path.exists():  # created on the first event; nothing to open yet
            return
        with contextlib.closing(sqlite3.connect(f"file:{sqlite_path}?mode=rw", uri=True)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()

    return sqlite_ready
