"""The bulk operations as functions of the settings: import, sync all, translate, publish,
reconcile. The ``storefront`` commands (``cli.bulk``), the tests and the benchmarks call them.
"""

from __future__ import annotations

from pathlib import Path

from config.settings import Settings
from sync.assembly import build_sync, make_cma
from sync.bulk.csvformat import RowError, parse
from sync.bulk.importer import Importer
from sync.bulk.medusa import BulkAdmin
from sync.bulk.progress import Reporter
from sync.bulk.providers import make_provider, provider_settings
from sync.bulk.publish import Publisher
from sync.bulk.reconcile import Drift, Reconciler
from sync.bulk.syncall import Checkpoint, SyncAll
from sync.bulk.translate import TranslateOptions, Translator
from sync.cma import EventHooks


def bulk_admin(settings: Settings) -> BulkAdmin:
    """The Admin API client for bulk work (a longer timeout than page loads need)."""
    return BulkAdmin(settings.medusa_url, settings.medusa_api_key, max(settings.http_timeout, 30))


def checkpoint_for(settings: Settings) -> Checkpoint:
    """The ``sync all`` checkpoint in the data directory, tied to this Medusa and space."""
    path = Path(settings.data_dir) / "bulk" / "sync-all.checkpoint"
    signature = {"medusa": settings.medusa_url, "space": settings.contentful_space_id}
    signature["environment"] = settings.contentful_environment
    return Checkpoint(path, signature)


# -- the functions ---------------------------------------------------------------------------------
def run_import(
    settings: Settings, text: str, reporter: Reporter, *, dry_run: bool = False,
    sales_channel: str | None = None, location: str | None = None,
) -> list[RowError]:  # fmt: skip
    """Validate the CSV text, then import it; the errors that stopped it (nothing written)."""
    specs, errors = parse(text)
    if errors:
        return errors
    admin = bulk_admin(settings)
    try:
        importer = Importer(admin, reporter, dry_run, sales_channel, location)
        existing, errors = importer.check(specs)
        if not errors:
            importer.run(specs, existing)
        return errors
    finally:
        admin.close()


def run_sync_all(
    settings: Settings, reporter: Reporter, *, concurrency: int = 4, dry_run: bool = False,
    restart: bool = False, event_hooks: EventHooks | None = None,
) -> None:  # fmt: skip
    """Sync every product, resuming an interrupted run unless `restart`."""
    checkpoint = checkpoint_for(settings)
    if restart:
        checkpoint.finish()
    parts, admin = build_sync(settings, event_hooks=event_hooks), bulk_admin(settings)
    try:
        run = SyncAll(
            parts.writer, admin, reporter, checkpoint, concurrency=concurrency, dry_run=dry_run
        )
        run.run()
    finally:
        parts.close()
        admin.close()


def run_translate_entries(
    settings: Settings, reporter: Reporter, options: TranslateOptions, provider_name: str | None,
    event_hooks: EventHooks | None = None,
) -> None:  # fmt: skip
    """Translate every product entry into `options.target`."""
    provider_config = provider_settings(settings)
    provider = make_provider(provider_name or provider_config.provider, provider_config)
    cma = make_cma(settings, event_hooks)
    try:
        Translator(cma, provider, reporter, options).run()
    finally:
        cma.close()
        close = getattr(provider, "close", None)
        if close is not None:
            close()


def run_publish(
    settings: Settings, reporter: Reporter, *, include_drafts: bool = True,
    dry_run: bool = False, event_hooks: EventHooks | None = None, poll: float = 0.5,
) -> Publisher:  # fmt: skip
    """Publish drafts and changed entries (only changed ones without `include_drafts`)."""
    cma = make_cma(settings, event_hooks)
    try:
        publisher = Publisher(
            cma, reporter, include_drafts=include_drafts, dry_run=dry_run, poll=poll
        )
        publisher.run()
        return publisher
    finally:
        cma.close()


def run_reconcile(
    settings: Settings, reporter: Reporter, *, fix: bool = False,
    event_hooks: EventHooks | None = None,
) -> list[Drift]:  # fmt: skip
    """Find (and with `fix`, repair) drift between Medusa and Contentful."""
    parts, admin = build_sync(settings, event_hooks=event_hooks), bulk_admin(settings)
    try:
        return Reconciler(parts.writer, admin, reporter, fix=fix).run()
    finally:
        parts.close()
        admin.close()
