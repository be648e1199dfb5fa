"""Two worker processes on one Redis stream: every event is handled once, entries stay single."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.functional.sync_helpers import create_product, entries_for, entry, queue_of, start

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("medusa:events", "medusa:events:delayed", "medusa:events:dead")


@pytest.fixture
def clean_stream(redis_url: str) -> Iterator[str]:
    """The Redis URL, with the sync's stream keys removed before and after."""
    client = redis.Redis.from_url(redis_url)
    client.delete(*KEYS)
    yield redis_url
    client.delete(*KEYS)
    client.close()


def test_two_workers_on_one_stream_handle_each_event_once(
    make_sandbox: Any, tmp_path: Path, clean_stream: str
) -> None:
    box, settings = start(make_sandbox, tmp_path, redis_url=clean_stream)
    ids = [create_product(box, f"Stream {n}") for n in range(10)]
    env = {
        **os.environ,
        "MEDUSA_URL": settings.medusa_url,
        "REDIS_URL": clean_stream,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "cli.sync", "worker", "--once", "--base-delay", "0.05"]
    workers = [
        subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    logs = [worker.communicate(timeout=25)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], logs
    handled = sum(log.count('"outcome": "ack"') for log in logs)
    assert handled == len(ids)  # each stream entry went to exactly one of the two
    for product_id in ids:
        assert len(entries_for(box, product_id)) == 1
        assert (entry(box, product_id) or {})["sys"]["version"] == 1
    stats = queue_of(settings).stats()
    assert (stats.depth, stats.pending, stats.delayed, stats.dead) == (0, 0, 0, 0)
