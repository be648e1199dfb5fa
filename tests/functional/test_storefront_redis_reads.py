"""What a cold product page asks Redis before its upstream requests, seen by Redis itself
(MONITOR): the page's own key, then one MGET for the product's cached Medusa data and content,
and nothing else (the slug indexes and their history are kept in the process)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from flask import Flask

from sandbox.server import Sandbox
from storefront import startup
from tests.functional.storefront_helpers import storefront


@pytest.fixture
def app(make_sandbox: Any, tmp_path: Any, redis_url: str) -> Iterator[Flask]:
    box: Sandbox = make_sandbox(data_dir=tmp_path / "sandbox")
    redis.Redis.from_url(redis_url).flushdb()
    with storefront(box, redis_url=redis_url) as application:
        yield application
    redis.Redis.from_url(redis_url).flushdb()


def watched(redis_url: str, during: Any) -> list[str]:
    """The commands Redis received from every client while ``during()`` ran."""
    seen: list[str] = []
    ready = threading.Event()
    stop = threading.Event()

    def listen() -> None:
        with redis.Redis.from_url(redis_url).monitor() as monitor:
            ready.set()
            for command in monitor.listen():
                if stop.is_set() and "STOP-WATCHING" in command["command"]:
                    return
                seen.append(command["command"])

    watcher = threading.Thread(target=listen, daemon=True)
    watcher.start()
    ready.wait(5)
    time.sleep(0.1)  # MONITOR is on before the page starts
    during()
    stop.set()
    redis.Redis.from_url(redis_url).get("STOP-WATCHING")
    watcher.join(5)
    return seen


def test_a_cold_product_page_reads_its_cached_data_in_one_round_trip(
    app: Flask, redis_url: str
) -> None:
    assert startup.warm_up(app) == []
    client = app.test_client()
    assert client.get("/products/organic-cotton-tshirt").status_code == 200  # all kept now
    commands = watched(redis_url, lambda: client.get("/products/linen-summer-shirt?lang=es"))
    reads = [c for c in commands if c.split()[0] in ("GET", "MGET")]
    data = [c for c in reads if "linen-summer-shirt:" in c or "cf:product:linen" in c]
    assert len(data) == 1 and data[0].startswith("MGET"), reads
    assert "cf:product:linen-summer-shirt" in data[0] and "md:product:linen-summer-shirt" in data[0]
    assert not [c for c in reads if "slugs:" in c], reads  # kept in the process, history too
