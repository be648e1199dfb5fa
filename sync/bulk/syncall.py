"""``storefront sync all``: every Medusa product, collection and category to Contentful.

Each kind goes through the worker's `EntryWriter` for its content type.

One paged listing of the product entries replaces a read per product: a product whose entry already
holds its managed values costs no request at all, a new one costs one create-only PUT. Everything
else goes through ``writer.upsert`` (read-merge-write with versions), exactly as the worker does.

Resumable: each product done is appended to a checkpoint file in the data directory; an
interrupted run skips what the file lists, a run that finished without failures deletes it (the
next run starts over). A run with failures keeps it, so the re-run retries only what is left.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from storefront.clients.errors import UpstreamError
from sync.bulk.entries import all_entries, by_product, run_pool
from sync.bulk.medusa import BulkAdmin
from sync.bulk.progress import Reporter
from sync.cma import Entity, entry_state
from sync.taxonomy import CATEGORY_MODEL, COLLECTION_MODEL, writer_like
from sync.writer import EntryWriter

Records = Callable[[], Iterable[dict[str, Any]]]
Source = tuple[EntryWriter, Records]  # a writer and the Medusa records it writes
Job = tuple[EntryWriter, dict[str, Any], "Entity | None"]


def taxonomy_sources(writer: EntryWriter, admin: BulkAdmin) -> list[Source]:
    """Collections and categories, each with a writer like the product writer."""
    return [
        (writer_like(writer, COLLECTION_MODEL), admin.collections),
        (writer_like(writer, CATEGORY_MODEL), admin.categories),
    ]


class Checkpoint:
    """Product ids already synced by an unfinished run, one JSON line each."""

    def __init__(self, path: Path, signature: dict[str, str]) -> None:
        """`signature` (where from, where to) invalidates a checkpoint of another setup."""
        self.path, self.signature = path, signature
        self._lock = threading.Lock()

    def load(self) -> set[str]:
        """The ids done by the interrupted run (empty for a fresh start)."""
        try:
            lines = self.path.read_text().splitlines()
        except FileNotFoundError:
            return set()
        records = [json.loads(line) for line in lines if line.strip().endswith("}")]
        if not records or records[0].get("signature") != self.signature:
            return set()
        return {str(r["id"]) for r in records[1:] if "id" in r}

    def begin(self, resumed: bool) -> None:
        """Start a new file unless resuming the existing one."""
        if not resumed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"signature": self.signature}) + "\n")

    def mark(self, product_id: str, outcome: str) -> None:
        """Record one product as done (flushed at once: a kill loses nothing written)."""
        with self._lock, self.path.open("a") as out:
            out.write(json.dumps({"id": product_id, "outcome": outcome}) + "\n")

    def finish(self) -> None:
        """The run is complete: the next one starts over."""
        self.path.unlink(missing_ok=True)


def classify(writer: EntryWriter, entry: Entity | None, product: dict[str, Any]) -> str:
    """What a product needs: ``create``, ``update`` or ``unchanged`` (no request made)."""
    if entry is None:
        return "create"
    if entry_state(entry) == "archived" or not writer.is_current(
        entry, writer.model.values(product)
    ):
        return "update"
    never_published = not entry.get("sys", {}).get("firstPublishedAt")
    return "update" if writer.auto_publish and never_published else "unchanged"


def outcome_of(result: str) -> str:
    """The writer's action summary folded to created / updated / unchanged."""
    if "created" in result:
        return "created"
    return "unchanged" if result == "unchanged" else "updated"


class SyncAll:
    """One ``sync all`` run."""

    def __init__(
        self,
        writer: EntryWriter,
        admin: BulkAdmin,
        reporter: Reporter,
        checkpoint: Checkpoint | None,
        *,
        concurrency: int = 4,
        dry_run: bool = False,
        taxonomy: Sequence[Source] | None = None,
    ) -> None:
        """`checkpoint` None (or a dry run) makes the run not resumable; `taxonomy` None means
        collections and categories too, ``()`` products only."""
        self.writer, self.admin, self.reporter = writer, admin, reporter
        self.checkpoint = None if dry_run else checkpoint
        self.concurrency, self.dry_run = concurrency, dry_run
        self.sources: list[Source] = [
            *(taxonomy_sources(writer, admin) if taxonomy is None else taxonomy),
            (writer, admin.products),
        ]

    def run(self) -> None:
        """Sync every record not already done by an interrupted run."""
        done = self.checkpoint.load() if self.checkpoint else set()
        if self.checkpoint:
            self.checkpoint.begin(resumed=bool(done))
        jobs = [job for source in self.sources for job in self._jobs(source, done)]
        self.reporter.start(len(jobs))
        run_pool(lambda job: self._one(*job), jobs, self.concurrency)
        if done:
            self.reporter.counts["done before"] += len(done)
        if self.checkpoint and not self.reporter.failed:
            self.checkpoint.finish()

    def _jobs(self, source: Source, done: set[str]) -> list[Job]:
        """One kind's records not done yet, each with its entry (one paged listing per kind)."""
        writer, records = source
        todo = [r for r in records() if str(r.get("id")) not in done]
        index = by_product(all_entries(writer.cma, writer.model.content_type), writer.locale)
        return [(writer, record, index.get(str(record["id"]))) for record in todo]

    def _one(self, writer: EntryWriter, product: dict[str, Any], entry: Entity | None) -> None:
        product_id = str(product["id"])
        try:
            outcome = self._sync(writer, product, entry)
        except UpstreamError as exc:
            self.reporter.item(product_id, "failed", str(exc))
            return
        if self.checkpoint:
            self.checkpoint.mark(product_id, outcome)
        self.reporter.item(product_id, outcome)

    def _sync(self, writer: EntryWriter, product: dict[str, Any], entry: Entity | None) -> str:
        need = classify(writer, entry, product)
        if need == "unchanged":
            return need
        if self.dry_run:
            return f"would {need}"
        return outcome_of(writer.upsert(product, fresh=entry is None))
