"""The demo catalog, loaded into an empty sandbox once.

Medusa is seeded first (it owns the product ids); Contentful's entries then reuse those ids, as
the sync would have done. A marker in the store makes this run once per data directory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.server import SandboxContext

SEED_MARKER = "seeded"


def load_if_empty(context: SandboxContext, catalog: dict[str, Any] | None = None) -> bool:
    """Seed Medusa and Contentful with the demo catalog unless already seeded; True if it did."""
    store = context.store
    if store.meta_get(SEED_MARKER):
        return False
    from sandbox.contentful import seed as contentful_seed
    from sandbox.medusa import seed as medusa_seed
    from sandbox.seed.catalog import CATALOG

    with store.transaction():
        product_ids = medusa_seed.load(context, catalog or CATALOG)
        contentful_seed.load(context, catalog or CATALOG, product_ids)
        store.meta_set(SEED_MARKER, "demo")
    return True
