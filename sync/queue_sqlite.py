"""The embedded event queue: an SQLite file shared with the sandbox's Medusa and several workers.

The `events` table is a contract with the sandbox (it writes rows, we claim them) and is never
altered; our own bookkeeping lives in extra tables of the same file. Claims run in
`BEGIN IMMEDIATE` transactions, so two processes can never claim the same row, and WAL mode lets
readers and the writer in the sandbox proceed while a worker holds the write lock briefly.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sync import sqlite
from sync.events import (
    VISIBILITY_TIMEOUT,
    DeadLetter,
    EventEnvelope,
    QueueStats,
    message_body,
    wanted,
)

# The contract with the sandbox: do not change.
EVENTS_TABLE = """CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT,
event TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, created_at REAL NOT NULL,
claimed_by TEXT, claimed_at REAL, attempts INTEGER NOT NULL DEFAULT 0, acked_at REAL,
last_error TEXT)"""

OWN_SCHEMA = [
    "CREATE INDEX IF NOT EXISTS events_open ON events(seq) WHERE acked_at IS NULL",
    "CREATE INDEX IF NOT EXISTS events_acked ON events(acked_at) WHERE acked_at IS NOT NULL",
    # A retried event is hidden until not_before (a side table: `events` is a fixed contract).
    "CREATE TABLE IF NOT EXISTS event_delays (seq INTEGER PRIMARY KEY, not_before REAL NOT NULL)",
    """CREATE TABLE IF NOT EXISTS dead_letters (key INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER, event TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL,
    attempts INTEGER NOT NULL, error TEXT NOT NULL, dead_at REAL NOT NULL)""",
]

# Visible = not acked, not claimed (or claimed by a consumer silent for too long), not delayed.
CLAIM = """UPDATE events SET claimed_by = ?, claimed_at = ?, attempts = attempts + 1
WHERE seq IN (SELECT seq FROM events WHERE acked_at IS NULL
  AND (claimed_by IS NULL OR claimed_at <= ?)
  AND seq NOT IN (SELECT seq FROM event_delays WHERE not_before > ?)
  ORDER BY seq LIMIT ?)
RETURNING seq, event, id, payload, attempts"""

STATS = """SELECT
 (SELECT count(*) FROM events WHERE acked_at IS NULL AND claimed_by IS NULL
   AND seq NOT IN (SELECT seq FROM event_delays WHERE not_before > :now)),
 (SELECT count(*) FROM events WHERE acked_at IS NULL AND claimed_by IS NOT NULL),
 (SELECT count(*) FROM event_delays d JOIN events e USING (seq)
   WHERE d.not_before > :now AND e.acked_at IS NULL),
 (SELECT count(*) FROM dead_letters)"""

POLL_S = 0.05


class SqliteQueue:
    """The `EventQueue` over an SQLite file; safe across threads and processes."""

    def __init__(
        self,
        path: Path | str,
        visibility_timeout: float = VISIBILITY_TIMEOUT,
        retention_s: float = 3600,
    ) -> None:
        """Open (and create if needed) the queue file at `path`."""
        self.path = Path(path)
        self.visibility_timeout = visibility_timeout
        self.retention_s = retention_s
        self._lock = threading.Lock()
        self._last_prune = 0.0
        # Autocommit mode: every transaction below is explicit and short.
        self._db = sqlite.connect(self.path)
        with self._write():
            for statement in [EVENTS_TABLE, *OWN_SCHEMA]:
                self._db.execute(statement)

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """A short write transaction that takes the database write lock up front."""
        return sqlite.write(self._db, self._lock)

    def publish(self, event: str, id: str, payload: Mapping[str, Any] | None = None) -> str:
        """Append an event, as the sandbox does; returns its seq."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO events (event, id, payload, created_at) VALUES (?, ?, ?, ?)",
                (event, id, message_body(event, id, payload), time.time()),
            )
        return str(cursor.lastrowid)

    def claim(self, consumer: str, count: int = 10, block_ms: int = 0) -> list[EventEnvelope]:
        """Claim up to `count` visible events, polling for up to `block_ms` when there are none."""
        deadline = time.monotonic() + block_ms / 1000
        while True:
            claimed = self._claim_once(consumer, count)
            remaining = deadline - time.monotonic()
            if claimed or remaining <= 0:
                return claimed
            time.sleep(min(POLL_S, remaining))

    def _claim_once(self, consumer: str, count: int) -> list[EventEnvelope]:
        """One claim transaction: mark rows as ours, count the delivery, drop spent delays."""
        now = time.time()
        with self._write() as db:
            rows = db.execute(
                CLAIM, (consumer, now, now - self.visibility_timeout, now, count)
            ).fetchall()
            db.executemany("DELETE FROM event_delays WHERE seq = ?", [(r[0],) for r in rows])
        return [self._envelope(row) for row in sorted(rows)]

    @staticmethod
    def _envelope(row: tuple[Any, ...]) -> EventEnvelope:
        """An envelope from a claimed row; the row's attempts already count this delivery."""
        seq, event, entity_id, payload, attempts = row
        fields = {"event": event, "id": entity_id, "payload": payload}
        return EventEnvelope.from_fields(fields, str(seq), deliveries=attempts)

    def heartbeat(self, consumer: str, message_ids: Sequence[str]) -> int:
        """Renew those claims of `consumer` among `message_ids`; returns how many."""
        now = time.time()
        rows = [(now, consumer, seq) for seq in message_ids]
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "UPDATE events SET claimed_at = ? WHERE claimed_by = ? AND seq = ? "
                "AND acked_at IS NULL",
                rows,
            )
            return db.total_changes - before

    def ack(self, envelope: EventEnvelope) -> None:
        """Mark the row done; done rows are pruned after `retention_s`."""
        now = time.time()
        with self._write() as db:
            db.execute("UPDATE events SET acked_at = ? WHERE seq = ?", (now, envelope.message_id))
            db.execute("DELETE FROM event_delays WHERE seq = ?", (envelope.message_id,))
        if now - self._last_prune > min(60.0, self.retention_s):
            self.prune(now)

    def prune(self, now: float | None = None) -> int:
        """Delete rows acked more than `retention_s` ago; returns how many."""
        cutoff = (time.time() if now is None else now) - self.retention_s
        self._last_prune = time.time()
        with self._write() as db:
            return db.execute("DELETE FROM events WHERE acked_at < ?", (cutoff,)).rowcount

    def retry(self, envelope: EventEnvelope, error: str, delay_s: float) -> None:
        """Release the claim; the row becomes visible again after `delay_s`."""
        with self._write() as db:
            db.execute(
                "UPDATE events SET claimed_by = NULL, claimed_at = NULL, last_error = ? "
                "WHERE seq = ? AND acked_at IS NULL",
                (error, envelope.message_id),
            )
            db.execute(
                "INSERT OR REPLACE INTO event_delays (seq, not_before) VALUES (?, ?)",
                (envelope.message_id, time.time() + max(0.0, delay_s)),
            )

    def dead_letter(self, envelope: EventEnvelope, error: str) -> None:
        """Copy the event to `dead_letters` and close its row, in one transaction."""
        now = time.time()
        fields = envelope.to_fields()
        with self._write() as db:
            db.execute(
                "INSERT INTO dead_letters (seq, event, id, payload, attempts, error, dead_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (envelope.message_id, envelope.event, envelope.id, fields["payload"],
                 envelope.attempts, error, now),
            )  # fmt: skip
            db.execute(
                "UPDATE events SET acked_at = ?, last_error = ? WHERE seq = ?",
                (now, error, envelope.message_id),
            )
            db.execute("DELETE FROM event_delays WHERE seq = ?", (envelope.message_id,))

    def dead_letters(self) -> list[DeadLetter]:
        """Every dead letter, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, event, id, payload, attempts, error, dead_at "
                "FROM dead_letters ORDER BY key"
            ).fetchall()
        return [self._dead_letter(row) for row in rows]

    @staticmethod
    def _dead_letter(row: tuple[Any, ...]) -> DeadLetter:
        """A `DeadLetter` from a row, tolerating a payload that is not JSON."""
        key, event, entity_id, payload, attempts, error, dead_at = row
        parsed = EventEnvelope.from_fields({"payload": payload}, str(key)).payload
        return DeadLetter(str(key), event, entity_id, parsed, attempts, error, dead_at)

    def replay_dead_letters(self, ids: list[str] | None = None) -> int:
        """Re-queue the chosen dead letters as fresh rows (attempts 0) and forget them."""
        chosen = [letter for letter in self.dead_letters() if wanted(letter, ids)]
        replayed = 0
        with self._write() as db:
            for letter in chosen:
                # Delete first and check: a concurrent replay of the same letter re-queues it once.
                gone = db.execute("DELETE FROM dead_letters WHERE key = ?", (letter.key,))
                if gone.rowcount:
                    db.execute(
                        "INSERT INTO events (event, id, payload, created_at) VALUES (?, ?, ?, ?)",
                        (letter.event, letter.id,
                         message_body(letter.event, letter.id, letter.payload), time.time()),
                    )  # fmt: skip
                    replayed += 1
        return replayed

    def stats(self) -> QueueStats:
        """Depth, pending, delayed and dead counts."""
        with self._lock:
            row = self._db.execute(STATS, {"now": time.time()}).fetchone()
        return QueueStats(*row)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()
