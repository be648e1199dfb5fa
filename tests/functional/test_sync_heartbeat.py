"""Live workers renew their claims; a worker killed with SIGKILL has its events taken over soon.

Real worker processes on both queue backends (the SQLite file and an own Redis stream). Each
event takes longer than the visibility timeout (slow CMA), so without heartbeats a second
worker would take over events still being worked on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.functional.sync_helpers import create_product, faults, queue_of, start, stored
from tests.redis_server import RedisServer, own_redis

__all__ = ["own_redis"]
ROOT = Path(__file__).resolve().parents[2]
VISIBILITY = "1.5"


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The REDIS_URL of the backend under test ("" for the SQLite queue)."""
    if request.param == "sqlite":
        yield ""
    else:
        server: RedisServer = request.getfixturevalue("own_redis")
        yield server.url


def worker(settings: Any, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
        "REDIS_URL": settings.redis_url,
    }
    command = [sys.executable, "-m", "cli.sync", "worker", "--visibility-timeout", VISIBILITY,
               "--base-delay", "0.05"]  # fmt: skip
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("a"), stderr=subprocess.STDOUT
    )


def stop_all(*workers: subprocess.Popen[bytes]) -> None:
    for process in workers:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in workers:
        process.wait(15)
    assert [process.returncode for process in workers] == [0] * len(workers)


def wait_for(check: Any, seconds: float, what: str) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, what
        time.sleep(0.05)
    return time.monotonic() - started


def test_live_workers_keep_their_claims_while_slow(
    make_sandbox: Any, tmp_path: Path, backend: str
) -> None:
    box, settings = start(make_sandbox, tmp_path, redis_url=backend)
    faults(box, "cma", latency_ms=2500)  # an event (one PUT) takes longer than the timeout
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [worker(settings, log) for log in logs]
    try:
        ids = [create_product(box, "Slow")]  # one event: the other worker idles, watching
        wait_for(lambda: all(stored(box, i) for i in ids), 40, "events not synced")
        wait_for(lambda: queue_of(settings).stats().pending == 0, 10, "claims left")
    finally:
        stop_all(*workers)
    text = "".join(log.read_text() for log in logs)
    assert text.count('"outcome": "ack"') == len(ids)  # each handled once, by one worker
    assert '"attempt": 2' not in text  # no claim was taken from a live worker


def test_a_killed_workers_event_is_taken_over_within_the_visibility_timeout(
    make_sandbox: Any, tmp_path: Path, backend: str
) -> None:
    box, settings = start(make_sandbox, tmp_path, redis_url=backend)
    faults(box, "cma", latency_ms=2500)  # the first worker is killed mid-event
    first = worker(settings, tmp_path / "a.log")
    try:
        product = create_product(box, "Orphan")
        wait_for(lambda: queue_of(settings).stats().pending == 1, 20, "never claimed")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(5)
    faults(box, "cma", latency_ms=0)
    second = worker(settings, tmp_path / "b.log")
    try:
        took = wait_for(lambda: stored(box, product) is not None, 20, "never taken over")
    finally:
        stop_all(second)
    # Visibility timeout 1.5 s plus the second worker's start-up: far from a 60 s wait.
    assert took < 10, took
    assert '"attempt": 2' in (tmp_path / "b.log").read_text()
