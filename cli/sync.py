"""``storefront sync ...``: worker, status, dead-letters, setup.

Registered on the ``storefront`` command by ``cli.main``; ``python -m cli.sync`` runs the same
group on its own. The parts come from ``sync.assembly``; the storefront's cache purge is handed
to the worker here, explicitly (``storefront.purger``).
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click
import redis

from cli.env import load_settings
from storefront import purger
from storefront.clients.errors import UpstreamError
from sync.assembly import build_sync, make_cma, make_queue_factory
from sync.events import VISIBILITY_TIMEOUT
from sync.journal import Journal
from sync.state import open_state
from sync.worker import WorkerCrashed, WorkerOptions, run_workers


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM/SIGINT finish the event in hand, then stop."""

    def handler(signum: int, frame: FrameType | None) -> None:
        logging.getLogger("sync.worker").info('{"signal": %d, "action": "stopping"}', signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


@contextmanager
def queue_reachable() -> Iterator[None]:
    """An event queue or state store that cannot be reached is a clean error (exit 1)."""
    try:
        yield
    except (redis.RedisError, sqlite3.Error) as exc:
        raise click.ClickException(f"event queue unreachable: {type(exc).__name__}: {exc}") from exc


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
    purge = purger.for_worker(settings)
    try:
        parts = build_sync(
            settings,
            on_product_changed=purge.product if purge else None,
            on_taxonomy_changed=purge.taxonomy if purge else None,
        )
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
        if purge is not None:
            purge.close()
    click.echo(f"processed {done} events", err=True)


@sync.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(as_json: bool) -> None:
    """Queue depth, pending, delayed retries, dead letters, last success and last error."""
    from sync.status import print_status

    settings = load_settings()
    state = open_state(settings)
    try:
        with queue_reachable():
            print_status(make_queue_factory(settings)(), Journal(state).last(), as_json)
    finally:
        state.close()


@sync.command("dead-letters")
@click.option("--replay", is_flag=True, help="Requeue dead letters (all, or the IDS given).")
@click.argument("ids", nargs=-1)
def dead_letters(replay: bool, ids: tuple[str, ...]) -> None:
    """List dead letters, or requeue them with --replay [IDS...] (keys or Medusa ids)."""
    from sync.status import print_dead_letters, replay_dead_letters

    with queue_reachable():
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
    """``sync all`` and ``sync reconcile`` live with the other bulk commands (cli/bulk.py)."""
    from cli.bulk import reconcile_command, sync_all_command

    sync.add_command(sync_all_command)
    sync.add_command(reconcile_command)


_register_bulk()

if __name__ == "__main__":
    sync()
