"""The bulk commands: ``storefront import`` and ``publish``, ``storefront sync all`` and
``reconcile``, and the body of ``storefront translate --to``; the work is in ``sync.bulk.runs``.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.env import load_settings
from storefront.clients.errors import UpstreamError
from sync.bulk.csvformat import RowError
from sync.bulk.importer import ImportSetupError
from sync.bulk.progress import Reporter
from sync.bulk.providers import TranslationError
from sync.bulk.runs import (
    run_import,
    run_publish,
    run_reconcile,
    run_sync_all,
    run_translate_entries,
)
from sync.bulk.translate import TranslateOptions, TranslateUsageError


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
            load_settings(), csv_file.read_text(encoding="utf-8-sig"), reporter, dry_run=dry_run,
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
            load_settings(), reporter, concurrency=concurrency, dry_run=dry_run, restart=restart
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
        drift = run_reconcile(load_settings(), reporter, fix=fix and not dry_run)
    except UpstreamError as exc:
        raise click.ClickException(str(exc)) from exc
    for item in drift:
        click.echo(f"{item.kind:<8} {item.product_id}  {item.entry_id or '-'}  {item.detail}")
    _finish(reporter, reporter.failed or (bool(drift) and not (fix and not dry_run)))


@click.command("publish")
@click.option("--all", "everything", is_flag=True, help="Drafts and changed entries (default).")
@click.option("--changed", is_flag=True, help="Only entries changed since their last publish.")
@click.option("--dry-run", is_flag=True, help="List what would be published.")
def publish_command(everything: bool, changed: bool, dry_run: bool) -> None:
    """Publish product entries that are not live as they are: drafts and unpublished changes.

    The default includes drafts because `sync all` creates new entries as drafts: after it, a
    plain `publish` must leave every product live.
    """
    if everything and changed:
        raise click.UsageError("--all and --changed exclude each other")
    reporter = Reporter("publish")
    try:
        run_publish(load_settings(), reporter, include_drafts=not changed, dry_run=dry_run)
    except UpstreamError as exc:
        raise click.ClickException(str(exc)) from exc
    _finish(reporter)


def run_translate(options: TranslateOptions, provider: str | None) -> None:
    """The body of ``storefront translate --to ...`` (the group lives in cli.translate)."""
    reporter = Reporter(f"translate {options.target}")
    try:
        run_translate_entries(load_settings(), reporter, options, provider)
    except (TranslateUsageError, TranslationError, UpstreamError) as exc:
        reporter.close()
        raise click.ClickException(str(exc)) from exc
    _finish(reporter)
