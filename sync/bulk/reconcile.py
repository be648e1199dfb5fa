"""``storefront sync reconcile [--fix]``: find where Contentful and Medusa disagree, and repair it.

Three kinds of drift:
- ``missing``: a Medusa product without an entry (an event lost, the worker down);
- ``orphan``: a live (not archived) entry whose product is gone from Medusa;
- ``drifted``: an entry whose managed default-locale fields differ from the product, or an
  archived entry whose product exists again.
``--fix`` repairs each the way the worker would, with the same `EntryWriter`: ``upsert`` for
missing and drifted, ``remove`` (archive or delete, by setting) for orphans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storefront.clients.errors import UpstreamError
from sync.bulk.entries import all_entries, by_product
from sync.bulk.medusa import BulkAdmin
from sync.bulk.progress import Reporter
from sync.cma import Entity, entry_state
from sync.content_model import MANAGED_FIELDS
from sync.products import entry_values, managed_values
from sync.writer import EntryWriter


@dataclass(frozen=True)
class Drift:
    """One disagreement between Medusa and Contentful."""

    kind: str  # missing | orphan | drifted
    product_id: str
    entry_id: str | None
    detail: str


def changed_fields(entry: Entity, product: dict[str, Any], locale: str) -> list[str]:
    """The managed fields whose entry value differs from the product's."""
    have, want = entry_values(entry, locale), managed_values(product)
    return [name for name in MANAGED_FIELDS if have.get(name) != want.get(name)]


def find_drift(
    products: dict[str, dict[str, Any]], entries: dict[str, Entity], locale: str
) -> list[Drift]:
    """Every drift between products (by id) and entries (by medusaId)."""
    found = []
    for product_id, product in products.items():
        entry = entries.get(product_id)
        if entry is None:
            found.append(Drift("missing", product_id, None, "no entry"))
            continue
        entry_id = str(entry["sys"]["id"])
        if entry_state(entry) == "archived":
            found.append(Drift("drifted", product_id, entry_id, "entry archived"))
        elif fields := changed_fields(entry, product, locale):
            found.append(Drift("drifted", product_id, entry_id, ", ".join(fields)))
    for product_id, entry in entries.items():
        if product_id not in products and entry_state(entry) != "archived":
            found.append(Drift("orphan", product_id, str(entry["sys"]["id"]), "product gone"))
    return found


class Reconciler:
    """One reconcile run: list the drift, then (with fix) repair it."""

    def __init__(
        self, writer: EntryWriter, admin: BulkAdmin, reporter: Reporter, *, fix: bool = False
    ) -> None:
        """Without `fix` (or in a dry run) nothing is written."""
        self.writer, self.admin, self.reporter, self.fix = writer, admin, reporter, fix
        self.drift: list[Drift] = []

    def run(self) -> list[Drift]:
        """Find (and fix) the drift; returns what was found."""
        products = {str(p["id"]): p for p in self.admin.products()}
        entries = by_product(all_entries(self.writer.cma), self.writer.locale)
        self.drift = find_drift(products, entries, self.writer.locale)
        self.reporter.start(len(self.drift))
        for drift in self.drift:
            self._one(drift, products.get(drift.product_id))
        return self.drift

    def _one(self, drift: Drift, product: dict[str, Any] | None) -> None:
        name = f"{drift.kind} {drift.product_id}"
        if not self.fix:
            self.reporter.item(name, "found", None)
            return
        try:
            if product is None:
                result = self.writer.remove(drift.product_id)
            else:
                result = self.writer.upsert(product, fresh=drift.kind == "missing")
        except UpstreamError as exc:
            self.reporter.item(name, "failed", str(exc))
        else:
            self.reporter.item(name, f"fixed ({result})")
