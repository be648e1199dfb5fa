"""``storefront sync reconcile [--fix]``: find where Contentful and Medusa disagree, and repair it.

Products, collections and categories, each against entries of its own content type.
Three kinds of drift:
- ``missing``: a Medusa record without an entry (an event lost, the worker down);
- ``orphan``: a live (not archived) entry whose product is gone from Medusa;
- ``drifted``: an entry whose managed default-locale fields differ from the product, or an
  archived entry whose product exists again.
``--fix`` repairs each the way the worker would, with the same `EntryWriter`: ``upsert`` for
missing and drifted, ``remove`` (archive or delete, by setting) for orphans.
It also lists each ``slug-clash``: a newer entry with a slug an older entry of its type has in
the same locale (the storefront keeps serving the older one there). The content team owns slugs,
so ``--fix`` never changes one: it lists the clash for them to resolve.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storefront.clients.errors import UpstreamError
from sync.bulk.entries import all_entries, by_product
from sync.bulk.medusa import BulkAdmin
from sync.bulk.progress import Reporter
from sync.bulk.syncall import Source, taxonomy_sources
from sync.cma import Entity, entry_state
from sync.field_mapping import _normal, entry_values
from sync.writer import PRODUCT_MODEL, EntryModel, EntryWriter


@dataclass(frozen=True)
class Drift:
    """One disagreement between Medusa and Contentful."""

    kind: str  # missing | orphan | drifted
    product_id: str
    entry_id: str | None
    detail: str


def changed_fields(
    entry: Entity, product: dict[str, Any], locale: str, model: EntryModel = PRODUCT_MODEL
) -> list[str]:
    """The managed fields whose entry value differs from the record's."""
    have, want = entry_values(entry, locale, model.fields), model.values(product)
    return [name for name in model.fields if have.get(name) != _normal(want.get(name))]


def find_drift(
    products: dict[str, dict[str, Any]],
    entries: dict[str, Entity],
    locale: str,
    model: EntryModel = PRODUCT_MODEL,
) -> list[Drift]:
    """Every drift between records (by id) and entries (by medusaId)."""
    found = []
    for product_id, product in products.items():
        entry = entries.get(product_id)
        if entry is None:
            found.append(Drift("missing", product_id, None, "no entry"))
            continue
        entry_id = str(entry["sys"]["id"])
        if entry_state(entry) == "archived":
            found.append(Drift("drifted", product_id, entry_id, "entry archived"))
        elif fields := changed_fields(entry, product, locale, model):
            found.append(Drift("drifted", product_id, entry_id, ", ".join(fields)))
    for product_id, entry in entries.items():
        if product_id not in products and entry_state(entry) != "archived":
            found.append(Drift("orphan", product_id, str(entry["sys"]["id"]), "product gone"))
    return found


SLUG_CLASH = "slug-clash"


def slug_clashes(entries: Iterable[Entity]) -> list[Drift]:
    """Each newer live entry holding a slug an older one has in the same locale (oldest first)."""
    owners: dict[tuple[str, str], str] = {}
    found = []
    for entry in entries:
        entry_id = str(entry["sys"]["id"])
        slugs = (entry.get("fields") or {}).get("slug") or {}
        for locale, slug in slugs.items() if entry_state(entry) != "archived" else ():
            held = isinstance(slug, str) and slug
            owner = owners.setdefault((locale, slug), entry_id) if held else entry_id
            if owner != entry_id:
                detail = f"{locale} slug {slug!r} is kept by the older {owner}"
                found.append(Drift(SLUG_CLASH, entry_id, entry_id, detail))
    return found


class Reconciler:
    """One reconcile run: list the drift, then (with fix) repair it."""

    def __init__(
        self,
        writer: EntryWriter,
        admin: BulkAdmin,
        reporter: Reporter,
        *,
        fix: bool = False,
        taxonomy: Sequence[Source] | None = None,
    ) -> None:
        """Without `fix` (or in a dry run) nothing is written; `taxonomy` as in `SyncAll`."""
        self.writer, self.admin, self.reporter, self.fix = writer, admin, reporter, fix
        self.sources: list[Source] = [
            (writer, admin.products),
            *(taxonomy_sources(writer, admin) if taxonomy is None else taxonomy),
        ]
        self.drift: list[Drift] = []

    def run(self) -> list[Drift]:
        """Find (and fix) the drift; returns what was found."""
        found = [(writer, d, r) for writer, records in self.sources
                 for d, r in self._drift_of(writer, records())]  # fmt: skip
        self.drift = [drift for _, drift, _ in found]
        self.reporter.start(len(found))
        for writer, drift, record in found:
            self._one(writer, drift, record)
        return self.drift

    def _drift_of(
        self, writer: EntryWriter, records: Iterable[dict[str, Any]]
    ) -> list[tuple[Drift, dict[str, Any] | None]]:
        """One kind's drift, each with its Medusa record (None for an orphan)."""
        by_id = {str(r["id"]): r for r in records}
        listed = all_entries(writer.cma, writer.model.content_type)
        entries = by_product(listed, writer.locale)
        drift = find_drift(by_id, entries, writer.locale, writer.model)
        return [(d, by_id.get(d.product_id)) for d in drift + slug_clashes(listed)]

    def _one(self, writer: EntryWriter, drift: Drift, product: dict[str, Any] | None) -> None:
        name = f"{drift.kind} {drift.product_id}"
        if not self.fix or drift.kind == SLUG_CLASH:  # slugs are the content team's to change
            self.reporter.item(name, "found", None)
            return
        try:
            if product is None:
                result = writer.remove(drift.product_id)
            else:
                result = writer.upsert(product, fresh=drift.kind == "missing")
        except UpstreamError as exc:
            self.reporter.item(name, "failed", str(exc))
        else:
            self.reporter.item(name, f"fixed ({result})")
