"""The sync workers' last success and last error, shared by every worker, for ``sync status``.

Kept in the same shared state as the loop guard (Redis when REDIS_URL is set, else the SQLite
file in the data directory), so a status command in another process sees what workers did.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from sync.state import StateStore

LAST_SUCCESS = "sync:journal:last-success"
LAST_ERROR = "sync:journal:last-error"
KEEP_FOR = 30 * 24 * 3600.0  # seconds


class Journal:
    """Records each settled event's log line as the last success or the last error."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    def record(self, line: Mapping[str, Any]) -> None:
        """Remember a worker's log line (``outcome`` ack is a success, anything else an error)."""
        key = LAST_SUCCESS if line.get("outcome") == "ack" else LAST_ERROR
        self.state.put(key, json.dumps({**line, "at": time.time()}, default=str), KEEP_FOR)

    def last(self) -> dict[str, dict[str, Any] | None]:
        """The last success and the last error (None when there was none)."""
        return {"last_success": self._read(LAST_SUCCESS), "last_error": self._read(LAST_ERROR)}

    def _read(self, key: str) -> dict[str, Any] | None:
        raw = self.state.get(key)
        try:
            found = json.loads(raw) if raw else None
        except ValueError:
            return None
        return found if isinstance(found, dict) else None
