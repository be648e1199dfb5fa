"""The sync's small shared state: keys with an expiry, seen by every process.

Redis when ``REDIS_URL`` is set, else an SQLite file in the data directory (WAL mode, shared by
the storefront's workers and the sync worker). The loop guard's flags (``sync.guard``), the
webhook dedupe keys (``sync.dedupe``) and the worker journal (``sync.journal``) live here.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

import redis

from config.settings import Settings
from sync import sqlite

PREFIX = "storefront-sync:"
PRUNE_EVERY_S = 60.0
SCHEMA = """CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL,
expires_at REAL NOT NULL)"""

# Keep the larger of the stored and given revision; return the one stored before (0 if none).
RAISE_TO = """
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > old then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return old
"""


class StateStore(Protocol):
    """Small shared key-value state with expiry, safe across threads and processes."""

    def put(self, key: str, value: str, ttl: float) -> None:
        """Set a key for `ttl` seconds."""
        ...

    def get(self, key: str) -> str | None:
        """A live key's value, or None."""
        ...

    def add(self, key: str, value: str, ttl: float) -> bool:
        """Set a key only when absent or expired; True when this call set it."""
        ...

    def delete(self, key: str) -> None:
        """Forget a key."""
        ...

    def raise_to(self, key: str, number: int, ttl: float) -> int:
        """Store max(stored, number) atomically; returns the number stored before (0: none)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


class RedisState:
    """`StateStore` in Redis (shared by every instance)."""

    def __init__(self, redis_url: str) -> None:
        """Connect lazily (redis-py opens on first command)."""
        self._redis = redis.Redis.from_url(redis_url, decode_responses=True)
        self._raise_to = self._redis.register_script(RAISE_TO)

    def put(self, key: str, value: str, ttl: float) -> None:
        """SET with a millisecond expiry."""
        self._redis.set(PREFIX + key, value, px=_ms(ttl))

    def get(self, key: str) -> str | None:
        """GET."""
        value = self._redis.get(PREFIX + key)
        return None if value is None else str(value)

    def add(self, key: str, value: str, ttl: float) -> bool:
        """SET NX: atomic first-writer-wins."""
        return bool(self._redis.set(PREFIX + key, value, px=_ms(ttl), nx=True))

    def delete(self, key: str) -> None:
        """DEL."""
        self._redis.delete(PREFIX + key)

    def raise_to(self, key: str, number: int, ttl: float) -> int:
        """A Lua compare-and-set, so two deliveries cannot both win."""
        return int(self._raise_to(keys=[PREFIX + key], args=[number, _ms(ttl)]))

    def close(self) -> None:
        """Close the pool."""
        self._redis.close()


class SqliteState:
    """`StateStore` in an SQLite file (shared by the processes of one machine)."""

    def __init__(self, path: Path | str) -> None:
        """Open (and create) the file; every write is a short BEGIN IMMEDIATE transaction."""
        self._db = sqlite.connect(path)
        self._lock = threading.Lock()
        self._pruned = 0.0
        self._db.execute(SCHEMA)

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite.write(self._db, self._lock)

    def put(self, key: str, value: str, ttl: float) -> None:
        """Insert or replace (and now and then drop expired rows: keys are per product)."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?)", (key, value, _until(ttl))
            )
            if time.time() - self._pruned > PRUNE_EVERY_S:
                self._pruned = time.time()
                db.execute("DELETE FROM sync_state WHERE expires_at <= ?", (self._pruned,))

    def get(self, key: str) -> str | None:
        """The value unless expired."""
        with self._lock:
            return self._live(self._db, key)

    def add(self, key: str, value: str, ttl: float) -> bool:
        """Insert unless a live row exists (an expired one is replaced)."""
        with self._write() as db:
            if self._live(db, key) is not None:
                return False
            db.execute(
                "INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?)", (key, value, _until(ttl))
            )
            return True

    def delete(self, key: str) -> None:
        """Delete the row."""
        with self._write() as db:
            db.execute("DELETE FROM sync_state WHERE key = ?", (key,))

    def raise_to(self, key: str, number: int, ttl: float) -> int:
        """Keep the larger number; the previous live one is returned."""
        with self._write() as db:
            held = self._live(db, key)
            before = int(held) if held is not None and held.isdecimal() else 0
            if number > before:
                db.execute(
                    "INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?)",
                    (key, str(number), _until(ttl)),
                )
            return before

    @staticmethod
    def _live(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute(
            "SELECT value FROM sync_state WHERE key = ? AND expires_at > ?", (key, time.time())
        ).fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()


def _ms(ttl: float) -> int:
    """A Redis PX value: at least one millisecond."""
    return max(1, int(ttl * 1000))


def _until(ttl: float) -> float:
    return time.time() + max(0.0, ttl)


def state_path(settings: Settings) -> Path:
    """The SQLite state file in the data directory."""
    return Path(settings.data_dir) / "sync-state.sqlite"


def open_state(settings: Settings) -> StateStore:
    """Redis state when REDIS_URL is set, else the SQLite file in the data directory."""
    if settings.redis_url:
        return RedisState(settings.redis_url)
    return SqliteState(state_path(settings))
