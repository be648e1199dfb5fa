"""SQLite document store shared by the sandbox's Medusa and Contentful stand-ins.

Each record is a JSON document addressed by ``(kind, id)``. Kinds are namespaced by the API that
owns them (``cf:Entry``, ``md:product``). A Contentful record also carries an optional
``published`` snapshot: the entity as it was when last published, which is what the CDA serves.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    published TEXT,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS docs_kind_seq ON docs (kind, seq);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_KEEP = object()  # sentinel: leave the published snapshot as it is


class Store:
    """A thread-safe JSON document store in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # Another process's write transaction makes ours wait (busy timeout) rather than fail.
        self._db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several writes atomically; re-entrant within one thread."""
        with self._lock:
            if self._db.in_transaction:
                yield self
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, kind: str, id: str) -> dict[str, Any] | None:
        """The current document, or None."""
        row = self._one("SELECT doc FROM docs WHERE kind=? AND id=?", (kind, id))
        return json.loads(row[0]) if row else None

    def get_published(self, kind: str, id: str) -> dict[str, Any] | None:
        """The published snapshot, or None when never published or unpublished."""
        row = self._one("SELECT published FROM docs WHERE kind=? AND id=?", (kind, id))
        return json.loads(row[0]) if row and row[0] else None

    def put(
        self, kind: str, id: str, doc: dict[str, Any], published: Any = _KEEP
    ) -> dict[str, Any]:
        """Insert or replace a document; ``published`` sets (dict) or clears (None) the snapshot."""
        with self._lock:
            seq = self._next_seq()
            self._db.execute(
                "INSERT INTO docs (kind, id, seq, doc, published) VALUES (?, ?, ?, ?, NULL) "
                "ON CONFLICT (kind, id) DO UPDATE SET doc=excluded.doc",
                (kind, id, seq, json.dumps(doc)),
            )
            if published is not _KEEP:
                snapshot = None if published is None else json.dumps(published)
                self._db.execute(
                    "UPDATE docs SET published=? WHERE kind=? AND id=?", (snapshot, kind, id)
                )
        return doc

    def delete(self, kind: str, id: str) -> bool:
        """Remove a document; True if it existed."""
        with self._lock:
            cur = self._db.execute("DELETE FROM docs WHERE kind=? AND id=?", (kind, id))
            return cur.rowcount > 0

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Every current document of a kind, in insertion order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc FROM docs WHERE kind=? ORDER BY seq", (kind,)
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def all_published(self, kind: str) -> list[dict[str, Any]]:
        """Every published snapshot of a kind, in insertion order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT published FROM docs WHERE kind=? AND published IS NOT NULL ORDER BY seq",
                (kind,),
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def count(self, kind: str) -> int:
        """How many documents of a kind exist."""
        row = self._one("SELECT COUNT(*) FROM docs WHERE kind=?", (kind,))
        return int(row[0]) if row else 0

    def meta_get(self, key: str, default: str | None = None) -> str | None:
        """A small named value (seed markers, counters)."""
        row = self._one("SELECT value FROM meta WHERE key=?", (key,))
        return row[0] if row else default

    def meta_set(self, key: str, value: str) -> None:
        """Set a small named value."""
        with self._lock:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self._lock:
            row: tuple[Any, ...] | None = self._db.execute(sql, params).fetchone()
            return row

    def _next_seq(self) -> int:
        # Insertion order for new rows; updates keep their original position (ON CONFLICT).
        row = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM docs").fetchone()
        return int(row[0])
