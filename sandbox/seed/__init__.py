"""The demo catalog, loaded into an empty sandbox (placeholder until built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.server import SandboxContext


def load_if_empty(context: SandboxContext) -> bool:
    """Seed Medusa and Contentful with the demo catalog unless already seeded."""
    return False
