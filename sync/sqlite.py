"""SQLite as the sync shares it between threads and processes: WAL, short write transactions."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in WAL mode that waits for other writers instead of failing at once."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    return db


@contextmanager
def write(db: sqlite3.Connection, lock: threading.Lock) -> Iterator[sqlite3.Connection]:
    """A write transaction taking the write lock up front, so read-then-write is atomic."""
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
