"""``storefront sync ...``: worker, status, dead-letters, setup; and the assembly they share.

Registered by the storefront CLI with ``main.add_command(sync)`` (``from cli.sync import sync``);
``python -m cli.sync`` runs the same group on its own.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import click

from config import settings as config_module
from config.settings import ConfigError, Settings
from storefront.clients.errors import UpstreamError
from sync.cma import CmaClient, EventHooks
from sync.events import VISIBILITY_TIMEOUT, EventQueue, embedded_queue_path, open_queue
from sync.guard import LoopGuard, open_state
from sync.journal import Journal
from sync.medusa_admin import MedusaAdmin
from sync.taxonomy import taxonomy_jobs
from sync.worker import (
    Dispatcher,
    JobHandler,
    ProductCallback,
    WorkerCrashed,
    WorkerOptions,
    run_workers,
)
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
    event_hooks: EventHooks | None = None,
) -> SyncParts:
    """Wire clients, writer and dispatcher from settings (reads the default locale once).

    A `LoopGuard` passed as `guard` serves both directions; any other guard is the writer's
    alone, and a `LoopGuard` over the shared state serves the write-back.
    """
    cma = make_cma(settings, event_hooks)
    admin = MedusaAdmin(settings.medusa_url, settings.medusa_api_key, settings.http_timeout)
    locale = cma.default_locale()
    loop = guard if isinstance(guard, LoopGuard) else LoopGuard.for_settings(settings)
    writer = EntryWriter(
        cma, locale, auto_publish=settings.sync_auto_publish,
        delete_mode=settings.sync_delete_mode, guard=guard or loop,
    )  # fmt: skip
    purge = on_product_changed or (lambda record_id: None)
    jobs: dict[str, JobHandler] = {WRITEBACK_EVENT: WriteBack(admin, loop, locale)}
    jobs.update(taxonomy_jobs(admin.collection, admin.category, writer, purge))
    dispatcher = Dispatcher(admin, writer, on_product_changed, jobs, loop.medusa_echo)
    return SyncParts(cma, admin, writer, dispatcher, loop)


def load_settings() -> Settings:
    """Settings from the environment, or a clean CLI error naming the bad variable."""
    try:
        return config_module.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM/SIGINT finish the event in hand, then stop."""

    def handler(signum: int, frame: FrameType | None) -> None:
        logging.getLogger("sync.worker").info('{"signal": %d, "action": "stopping"}', signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _product_changed_hook(settings: Settings) -> ProductCallback | None:
    """The storefront's cache purge, when the command runs under ``storefront`` (which
    puts a factory in the click context); sync itself does not import the storefront."""
    context = click.get_current_context(silent=True)
    found = context.find_object(dict) if context is not None else None
    factory = (found or {}).get("product_changed")
    return factory(settings) if callable(factory) else None


@click.group("sync")
def sync() -> None:
    """Medusa -> Contentful sync: worker, status, dead letters, setup."""


@sync.command()
@click.option("--concurrency", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--once", is_flag=True, help="Exit when the queue is drained.")
@click.option("--batch", type=click.IntRange(1, 100), default=1, show_default=True,
              help="Events claimed at a time per thread.")  # fmt: skip
@click.option("--max-attempts", type=click.IntRange(1), default=8, show_default=True)
@click.option("--base-delay", type=float, default=2.0, show_default=True, help="Backoff base (s).")
@click.option("--visibility-timeout", type=click.FloatRange(min=0.3), default=VISIBILITY_TIMEOUT,
              show_default=True, help="Seconds before a dead worker's claimed events are taken "
              "over (live workers renew theirs every third of it).")  # fmt: skip
def worker(
    concurrency: int,
    once: bool,
    batch: int,
    max_attempts: int,
    base_delay: float,
    visibility_timeout: float,
) -> None:
    """Consume Medusa events and write them to Contentful."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = load_settings()
    stop = threading.Event()
    _stop_on_signals(stop)
    try:
        parts = build_sync(settings, on_product_changed=_product_changed_hook(settings))
    except UpstreamError as exc:
        raise click.ClickException(f"cannot start the sync worker: {exc}") from exc
    options = WorkerOptions(
        max_attempts=max_attempts, base_delay=base_delay, batch=batch,
        heartbeat_s=visibility_timeout / 3,
    )  # fmt: skip
    try:
        factory = make_queue_factory(settings, visibility_timeout)
        journal = Journal(open_state(settings))
        done = run_workers(factory, parts.dispatcher, concurrency, options, once, stop, journal)
        journal.state.close()
    except WorkerCrashed as exc:  # exit 1, so that a supervisor restarts the worker
        raise click.ClickException(f"sync worker failed: {exc}") from exc
    finally:
        parts.close()
    click.echo(f"processed {done} events", err=True)


@sync.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(as_json: bool) -> None:
    """Queue depth, pending, delayed retries, dead letters, last success and last error."""
    from sync.status import print_status

    settings = load_settings()
    state = open_state(settings)
    try:
        print_status(make_queue_factory(settings)(), Journal(state).last(), as_json)
    finally:
        state.close()


@sync.command("dead-letters")
@click.option("--replay", is_flag=True, help="Requeue dead letters (all, or the IDS given).")
@click.argument("ids", nargs=-1)
def dead_letters(replay: bool, ids: tuple[str, ...]) -> None:
    """List dead letters, or requeue them with --replay [IDS...] (keys or Medusa ids)."""
    from sync.status import print_dead_letters, replay_dead_letters

    queue = make_queue_factory(load_settings())()
    try:
        if replay:
            replay_dead_letters(queue, list(ids) or None)
        else:
            print_dead_letters(queue)
    finally:
        queue.close()


@sync.command()
def setup() -> None:
    """Create or update the product content type, check locales, register the webhook."""
    from sync.setup import run_setup

    settings = load_settings()
    cma = make_cma(settings)
    try:
        run_setup(cma, settings, click.echo)
    finally:
        cma.close()


def _register_bulk() -> None:
    """``sync all`` and ``sync reconcile`` live with the other bulk commands (sync/bulk)."""
    from sync.bulk.runs import reconcile_command, sync_all_command

    sync.add_command(sync_all_command)
    sync.add_command(reconcile_command)


_register_bulk()

if __name__ == "__main__":
    sync()
