"""Whether a Contentful webhook call was handled already (the call is read by
``sync.webhook_parse``).

Contentful may deliver one event twice ("in rare cases") and retries failed calls, so a call is
identified by ``X-Contentful-Idempotency-Key`` and, in any case, by entry id + ``sys.revision``
(or ``sys.version`` for payloads without a revision) + topic. A call whose revision is older
than one already handled for its entry is stale: the entry moved on, acting on it would undo
newer work. Keys are claimed atomically before acting and released when acting fails, so the
sender's retry is accepted; the revision is recorded only after success.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sync.state import StateStore

KEY_TTL = 7 * 24 * 3600.0  # Contentful retries for about a minute (premium plans: a day)
REVISION_TTL = 90 * 24 * 3600.0

DUPLICATE = "duplicate"
STALE = "stale"


@dataclass(frozen=True)
class Call:
    """What identifies one webhook call."""

    entry_id: str
    topic: str
    revision: int | None = None
    version: int | None = None
    idempotency_key: str | None = None

    def state_keys(self) -> list[str]:
        """The state keys that mark this call as handled (hashed: header values are untrusted)."""
        names = []
        if self.idempotency_key:
            names.append(f"key:{self.idempotency_key}")
        if self.revision is not None:
            names.append(f"entry:{self.entry_id}:{self.topic}:r{self.revision}")
        elif self.version is not None:
            names.append(f"entry:{self.entry_id}:{self.topic}:v{self.version}")
        return [f"hook:{hashlib.sha256(name.encode()).hexdigest()}" for name in names]

    @property
    def revision_key(self) -> str:
        """Where the entry's last handled revision is kept."""
        return f"hook:revision:{hashlib.sha256(self.entry_id.encode()).hexdigest()}"


class Dedupe:
    """Claims calls once, drops stale ones."""

    def __init__(self, state: StateStore, key_ttl: float = KEY_TTL) -> None:
        """Over the shared state (Redis or SQLite, see `sync.state.open_state`)."""
        self.state, self.key_ttl = state, key_ttl

    def claim(self, call: Call) -> str | None:
        """None when the call is new and now ours; else DUPLICATE or STALE."""
        if call.revision is not None and call.revision < self.last_revision(call):
            return STALE
        taken: list[str] = []
        for key in call.state_keys():
            if not self.state.add(key, "1", self.key_ttl):
                self._forget(taken)
                return DUPLICATE
            taken.append(key)
        return None

    def release(self, call: Call) -> None:
        """Un-claim a call whose handling failed (the sender's retry must get through)."""
        self._forget(call.state_keys())

    def done(self, call: Call) -> None:
        """Record the call's revision as handled for its entry."""
        if call.revision is not None:
            self.state.raise_to(call.revision_key, call.revision, REVISION_TTL)

    def last_revision(self, call: Call) -> int:
        """The highest revision handled for the call's entry (0: none)."""
        held = self.state.get(call.revision_key)
        return int(held) if held is not None and held.isdecimal() else 0

    def _forget(self, keys: list[str]) -> None:
        for key in keys:
            self.state.delete(key)
