"""Loop prevention between Medusa and Contentful: ignore flags with a TTL plus content hashes.

Before sync writes one side, it records a flag for the product holding the content hash of what
that side will hold afterwards. When the write comes back as an event (``product.updated`` from
Medusa, ``Entry.publish`` from Contentful), the handler compares the hash of the current state
with the flag: equal means "our own write", and the event is skipped. A flag only ever matches
its exact content, so a real edit made meanwhile is never swallowed; an expired flag costs one
read, and the hash check in the writer (or write-back) still finds nothing to write.

The flags live in the shared state (``sync.state``), where every process sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from config.settings import Settings
from sync.field_mapping import content_hash, managed_values
from sync.state import StateStore, open_state

DEFAULT_FLAG_TTL = 600.0  # seconds; a flag only matches its own content, so long is safe


class LoopGuard:
    """Ignore flags in both directions; the writer's `Guard` for the Contentful side."""

    def __init__(self, state: StateStore, ttl: float = DEFAULT_FLAG_TTL) -> None:
        """`ttl`: how long a flag lives, in seconds."""
        self.state, self.ttl = state, ttl

    @classmethod
    def for_settings(cls, settings: Settings, ttl: float = DEFAULT_FLAG_TTL) -> LoopGuard:
        """A guard over the configured shared state."""
        return cls(open_state(settings), ttl)

    # -- sync writes Contentful (Medusa -> Contentful) ----------------------------------------
    def before_write(self, product_id: str, content_hash: str) -> None:
        """Flag the content sync is about to write to the product's entry."""
        self.state.put(f"guard:contentful:{product_id}", content_hash, self.ttl)

    def contentful_echo(self, product_id: str, fields_hash: str) -> bool:
        """Whether a published entry holds exactly what sync itself last wrote there."""
        return self.state.get(f"guard:contentful:{product_id}") == fields_hash

    # -- write-back writes Medusa (Contentful -> Medusa) --------------------------------------
    def before_medusa_write(self, product: Mapping[str, Any]) -> None:
        """Flag the product state (after the write) the write-back is about to create."""
        digest = content_hash(managed_values(product))
        self.state.put(f"guard:medusa:{product.get('id')}", digest, self.ttl)

    def medusa_echo(self, product: Mapping[str, Any]) -> bool:
        """Whether Medusa's product is exactly what the write-back made it (its own event)."""
        flagged = self.state.get(f"guard:medusa:{product.get('id')}")
        return flagged is not None and flagged == content_hash(managed_values(product))

    def close(self) -> None:
        """Release the state connection."""
        self.state.close()
