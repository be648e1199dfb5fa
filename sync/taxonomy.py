"""Medusa collections and categories -> their Contentful ``collection``/``category`` entries.

The same rules as products (docs/architecture.md): entry id = Medusa id, read-merge-write of the
managed default-locale values only (``medusaId``, ``handle``, ``title``; a category's ``parent``
link), so translated titles, descriptions and SEO fields are never touched. The worker handles
Medusa's ``product-collection.created|updated|deleted`` and
``product-category.created|updated|deleted`` (payload ``{id}``): the record is re-fetched from the
Admin API, and a delete archives or deletes the entry by ``SYNC_DELETE_MODE`` once Medusa confirms
the record is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sync.content_model import CATEGORY, COLLECTION
from sync.events import EventEnvelope
from sync.field_mapping import Values, _normal
from sync.writer import EntryModel, EntryWriter

Fetch = Callable[[str], "dict[str, Any] | None"]
Changed = Callable[[str], None]
COLLECTION_EVENT = "product-collection"
CATEGORY_EVENT = "product-category"
ACTIONS = ("created", "updated", "deleted")


def collection_values(collection: Mapping[str, Any]) -> Values:
    """A Medusa collection's managed entry values."""
    sources = {"medusaId": "id", "handle": "handle", "title": "title"}
    return {name: _normal(collection.get(source)) for name, source in sources.items()}


def category_values(category: Mapping[str, Any]) -> Values:
    """A Medusa category's managed entry values (its parent as a link to the parent's entry)."""
    parent = category.get("parent_category_id")
    link = {"sys": {"type": "Link", "linkType": "Entry", "id": parent}} if parent else None
    return {
        "medusaId": _normal(category.get("id")),
        "handle": _normal(category.get("handle")),
        "title": _normal(category.get("name")),
        "parent": link,
    }


COLLECTION_MODEL = EntryModel(COLLECTION.id, COLLECTION.managed, collection_values)
CATEGORY_MODEL = EntryModel(CATEGORY.id, CATEGORY.managed, category_values)


def _ignore(record_id: str) -> None:
    """The default change callback: no cache to purge."""


@dataclass
class TaxonomySync:
    """Handles one kind's events: re-fetch, then write or remove its entry."""

    fetch: Fetch
    writer: EntryWriter
    on_changed: Changed = _ignore

    def __call__(self, envelope: EventEnvelope) -> str:
        """Do what a ``product-collection.*`` / ``product-category.*`` event asks."""
        record_id = envelope.id
        current = self.fetch(record_id)
        if envelope.event.endswith(".deleted"):
            if current is not None:  # a stale event: the record exists after all
                return "still-in-medusa"
            action = self.writer.remove(record_id)
        elif current is None:  # deleted since: its .deleted event does the rest
            return "gone-from-medusa"
        else:
            fresh, retry = envelope.event.endswith(".created"), envelope.attempts > 1
            action = self.writer.upsert(current, fresh=fresh, retry=retry)
        self.on_changed(record_id)
        return action


def taxonomy_jobs(
    fetch_collection: Fetch, fetch_category: Fetch, like: EntryWriter, on_changed: Changed
) -> dict[str, TaxonomySync]:
    """The Dispatcher jobs for every collection and category event (writers built like `like`)."""
    handlers = {
        COLLECTION_EVENT: TaxonomySync(
            fetch_collection, writer_like(like, COLLECTION_MODEL), on_changed
        ),
        CATEGORY_EVENT: TaxonomySync(fetch_category, writer_like(like, CATEGORY_MODEL), on_changed),
    }
    return {f"{kind}.{action}": handler for kind, handler in handlers.items() for action in ACTIONS}


def writer_like(writer: EntryWriter, model: EntryModel) -> EntryWriter:
    """A writer with the same client, locale and settings, for another content type."""
    return EntryWriter(
        writer.cma, writer.locale, auto_publish=writer.auto_publish,
        delete_mode=writer.delete_mode, guard=writer.guard, model=model,
    )  # fmt: skip
