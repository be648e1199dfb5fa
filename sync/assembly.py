"""The one place that builds the sync's parts from the settings: clients, writer, dispatcher,
queues. The command line (``cli``) and the bulk runs (``sync.bulk.runs``) both use it, and it
imports neither, so no import goes back up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from config.settings import Settings
from sync.cma import CmaClient, EventHooks
from sync.events import VISIBILITY_TIMEOUT, EventQueue, embedded_queue_path, open_queue
from sync.guard import LoopGuard
from sync.medusa_admin import MedusaAdmin
from sync.taxonomy import Changed, taxonomy_jobs
from sync.worker import Dispatcher, JobHandler, ProductCallback
from sync.writeback import WRITEBACK_EVENT, WriteBack
from sync.writer import EntryWriter, Guard


def events_path(settings: Settings) -> Path:
    """The embedded queue file of these settings."""
    return embedded_queue_path(settings.data_dir)


def make_queue_factory(
    settings: Settings, visibility_timeout: float = VISIBILITY_TIMEOUT
) -> Callable[[], EventQueue]:
    """Opens a queue connection per worker thread (Redis when REDIS_URL is set, else SQLite)."""
    return lambda: open_queue(settings.redis_url, events_path(settings), visibility_timeout)


def make_cma(settings: Settings, event_hooks: EventHooks | None = None) -> CmaClient:
    """The CMA client for the configured space."""
    return CmaClient(
        settings.contentful_cma_url, settings.contentful_management_token,
        settings.contentful_space_id, settings.contentful_environment,
        timeout=max(settings.http_timeout, 10.0), event_hooks=event_hooks,
    )  # fmt: skip


@dataclass
class SyncParts:
    """The assembled sync: clients, writer and dispatcher (close them when done)."""

    cma: CmaClient
    admin: MedusaAdmin
    writer: EntryWriter
    dispatcher: Dispatcher
    guard: LoopGuard | None = None

    def close(self) -> None:
        """Close both HTTP pools and the loop guard's state connection."""
        self.cma.close()
        self.admin.close()
        if self.guard is not None:
            self.guard.close()


def build_sync(
    settings: Settings,
    guard: Guard | None = None,
    on_product_changed: ProductCallback | None = None,
    on_taxonomy_changed: Changed | None = None,
    event_hooks: EventHooks | None = None,
) -> SyncParts:
    """Wire clients, writer and dispatcher from settings (reads the default locale once).

    `on_product_changed` (a product's Medusa id) and `on_taxonomy_changed` (a collection's or
    category's) are the storefront's cache purges, handed in by whoever assembles the worker
    (``cli``): the sync never imports the storefront to find them. A `LoopGuard` passed as
    `guard` serves both directions; any other guard is the writer's alone, and a `LoopGuard`
    over the shared state serves the write-back.
    """
    cma = make_cma(settings, event_hooks)
    admin = MedusaAdmin(settings.medusa_url, settings.medusa_api_key, settings.http_timeout)
    locale = cma.default_locale()
    loop = guard if isinstance(guard, LoopGuard) else LoopGuard.for_settings(settings)
    writer = EntryWriter(
        cma, locale, auto_publish=settings.sync_auto_publish,
        delete_mode=settings.sync_delete_mode, guard=guard or loop,
    )  # fmt: skip
    purge = on_taxonomy_changed or (lambda record_id: None)
    jobs: dict[str, JobHandler] = {WRITEBACK_EVENT: WriteBack(admin, loop, locale, loop.state)}
    jobs.update(taxonomy_jobs(admin.collection, admin.category, writer, purge))
    dispatcher = Dispatcher(admin, writer, on_product_changed, jobs, loop.medusa_echo)
    return SyncParts(cma, admin, writer, dispatcher, loop)
