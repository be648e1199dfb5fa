"""The sync worker survives a Redis outage: it waits, reconnects and syncs what comes after.

An own redis-server carries the event stream; it is killed for a few seconds while events flow
and started again (empty, as a lost node would be). The worker process must still be running
and must sync every event published after Redis returned.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from tests.functional.sync_helpers import create_product, start, stored
from tests.redis_server import RedisServer, own_redis

__all__ = ["own_redis"]
ROOT = Path(__file__).resolve().parents[2]


def worker_process(settings: Any, redis_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
        "REDIS_URL": redis_url,
    }
    command = [sys.executable, "-m", "cli.sync", "worker", "--base-delay", "0.05"]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def wait_until(check: Any, seconds: float, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert process.poll() is None, f"worker exited {process.returncode}: {log.read_text()}"
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.05)


def keep_creating(box: Any, stop: threading.Event) -> None:
    """Events flowing throughout; creations while Redis is down may fail at the sandbox."""
    n = 0
    while not stop.is_set():
        n += 1
        with contextlib.suppress(httpx.HTTPError):
            create_product(box, f"Flow {n}")
        time.sleep(0.05)


def test_worker_reconnects_after_redis_outage(
    make_sandbox: Any, tmp_path: Path, own_redis: RedisServer
) -> None:
    box, settings = start(make_sandbox, tmp_path, redis_url=own_redis.url)
    log = tmp_path / "worker.log"
    worker = worker_process(settings, own_redis.url, log)
    try:
        before = [create_product(box, f"Before {n}") for n in range(3)]
        wait_until(lambda: all(stored(box, i) for i in before), 20, worker, log)
        stop = threading.Event()
        flow = threading.Thread(target=keep_creating, args=(box, stop))
        flow.start()
        try:
            time.sleep(0.5)
            own_redis.kill()
            time.sleep(3)
            assert worker.poll() is None, log.read_text()  # still running through the outage
            own_redis.start()
            after = [create_product(box, f"After {n}") for n in range(5)]
        finally:
            stop.set()
            flow.join()
        wait_until(lambda: all(stored(box, i) for i in after), 30, worker, log)
        text = log.read_text()
        assert text.count('"queue": "unreachable"') <= 1  # the outage is logged once
        assert '"queue": "reachable"' in text
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(15)
    assert worker.returncode == 0, log.read_text()[-3000:]


def test_worker_started_while_redis_is_down_waits_for_it(
    make_sandbox: Any, tmp_path: Path, own_redis: RedisServer
) -> None:
    box, settings = start(make_sandbox, tmp_path, redis_url=own_redis.url)
    own_redis.kill()
    log = tmp_path / "worker.log"
    worker = worker_process(settings, own_redis.url, log)
    try:
        time.sleep(2)
        assert worker.poll() is None, log.read_text()
        own_redis.start()
        product = create_product(box, "Late Redis")
        wait_until(lambda: stored(box, product) is not None, 30, worker, log)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(15)
    assert worker.returncode == 0


def test_status_and_dead_letters_with_redis_down_are_clean_errors(
    tmp_path: Path, own_redis: RedisServer
) -> None:
    own_redis.kill()
    env = {**os.environ, "REDIS_URL": own_redis.url, "STOREFRONT_DATA_DIR": str(tmp_path)}
    for command in (["status"], ["dead-letters"]):
        done = subprocess.run(
            [sys.executable, "-m", "cli.sync", *command],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert "event queue unreachable" in done.stderr and "Traceback" not in done.stderr
