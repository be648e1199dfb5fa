"""The Medusa stand-in's event sink: where product events go, as the real project forwards them.

Every message is the JSON the project's Medusa subscriber publishes::

    {"event": "product.updated", "id": "prod_...", "data": {"id": "prod_..."},
     "metadata": {"eventGroupId": "01...", "created_at": "...Z", "published_at": "...Z"},
     "ts": "...Z"}

Destination:

* ``config.redis_url`` set: ``XADD medusa:events * event <name> id <id> payload <message JSON>``.
* otherwise the embedded durable queue, an SQLite file at ``config.events_path``::

    CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- delivery order
        event TEXT NOT NULL,                    -- e.g. "product.updated"
        id TEXT NOT NULL,                       -- the entity id (prod_, variant_, ilev_)
        payload TEXT NOT NULL,                  -- the whole message above, as JSON text
        created_at REAL NOT NULL,               -- unix time the event was written
        claimed_by TEXT,                        -- consumer name holding it (worker's business)
        claimed_at REAL,                        -- when it was claimed
        attempts INTEGER NOT NULL DEFAULT 0,    -- delivery attempts so far
        acked_at REAL,                          -- set once processed; NULL means pending
        last_error TEXT                         -- the last failure, for the dead-letter view
    )

  The sink only inserts rows (committed, WAL, ``synchronous=FULL``) before the admin call that
  caused them returns; claiming and acknowledging belong to the sync worker.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sandbox.config import SandboxConfig

STREAM = "medusa:events"
SCHEMA = """CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT,
event TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, created_at REAL NOT NULL,
claimed_by TEXT, claimed_at REAL, attempts INTEGER NOT NULL DEFAULT 0, acked_at REAL,
last_error TEXT)"""

Event = tuple[str, str, dict[str, Any]]  # (event name, entity id, data)


def _iso(moment: float) -> str:
    stamp = datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def message(event: str, id: str, payload: dict[str, Any], group_id: str) -> dict[str, Any]:
    """The message the Medusa subscriber publishes for one event."""
    now = time.time()
    return {
        "event": event,
        "id": id,
        "data": payload,
        "metadata": {"eventGroupId": group_id, "created_at": _iso(now), "published_at": _iso(now)},
        "ts": _iso(now),
    }


class EventSink:
    """Publishes Medusa events to the Redis stream or the embedded SQLite queue."""

    def __init__(self, config: SandboxConfig) -> None:
        self.redis_url = config.redis_url
        self.path = Path(config.events_path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._redis: Any = None

    def emit(self, event: str, id: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Publish one event durably; returns the message sent."""
        return self.emit_group([(event, id, payload)])[0]

    def emit_group(self, events: list[Event]) -> list[dict[str, Any]]:
        """Publish events of one workflow (same ``eventGroupId``) together, in order."""
        # Imported here: sandbox.medusa imports this module while it initialises.
        from sandbox.medusa.ids import new_ulid

        group_id = new_ulid()
        messages = [message(event, id, payload, group_id) for event, id, payload in events]
        with self._lock:
            if self.redis_url:
                self._xadd(messages)
            else:
                self._insert(messages)
        return messages

    def close(self) -> None:
        """Release the SQLite connection or Redis client."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            if self._redis is not None:
                self._redis.close()
                self._redis = None

    def _xadd(self, messages: list[dict[str, Any]]) -> None:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(self.redis_url)
        pipe = self._redis.pipeline(transaction=True)
        for msg in messages:
            fields = {"event": msg["event"], "id": msg["id"], "payload": json.dumps(msg)}
            pipe.xadd(STREAM, fields)
        pipe.execute()

    def _insert(self, messages: list[dict[str, Any]]) -> None:
        db = self._connect()
        now = time.time()
        rows = [(m["event"], m["id"], json.dumps(m), now) for m in messages]
        with db:  # one transaction, committed before we return
            db.executemany(
                "INSERT INTO events (event, id, payload, created_at) VALUES (?, ?, ?, ?)", rows
            )

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(SCHEMA)
            db.commit()
            self._db = db
        return self._db
