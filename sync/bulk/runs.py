"""Click commands of the bulk operations, and the ``run_*`` functions they (and tests) call.

Registered by the lead: ``import_command`` ("import") and ``publish_command`` ("publish") on the
``storefront`` group; ``sync_all_command`` ("all") and ``reconcile_command`` ("reconcile") on the
``sync`` group (cli/sync.py); ``run_translate`` behind ``storefront translate --to``.
``cli.sync`` is imported inside functions: it registers these commands, so a module-level import
would be circular.
"""

from __future__ import annotations

from pathlib import Path

import click

from config.settings import Settings
from storefront.clients.errors import UpstreamError
from sync.bulk.csvformat import RowError, parse
from sync.bulk.importer import Importer, ImportSetupError
from sync.bulk.medusa import BulkAdmin
from sync.bulk.progress import Reporter
from sync.bulk.providers import TranslationError, make_provider, provider_settings
from sync.bulk.publish import Publisher
from sync.bulk.reconcile import Drift, Reconciler
from sync.bulk.syncall import Checkpoint, SyncAll
from sync.bulk.translate import TranslateOptions, TranslateUsageError, Translator
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
    from cli.sync import build_sync

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
    from cli.sync import make_cma

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
    settings: Settings, reporter: Reporter, *, include_drafts: bool = False,
    dry_run: bool = False, event_hooks: EventHooks | None = None, poll: float = 0.5,
) -> Publisher:  # fmt: skip
    """Publish changed entries (and drafts with `include_drafts`); the publisher, for its counts."""
    from cli.sync import make_cma

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
    from cli.sync import build_sync

    parts, admin = build_sync(settings, event_hooks=event_hooks), bulk_admin(settings)
    try:
        return Reconciler(parts.writer, admin, reporter, fix=fix).run()
    finally:
        parts.close()
        admin.close()


# -- the commands ----------------------------------------------------------------------------------
def _settings() -> Settings:
    from cli.sync import load_settings

    return load_settings()


def _finish(reporter: Reporter, failed: bool | None = None) -> None:
    """Print the summary; exit 1 when anything failed."""
    reporter.summary()
    if reporter.failed if failed is None else failed:
        click.get_current_context().exit(1)


def _refuse(errors: list[RowError], what: str) -> None:
    for error in errors:
        click.echo(str(error), err=True)
    click.echo(f"{len(errors)} error(s) in {what}: nothing was written", err=True)
    click.get_current_context().exit(1)


@click.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and show what would change; write nothing.")
@click.option("--sales-channel", help="Sales channel name or id (default: the only one).")
@click.option("--location", help="Stock location name or id (default: the only one).")
def import_command(
    csv_file: Path, dry_run: bool, sales_channel: str | None, location: str | None
) -> None:
    """Create or update Medusa products from a CSV (one row per variant)."""
    reporter = Reporter("import")
    try:
        errors = run_import(
            _settings(), csv_file.read_text(encoding="utf-8-sig"), reporter, dry_run=dry_run,
            sales_channel=sales_channel, location=location,
        )  # fmt: skip
    except (ImportSetupError, UpstreamError) as exc:
        raise click.ClickException(str(exc)) from exc
    if errors:
        _refuse(errors, csv_file.name)
    _finish(reporter)


@click.command("all")
@click.option("--concurrency", type=click.IntRange(1, 32), default=4, show_default=True)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--restart", is_flag=True, help="Ignore an interrupted run's checkpoint.")
def sync_all_command(concurrency: int, dry_run: bool, restart: bool) -> None:
    """Sync every Medusa product to Contentful (resumable)."""
    reporter = Reporter("sync all")
    try:
        run_sync_all(
            _settings(), reporter, concurrency=concurrency, dry_run=dry_run, restart=restart
        )
    except UpstreamError as exc:
        raise click.ClickException(f"{exc}; re-run to continue where it stopped") from exc
    _finish(reporter)


@click.command("reconcile")
@click.option("--fix", is_flag=True, help="Repair what is found, as the worker would.")
@click.option("--dry-run", is_flag=True, help="With --fix: only list what would be repaired.")
def reconcile_command(fix: bool, dry_run: bool) -> None:
    """List products missing in Contentful, orphaned entries and drifted fields (exit 1 if any)."""
    reporter = Reporter("reconcile")
    try:
        drift = run_reconcile(_settings(), reporter, fix=fix and not dry_run)
    except UpstreamError as exc:
        raise click.ClickException(str(exc)) from exc
    for item in drift:
        click.echo(f"{item.kind:<8} {item.product_id}  {item.entry_id or '-'}  {item.detail}")
    _finish(reporter, reporter.failed or (bool(drift) and not (fix and not dry_run)))


@click.command("publish")
@click.option("--all", "include_drafts", is_flag=True, help="Also publish drafts.")
@click.option("--changed", is_flag=True, help="Only entries changed since publish (default).")
@click.option("--dry-run", is_flag=True, help="List what would be published.")
def publish_command(include_drafts: bool, changed: bool, dry_run: bool) -> None:
    """Publish product entries with unpublished changes (bulk actions of 200)."""
    if include_drafts and changed:
        raise click.UsageError("--all and --changed exclude each other")
    reporter = Reporter("publish")
    try:
        run_publish(_settings(), reporter, include_drafts=include_drafts, dry_run=dry_run)
    except UpstreamError as exc:
        raise click.ClickException(str(exc)) from exc
    _finish(reporter)


def run_translate(options: TranslateOptions, provider: str | None) -> None:
    """The body of ``storefront translate --to ...`` (the group lives in storefront.translate)."""
    reporter = Reporter(f"translate {options.target}")
    try:
        run_translate_entries(_settings(), reporter, options, provider)
    except (TranslateUsageError, TranslationError, UpstreamError) as exc:
        reporter.close()
        raise click.ClickException(str(exc)) from exc
    _finish(reporter)
