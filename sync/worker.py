"""The sync worker: consume Medusa events, write Contentful, ack only after success.

Failure policy, per event:
- 429 still limited after the client's own waits: retry after the Reset header's seconds.
- Contentful or Medusa unavailable (5xx, timeout, refused), 409 still conflicting, or a bug:
  retry with exponential backoff and jitter; after `max_attempts` deliveries, dead-letter.
- A 4xx that retrying cannot fix (422 validation, 404 content type, 401/403 credentials):
  dead-letter at once, with the upstream's message, for an operator to fix and replay.
- Junk envelopes and unknown events: ack and log.
Each event logs one JSON line: event, product, action, attempt, duration_ms (and error, outcome).
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from storefront.clients.errors import RateLimited, UpstreamRejected
from sync.cma import VersionMismatch
from sync.events import VISIBILITY_TIMEOUT, EventEnvelope, EventQueue
from sync.journal import Journal
from sync.medusa_admin import MedusaAdmin
from sync.writer import EntryWriter

log = logging.getLogger("sync.worker")
T = TypeVar("T")
ProductCallback = Callable[[str], None]
QueueFactory = Callable[[], EventQueue]
JobHandler = Callable[[EventEnvelope], str]  # a queued job other than a Medusa event
EchoCheck = Callable[[Mapping[str, Any]], bool]  # is this product state sync's own write?


def _nothing(product_id: str) -> None:
    """The default `on_product_changed`: no cache to purge."""


def _never(product: Mapping[str, Any]) -> bool:
    """The default echo check: no write-back, so no echo."""
    return False


class Dispatcher:
    """Turns one event into Contentful writes and `on_product_changed` calls."""

    def __init__(
        self,
        admin: MedusaAdmin,
        writer: EntryWriter,
        on_product_changed: ProductCallback | None = None,
        jobs: Mapping[str, JobHandler] | None = None,
        is_echo: EchoCheck | None = None,
    ) -> None:
        """`on_product_changed(product_id)` runs after every handled product change.

        `jobs` maps other event names (``contentful.entry.publish``) to their handlers;
        `is_echo(product)` recognises a product state the write-back itself just made.
        """
        self.admin, self.writer = admin, writer
        self.on_product_changed = on_product_changed or _nothing
        self.jobs, self.is_echo = dict(jobs or {}), is_echo or _never

    def handle(self, envelope: EventEnvelope) -> tuple[str, str]:
        """Do what the event asks; returns (action, product id)."""
        event, entity_id = envelope.event, envelope.id
        if event in ("product.created", "product.updated"):
            fresh, retry = event == "product.created", envelope.attempts > 1
            return self._upsert(entity_id, fresh, retry), entity_id
        if event == "product.deleted":
            return self._remove(entity_id), entity_id
        if event.startswith("product-variant."):
            return self._touched(self.admin.variant_product_id(entity_id), entity_id)
        if event.startswith("inventory-level."):
            return self._touched(self.admin.level_product_id(entity_id), entity_id)
        if event in self.jobs:
            return self.jobs[event](envelope), entity_id
        return "ignored", entity_id

    def _upsert(self, product_id: str, fresh: bool, retry: bool = False) -> str:
        """Re-fetch the product (payloads carry only ids) and write its entry."""
        product = self.admin.product(product_id)
        if product is None:  # deleted since: its product.deleted event does the rest
            return "gone-from-medusa"
        if self.is_echo(product):  # the write-back's own change: Contentful already has it
            self.on_product_changed(product_id)
            return "own-write-skipped"
        action = self.writer.upsert(product, fresh=fresh, retry=retry)
        self.on_product_changed(product_id)
        return action

    def _remove(self, product_id: str) -> str:
        """Archive or delete the entry, unless the product exists after all (a stale event)."""
        if self.admin.product(product_id) is not None:
            return "still-in-medusa"
        action = self.writer.remove(product_id)
        self.on_product_changed(product_id)
        return action

    def _touched(self, product_id: str | None, entity_id: str) -> tuple[str, str]:
        """A price or stock change: nothing to write (no managed field depends on it)."""
        if product_id is None:  # e.g. a variant deleted since: nothing left to refresh
            return "unmapped", entity_id
        self.on_product_changed(product_id)
        return "refreshed", product_id


@dataclass(frozen=True)
class WorkerOptions:
    """Retry and polling knobs (seconds unless named otherwise)."""

    max_attempts: int = 8
    base_delay: float = 2.0
    max_delay: float = 300.0
    batch: int = 1  # events claimed at a time; 1 leaves nothing to give back on SIGTERM
    block_ms: int = 500
    reconnect_delay: float = 0.5  # first wait after the queue failed, doubled up to the max
    reconnect_max: float = 10.0
    heartbeat_s: float = VISIBILITY_TIMEOUT / 3  # renew our claims well within their timeout


def backoff(attempt: int, options: WorkerOptions) -> float:
    """Exponential backoff with jitter: half to all of base * 2^(attempt-1), capped."""
    ceiling = min(options.max_delay, options.base_delay * 2 ** max(0, attempt - 1))
    return ceiling * random.uniform(0.5, 1.0)


def permanent(exc: Exception) -> bool:
    """A rejection that repeating the same request cannot fix."""
    return isinstance(exc, UpstreamRejected) and not isinstance(exc, VersionMismatch)


class QueueOutage:
    """Whether the queue is reachable, shared by a process's workers: logged once per outage."""

    def __init__(self) -> None:
        self._down_since: float | None = None
        self._lock = threading.Lock()

    def failed(self, what: str, exc: Exception) -> None:
        """A queue call failed: log the first failure of an outage."""
        with self._lock:
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        error = f"{type(exc).__name__}: {exc}"
        log.warning(json.dumps({"queue": "unreachable", "during": what, "error": error,
                                "action": "reconnecting with backoff"}))  # fmt: skip

    def answered(self) -> None:
        """A queue call succeeded: log the end of an outage."""
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            down_s = round(time.monotonic() - since, 1)
            log.warning(json.dumps({"queue": "reachable", "down_s": down_s}))


def until_answered(
    what: str, call: Callable[[], T], stop: threading.Event, options: WorkerOptions,
    outage: QueueOutage,
) -> T | None:  # fmt: skip
    """`call()`, repeated with backoff until the queue answers; None if it fails once stopped.

    A queue that is down (Redis restarting, a dropped connection) is waited for, never a
    reason to exit: what is unacknowledged stays in the queue and is claimed again.
    """
    delay = options.reconnect_delay
    while True:  # one try even when stopping: giving events back on SIGTERM must happen
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - whatever the client raises, wait and retry
            outage.failed(what, exc)
        else:
            outage.answered()
            return result
        if stop.wait(delay * random.uniform(0.5, 1.0)):
            return None
        delay = min(options.reconnect_max, delay * 2)


class Worker:
    """One consumer loop over a queue."""

    def __init__(
        self,
        queue: EventQueue,
        dispatcher: Dispatcher,
        options: WorkerOptions | None = None,
        consumer: str | None = None,
        stop: threading.Event | None = None,
        journal: Journal | None = None,
        outage: QueueOutage | None = None,
    ) -> None:
        """`stop` ends the loop after the event in hand (SIGTERM sets it)."""
        self.queue, self.dispatcher, self.journal = queue, dispatcher, journal
        self.options = options or WorkerOptions()
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}"
        self.stop = stop or threading.Event()
        self.outage = outage or QueueOutage()
        # What this worker claimed and has not settled: only these are renewed, so an entry
        # delivered on a connection that dropped before we read it still goes stale.
        self._held: set[str] = set()
        self._held_lock = threading.Lock()

    def run(self, once: bool = False) -> int:
        """Process events until stopped (or, with `once`, until nothing is left); returns count."""
        finished = threading.Event()
        beat = threading.Thread(target=self._beat, args=(finished,), daemon=True)
        beat.start()
        try:
            return self._loop(once)
        finally:
            finished.set()
            beat.join(timeout=2)

    def _beat(self, finished: threading.Event) -> None:
        """Renew our claims until the loop ends (also while finishing after SIGTERM); a killed
        worker stops beating, so its claims go stale after the visibility timeout."""
        while not finished.wait(self.options.heartbeat_s):
            with self._held_lock:
                held = sorted(self._held)
            try:
                self.queue.heartbeat(self.consumer, held)
            except Exception:  # noqa: BLE001 - an outage is the loop's to log and wait out
                log.debug("heartbeat failed", exc_info=True)

    def _loop(self, once: bool) -> int:
        done = 0
        while not self.stop.is_set():
            batch = self._call("claim", self._claim) or []
            if not batch and once and self._call("stats", self._drained):
                break
            for index, envelope in enumerate(batch):
                if self.stop.is_set():  # give back what we will not do, visible at once
                    for left in batch[index:]:
                        self._settle(self.queue.retry, left, "worker stopped before processing", 0)
                    break
                self.process(envelope)
                done += 1
        return done

    def _claim(self) -> list[EventEnvelope]:
        batch = self.queue.claim(self.consumer, self.options.batch, self.options.block_ms)
        with self._held_lock:
            self._held.update(envelope.message_id for envelope in batch)
        return batch

    def _drained(self) -> bool:
        """Nothing queued, claimed by anyone, or waiting out a retry delay."""
        stats = self.queue.stats()
        return stats.depth + stats.pending + stats.delayed == 0

    def _call(self, what: str, call: Callable[[], T]) -> T | None:
        """A queue call, repeated until the queue answers (see `until_answered`)."""
        return until_answered(what, call, self.stop, self.options, self.outage)

    def _settle(self, action: Callable[..., None], envelope: EventEnvelope, *args: Any) -> None:
        """Ack, retry or dead-letter, waiting for the queue if it is down."""
        self._call(action.__name__, lambda: action(envelope, *args))
        with self._held_lock:
            self._held.discard(envelope.message_id)

    def process(self, envelope: EventEnvelope) -> None:
        """Handle one event and settle it: ack, retry or dead-letter. Never raises."""
        started = time.monotonic()
        line = {"event": envelope.event, "product": envelope.id, "attempt": envelope.attempts}
        if not envelope.ok:
            self._settle(self.queue.ack, envelope)
            self._log(line, started, action="junk", outcome="ack", error=envelope.problem)
            return
        try:
            action, product = self.dispatcher.handle(envelope)
        except Exception as exc:  # noqa: BLE001 - every failure is settled, none kills the loop
            self._log(line, started, **self._settle_failure(envelope, exc))
            return
        self._settle(self.queue.ack, envelope)
        self._log(line, started, product=product, action=action, outcome="ack")

    def _settle_failure(self, envelope: EventEnvelope, exc: Exception) -> dict[str, object]:
        """Retry or dead-letter a failed event; the log fields describing the choice."""
        error = f"{type(exc).__name__}: {exc}"
        if permanent(exc) or envelope.attempts >= self.options.max_attempts:
            reason = "permanent" if permanent(exc) else f"{envelope.attempts} attempts"
            self._settle(self.queue.dead_letter, envelope, error)
            return {"action": "failed", "outcome": "dead-letter", "reason": reason, "error": error}
        delay = backoff(envelope.attempts, self.options)
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            delay = exc.retry_after * random.uniform(1.0, 1.2)
        self._settle(self.queue.retry, envelope, error, delay)
        return {"action": "failed", "outcome": "retry", "delay_s": round(delay, 3), "error": error}

    def _log(self, line: dict[str, object], started: float, **fields: object) -> None:
        """One structured line per event (also the journal's last success or error)."""
        record = {**line, **fields, "duration_ms": round((time.monotonic() - started) * 1000, 1)}
        failed = record.get("outcome") != "ack"
        log.log(logging.WARNING if failed else logging.INFO, json.dumps(record, default=str))
        if self.journal is not None:
            try:
                self.journal.record(record)
            except Exception:  # noqa: BLE001 - the journal is for monitoring; never stop for it
                log.debug("journal not written", exc_info=True)


class WorkerCrashed(RuntimeError):
    """A worker thread ended on an error (the process must exit non-zero)."""


def run_workers(
    make_queue: QueueFactory,
    dispatcher: Dispatcher,
    concurrency: int = 1,
    options: WorkerOptions | None = None,
    once: bool = False,
    stop: threading.Event | None = None,
    journal: Journal | None = None,
) -> int:
    """Run `concurrency` worker threads (one queue connection each); returns events handled.

    Each thread reconnects by itself while the queue is down. Should one ever end on an error
    all the same, the others are stopped and WorkerCrashed is raised.
    """
    stop, options = stop or threading.Event(), options or WorkerOptions()
    counts, errors, outage = [0] * concurrency, [], QueueOutage()
    base = f"{socket.gethostname()}-{os.getpid()}"

    def loop(index: int) -> None:
        queue = until_answered("connect", make_queue, stop, options, outage)
        if queue is None:  # stopped before the queue ever answered
            return
        try:
            worker = Worker(queue, dispatcher, options, f"{base}-{index}", stop, journal, outage)
            counts[index] = worker.run(once)
        except BaseException as exc:
            errors.append(exc)
            log.exception("worker %d crashed", index)
            stop.set()  # the others stop too: exit non-zero and let the supervisor restart us
        finally:
            queue.close()

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # join in slices so the main thread still takes signals
            thread.join(0.2)
    if errors:
        raise WorkerCrashed(f"{len(errors)} worker thread(s) crashed: {errors[0]!r}")
    return sum(counts)
