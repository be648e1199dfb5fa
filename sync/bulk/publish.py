"""``storefront publish [--changed | --all]``: publish drafts and unpublished changes, in bulk.

Changed means ``version >= publishedVersion + 2``; drafts (never published) are included unless
``--changed`` is given, since `sync all` creates new entries as drafts.
Archived entries are left alone. Publishing uses Contentful's bulk action
(``POST /bulk_actions/publish`` with up to 200 versioned links, then polling
``GET /bulk_actions/actions/{id}`` until ``succeeded`` or ``failed``): a few requests for hundreds
of entries. Where the API does not offer it (404/403), each entry is published on its own,
paced by the shared limiter. When an action fails, the entries it names are reported failed and
the others are published one by one (re-read first: they may have been published meanwhile).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from storefront.clients.errors import UpstreamError, UpstreamNotFound, UpstreamRejected
from sync.bulk.entries import all_entries
from sync.bulk.progress import Reporter
from sync.cma import CmaClient, Entity, entry_state
from sync.content_model import PRODUCT_TYPE

BATCH = 200  # Contentful's limit of items per bulk action
DONE = ("succeeded", "failed")


class BulkActionTimeout(UpstreamError):
    """A bulk action did not finish in time (it may still finish on Contentful's side)."""


def wanted(entry: Entity, include_drafts: bool) -> bool:
    """Whether the entry should be published: changed since publish (or a draft, with --all)."""
    state = entry_state(entry)
    return state == "changed" or (include_drafts and state == "draft")


def link(entry: Entity) -> dict[str, Any]:
    """A versioned Entry link, as a bulk action takes it."""
    sys = entry["sys"]
    return {
        "sys": {"type": "Link", "linkType": "Entry", "id": sys["id"], "version": sys["version"]}
    }


class Publisher:
    """One publish run."""

    def __init__(
        self,
        cma: CmaClient,
        reporter: Reporter,
        *,
        include_drafts: bool = False,
        dry_run: bool = False,
        content_type: str = PRODUCT_TYPE,
        poll: float = 0.5,
        timeout: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`poll` is the longest wait between two looks at a running bulk action."""
        self.cma, self.reporter = cma, reporter
        self.include_drafts, self.dry_run, self.content_type = include_drafts, dry_run, content_type
        self.poll, self.timeout, self._sleep = poll, timeout, sleep
        self.bulk_available = True
        self.actions = 0  # bulk actions created (the tests and the benchmark read it)

    def run(self) -> None:
        """Publish every wanted entry, a batch at a time."""
        todo = [
            e for e in all_entries(self.cma, self.content_type) if wanted(e, self.include_drafts)
        ]
        self.reporter.start(len(todo))
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            if self.dry_run:
                for entry in batch:
                    self.reporter.item(entry["sys"]["id"], "would publish")
            else:
                self._batch(batch)

    def _batch(self, batch: list[Entity]) -> None:
        if self.bulk_available:
            try:
                action = self._bulk(batch)
            except (UpstreamNotFound, UpstreamRejected) as exc:
                if exc.status not in (403, 404):
                    raise
                self.bulk_available = False  # this API has no bulk actions: one call each
            else:
                return self._settle(batch, action)
        for entry in batch:
            self._single(entry)

    def _bulk(self, batch: list[Entity]) -> Entity:
        """Create the action and poll it until it is done."""
        body = {"entities": {"sys": {"type": "Array"}, "items": [link(e) for e in batch]}}
        path = self.cma.env_path("bulk_actions", "publish")
        action = CmaClient._json(self.cma.request("POST", path, json=body))
        self.actions += 1
        deadline, attempt = time.monotonic() + self.timeout, 0
        while action.get("sys", {}).get("status") not in DONE:
            if time.monotonic() > deadline:
                raise BulkActionTimeout("contentful", None, f"bulk action {action['sys']['id']}")
            if attempt:  # the limiter already spaces the first look; then back off
                self._sleep(min(self.poll, 0.05 * 2**attempt))
            attempt += 1
            get = self.cma.env_path("bulk_actions", "actions", str(action["sys"]["id"]))
            action = CmaClient._json(self.cma.request("GET", get))
        return action

    def _settle(self, batch: list[Entity], action: Entity) -> None:
        """Report a finished action; a failed one's innocent entries are published singly."""
        if action["sys"]["status"] == "succeeded":
            for entry in batch:
                self.reporter.item(entry["sys"]["id"], "published")
            return
        blamed = _blamed(action)
        for entry in batch:
            entry_id = entry["sys"]["id"]
            if entry_id in blamed:
                self.reporter.item(entry_id, "failed", blamed[entry_id])
            else:
                self._single(self.cma.get_entry(entry_id) or entry, recheck=True)

    def _single(self, entry: Entity, recheck: bool = False) -> None:
        entry_id = entry["sys"]["id"]
        if recheck and not wanted(entry, self.include_drafts):
            self.reporter.item(
                entry_id, "published" if entry_state(entry) == "published" else "skipped"
            )
            return
        try:
            self.cma.publish_entry(entry)
        except UpstreamError as exc:
            self.reporter.item(entry_id, "failed", str(exc))
        else:
            self.reporter.item(entry_id, "published")


def _blamed(action: Entity) -> dict[str, str]:
    """entry id -> why, from a failed action's ``error.details.errors``."""
    error = action.get("error") or {}
    blamed = {}
    for item in (error.get("details") or {}).get("errors") or []:
        entity_id = ((item.get("entity") or {}).get("sys") or {}).get("id")
        why = (item.get("error") or {}).get("sys", {}).get("id") or "error"
        details = (item.get("error") or {}).get("details") or {}
        paths = [".".join(map(str, e.get("path", []))) for e in details.get("errors") or []]
        blamed[str(entity_id)] = f"{why} {', '.join(paths)}".strip()
    return blamed
