"""A worker thread that ends on an error stops the others and makes run_workers raise."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from sync.events import EventEnvelope
from sync.queue_sqlite import SqliteQueue
from sync.worker import Dispatcher, WorkerCrashed, WorkerOptions, run_workers


class Crashing(SqliteQueue):
    """A real queue whose first claim ends the thread (what no `except Exception` catches)."""

    def claim(self, consumer: str, count: int = 10, block_ms: int = 0) -> list[EventEnvelope]:
        if consumer.endswith("-0"):
            raise SystemExit(3)
        return super().claim(consumer, count, block_ms)


class Flaky(SqliteQueue):
    """A real queue that fails its first three claims with an ordinary error."""

    failures = 0

    def claim(self, consumer: str, count: int = 10, block_ms: int = 0) -> list[EventEnvelope]:
        if Flaky.failures < 3:
            Flaky.failures += 1
            raise OSError("connection reset")
        return super().claim(consumer, count, block_ms)


def nobody() -> Any:
    return Dispatcher(None, None)  # type: ignore[arg-type] - no event is ever dispatched


def test_a_crashed_thread_stops_the_rest_and_raises(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    stop = threading.Event()
    with pytest.raises(WorkerCrashed, match="SystemExit"):
        run_workers(lambda: Crashing(path), nobody(), concurrency=2, stop=stop)
    assert stop.is_set()


def test_ordinary_queue_errors_are_waited_out(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    options = WorkerOptions(reconnect_delay=0.01, block_ms=10)
    assert run_workers(lambda: Flaky(path), nobody(), options=options, once=True) == 0
    assert Flaky.failures == 3
