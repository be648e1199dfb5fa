"""Locale-safe, idempotent entry writes: read, merge the managed default-locale values, write.

Rules (docs/architecture.md, "Rules that make it correct"):
- entry id = Medusa product id; an entry made elsewhere is found by ``fields.medusaId``.
- a create is a create-only PUT (no version); its 409 means the entry exists: read and update.
- an update sends back the whole entry as read, only the managed default-locale values replaced,
  at the version read; a 409 (someone wrote in between) re-reads and merges again.
- a write whose managed content equals what is stored is skipped: an unchanged product costs
  exactly one CMA read.
- ``guard.before_write(product_id, hash)`` runs before every remote write (loop prevention).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from storefront.clients.errors import UpstreamNotFound
from sync.cma import CmaClient, Entity, VersionMismatch, entry_state
from sync.content_model import MANAGED_FIELDS, PRODUCT_TYPE
from sync.field_mapping import content_hash, is_current, managed_values, merged_body, new_entry_body

MAX_CONFLICTS = 6  # re-reads after a 409 before the event goes back to the queue
DELETED_HASH = "deleted"  # the hash announced to the guard before unpublish/archive/delete


@dataclass(frozen=True)
class EntryModel:
    """What a writer writes: the content type, its managed fields, a Medusa record's values."""

    content_type: str
    fields: tuple[str, ...]
    values: Callable[[Mapping[str, Any]], dict[str, Any]]


PRODUCT_MODEL = EntryModel(PRODUCT_TYPE, MANAGED_FIELDS, managed_values)


class Guard(Protocol):
    """Loop prevention: told about every write before it is made."""

    def before_write(self, product_id: str, content_hash: str) -> None:
        """Record that sync is about to write this content for this product."""
        ...


class NoGuard:
    """The default guard: does nothing."""

    def before_write(self, product_id: str, content_hash: str) -> None:
        """Nothing to record."""


class EntryWriter:
    """Writes Medusa records into Contentful entries (``product`` unless another model)."""

    def __init__(
        self,
        cma: CmaClient,
        locale: str,
        *,
        auto_publish: bool = False,
        delete_mode: str = "archive",
        guard: Guard | None = None,
        model: EntryModel = PRODUCT_MODEL,
    ) -> None:
        """`locale` is the space's default locale: the only one sync writes."""
        self.cma, self.locale, self.model = cma, locale, model
        self.auto_publish, self.delete_mode = auto_publish, delete_mode
        self.guard = guard or NoGuard()

    # -- reading -------------------------------------------------------------------------------
    def find(self, product_id: str, entry_id: str | None = None) -> Entity | None:
        """The product's entry: by id when known, else by ``fields.medusaId`` (ours first)."""
        if entry_id is not None:
            found = self.cma.get_entry(entry_id)
            if found is not None:
                return found
        matches = self.cma.find_entries(self.model.content_type, "medusaId", product_id)
        ours = [e for e in matches if e.get("sys", {}).get("id") == product_id]
        candidates = ours or matches
        return candidates[0] if candidates else None

    # -- create / update -----------------------------------------------------------------------
    def upsert(self, product: Mapping[str, Any], fresh: bool = False, retry: bool = False) -> str:
        """Make the entry hold the product's managed values; returns what was done.

        `fresh` (a ``product.created`` event) tries the create first: one request for a new
        product, and its 409 falls back to read-and-update. `retry` (the event failed before)
        lets auto-publish finish a write whose publish a crash or an outage cut short.
        """
        values = self.model.values(product)
        product_id = str(values["medusaId"])
        known: str | None = product_id if fresh else None
        for _ in range(MAX_CONFLICTS):
            try:
                return self._upsert_once(product_id, values, known, fresh, retry)
            except VersionMismatch:
                known, fresh = known or product_id, False
            except UpstreamNotFound:  # deleted between our read and write: look again
                known, fresh = None, False
        raise VersionMismatch("contentful", 409, f"{product_id}: still conflicting, will retry")

    def _upsert_once(
        self, product_id: str, values: dict[str, Any], known: str | None, fresh: bool, retry: bool
    ) -> str:
        """One read-merge-write pass (raises VersionMismatch to be run again)."""
        digest = content_hash(values, self.model.fields)
        entry = None if fresh else self.find(product_id, known)
        if entry is None:
            self.guard.before_write(product_id, digest)
            body = new_entry_body(values, self.locale)
            created = self.cma.create_entry(product_id, self.model.content_type, body)
            return self._publish(product_id, digest, created, ["created"], retry)
        actions: list[str] = []
        if entry_state(entry) == "archived":  # the product came back: restore its entry first
            self.guard.before_write(product_id, digest)
            entry = self.cma.unarchive_entry(entry)
            actions.append("unarchived")
        if not self.is_current(entry, values):
            self.guard.before_write(product_id, digest)
            body = merged_body(entry, values, self.locale, self.model.fields)
            entry = self.cma.update_entry(entry, body)
            actions.append("updated")
        return self._publish(product_id, digest, entry, actions, retry)

    def is_current(self, entry: Entity, values: Mapping[str, Any]) -> bool:
        """Whether the entry holds exactly these managed default-locale values."""
        return is_current(entry, values, self.locale, self.model.fields)

    def _publish(
        self, product_id: str, digest: str, entry: Entity, actions: list[str], retry: bool
    ) -> str:
        """Publish after a write when auto-publish is on; the action summary."""
        never_published = not entry.get("sys", {}).get("firstPublishedAt")
        # A skipped write publishes only an entry that never was, or, on a retry, one whose
        # earlier attempt wrote but did not get to publish. A first delivery with nothing to
        # write leaves other unpublished changes (a translator's draft) alone.
        wanted = self.auto_publish and (actions or never_published or retry)
        if wanted and entry_state(entry) != "published":
            self.guard.before_write(product_id, digest)
            self.cma.publish_entry(entry)
            actions.append("published")
        return "+".join(actions) or "unchanged"

    # -- removal -------------------------------------------------------------------------------
    def remove(self, product_id: str) -> str:
        """Archive (default) or delete the product's entry; a missing entry is success."""
        known: str | None = product_id
        for _ in range(MAX_CONFLICTS):
            try:
                return self._remove_once(product_id, known)
            except VersionMismatch:
                known = product_id
            except UpstreamNotFound:
                return "absent"
        raise VersionMismatch("contentful", 409, f"{product_id}: still conflicting, will retry")

    def _remove_once(self, product_id: str, known: str | None) -> str:
        """One pass: unpublish if published, then archive or delete."""
        entry = self.find(product_id, known)
        if entry is None:
            return "absent"
        actions = []
        state = entry_state(entry)
        if state in ("published", "changed"):
            self.guard.before_write(product_id, DELETED_HASH)
            entry = self.cma.unpublish_entry(entry)
            actions.append("unpublished")
        if self.delete_mode == "delete":
            self.guard.before_write(product_id, DELETED_HASH)
            self.cma.delete_entry(entry)
            actions.append("deleted")
        elif state != "archived":
            self.guard.before_write(product_id, DELETED_HASH)
            self.cma.archive_entry(entry)
            actions.append("archived")
        return "+".join(actions) or "already-archived"
