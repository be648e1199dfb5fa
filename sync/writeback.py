"""Contentful -> Medusa write-back: a published entry's default-locale base fields go to Medusa.

Runs in the sync worker as the job ``contentful.entry.publish`` that ``/hooks/contentful``
queues (so it has the worker's retries and dead letters). Only ``title`` and ``description`` of
the space's default locale are written, and only when they differ from Medusa's; translations
never go to Medusa, and a missing or empty value never clears Medusa's (the storefront falls back
to Medusa's text for missing content, so clearing it would leave nothing).

No loop: the Medusa flag is set before the write, so the ``product.updated`` it causes is
recognised by its content hash and skipped; if the flag has expired, the writer's own hash check
finds the entry already equal and writes nothing. A job older than one already applied for the
entry (a retry overtaken by a newer publish) is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sync.content_model import MANAGED_FIELDS
from sync.events import EventEnvelope
from sync.field_mapping import content_hash, entry_values, managed_values
from sync.guard import LoopGuard
from sync.medusa_admin import MedusaAdmin
from sync.state import StateStore

WRITEBACK_EVENT = "contentful.entry.publish"
BASE_FIELDS = ("title", "description")  # the fields Contentful may change in Medusa
APPLIED_TTL = 90 * 24 * 3600.0


def job_payload(entry_id: str, revision: int | None, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The queued job: the entry's managed fields (every locale) and its revision."""
    managed = {name: fields[name] for name in MANAGED_FIELDS if name in fields}
    return {"entry_id": entry_id, "revision": revision, "fields": managed}


def base_changes(
    fields: Mapping[str, Any], product: Mapping[str, Any], locale: str
) -> dict[str, str]:
    """The default-locale base fields whose non-empty value differs from Medusa's."""
    wanted = entry_values({"fields": fields}, locale)
    current = managed_values(product)
    changes = {}
    for name in BASE_FIELDS:
        value = wanted.get(name)
        if isinstance(value, str) and value != current.get(name):
            changes[name] = value
    return changes


class WriteBack:
    """The job handler the worker's Dispatcher calls for ``contentful.entry.publish``."""

    def __init__(
        self, admin: MedusaAdmin, guard: LoopGuard, locale: str, state: StateStore
    ) -> None:
        """`locale`: the space's default locale (read once from the CMA by `build_sync`);
        `state`: where the revision each entry was last applied at is kept."""
        self.admin, self.guard, self.locale, self.state = admin, guard, locale, state

    def __call__(self, envelope: EventEnvelope) -> str:
        """Apply one publish to Medusa; returns the action taken."""
        job = envelope.payload
        fields = job.get("fields")
        if not isinstance(fields, dict):
            return "malformed-job"
        if job.get("entry_id") != envelope.id:  # a copy of the product's entry never speaks for it
            return "not-the-product-entry"
        if self._overtaken(job):
            return "stale"
        product_id = envelope.id
        digest = content_hash(entry_values({"fields": fields}, self.locale))
        if self.guard.contentful_echo(product_id, digest):  # sync's own publish coming back
            return self._applied(job, "own-publish")
        return self._applied(job, self._write(product_id, fields))

    def _write(self, product_id: str, fields: Mapping[str, Any]) -> str:
        """Compare with Medusa and write what differs, flagging the result first."""
        product = self.admin.product(product_id)
        if product is None:
            return "not-in-medusa"
        changes = base_changes(fields, product, self.locale)
        if not changes:
            return "unchanged"
        self.guard.before_medusa_write({**product, **changes})
        self.admin.update_product(product_id, changes)
        return "medusa-updated:" + ",".join(sorted(changes))

    def _overtaken(self, job: Mapping[str, Any]) -> bool:
        """Whether a newer revision of the entry was already applied."""
        revision = job.get("revision")
        if not isinstance(revision, int):
            return False
        held = self.state.get(_applied_key(job))
        return held is not None and held.isdecimal() and revision < int(held)

    def _applied(self, job: Mapping[str, Any], action: str) -> str:
        """Remember the job's revision as applied; pass the action through."""
        revision = job.get("revision")
        if isinstance(revision, int):
            self.state.raise_to(_applied_key(job), revision, APPLIED_TTL)
        return action


def _applied_key(job: Mapping[str, Any]) -> str:
    return f"writeback:revision:{job.get('entry_id')}"
