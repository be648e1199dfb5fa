"""A worker process killed with SIGKILL mid-batch loses nothing: a restarted one finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.functional.sync_helpers import (
    create_product,
    entries_for,
    faults,
    queue_of,
    start,
    stored,
)

ROOT = Path(__file__).resolve().parents[2]


def _command(*extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cli.sync",
        "worker",
        "--batch",
        "4",
        "--visibility-timeout",
        "1",
        "--base-delay",
        "0.05",
        *extra,
    ]


def _env(settings: Any) -> dict[str, str]:
    return {
        **os.environ,
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
        "REDIS_URL": "",
    }


def test_sigkill_mid_batch_then_restart_finishes_every_event(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path)
    ids = [create_product(box, f"Crash {n}") for n in range(16)]
    faults(box, "cma", latency_ms=60)  # each event takes a while: the kill lands mid-batch
    log = (tmp_path / "worker1.log").open("w")
    first = subprocess.Popen(_command(), env=_env(settings), cwd=ROOT, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 15
        while sum(1 for i in ids if stored(box, i)) < 3:
            assert time.monotonic() < deadline and first.poll() is None, "worker made no progress"
            time.sleep(0.02)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(5)
    done_before = sum(1 for i in ids if stored(box, i))
    assert done_before < len(ids) and queue_of(settings).stats().pending > 0  # claims stranded
    second = subprocess.run(
        _command("--once"),
        env=_env(settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=25,
    )
    assert second.returncode == 0, second.stderr[-2000:]
    faults(box, "cma", latency_ms=0)
    assert all(len(entries_for(box, i)) == 1 for i in ids)
    stats = queue_of(settings).stats()
    assert (stats.depth, stats.pending, stats.delayed, stats.dead) == (0, 0, 0, 0)
    assert '"outcome": "ack"' in second.stderr  # the restarted worker logs one line per event


def test_sigterm_stops_the_worker_cleanly_after_the_event_in_hand(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path)
    ids = [create_product(box, f"Term {n}") for n in range(6)]
    faults(box, "cma", latency_ms=150)
    worker = subprocess.Popen(
        _command(), env=_env(settings), cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 15
    while not any(stored(box, i) for i in ids):
        assert time.monotonic() < deadline and worker.poll() is None
        time.sleep(0.02)
    worker.send_signal(signal.SIGTERM)
    _, log = worker.communicate(timeout=10)
    assert worker.returncode == 0 and "processed" in log
    stats = queue_of(settings).stats()
    assert stats.pending == 0  # nothing left claimed: the rest is visible for the next worker
    assert stats.depth + sum(1 for i in ids if stored(box, i)) == len(ids)
