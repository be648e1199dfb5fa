"""With REDIS_URL, a Redis outage is a cache miss: pages render from the upstreams, /readyz tells.

An own redis-server is killed and started again under traffic; the cache comes back by itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from flask import Flask

from sandbox.server import Sandbox
from storefront import purger
from tests.functional.storefront_helpers import TSHIRT, product_id, storefront
from tests.redis_server import RedisServer, own_redis

__all__ = ["own_redis"]
PATHS = [f"/products/{TSHIRT}", "/", "/?page=2", "/collections/summer-essentials"]


@pytest.fixture
def app(box: Sandbox, own_redis: RedisServer) -> Iterator[Flask]:
    """A storefront whose cache is the test's own Redis."""
    with storefront(box, redis_url=own_redis.url) as application:
        yield application


def cached_keys(server: RedisServer) -> list[bytes]:
    return list(redis.Redis.from_url(server.url).keys("storefront:*"))


def test_redis_down_pages_render_from_upstreams_and_recover(
    app: Flask, own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    assert [client.get(p).status_code for p in PATHS] == [200] * len(PATHS)
    assert cached_keys(own_redis)
    own_redis.kill()
    with caplog.at_level(logging.WARNING, logger="storefront.breaker"):
        statuses = [client.get(p).status_code for _ in range(10) for p in PATHS]
    assert statuses == [200] * len(statuses)
    outage_lines = [r for r in caplog.records if "cache (redis)" in r.getMessage()]
    assert len(outage_lines) == 1, [r.getMessage() for r in outage_lines]  # logged once
    own_redis.start()  # comes back empty
    deadline = time.monotonic() + 5
    while not cached_keys(own_redis):  # no restart, no operator: the cache fills again
        assert time.monotonic() < deadline, "the cache did not come back"
        assert client.get(PATHS[0]).status_code == 200
        time.sleep(0.1)


def test_purge_while_redis_is_down_is_harmless(
    app: Flask, box: Sandbox, own_redis: RedisServer
) -> None:
    client = app.test_client()
    assert client.get(PATHS[0]).status_code == 200
    own_redis.kill()
    with app.app_context():
        purger.for_app(app).purge_product(product_id(box, TSHIRT))
    assert client.get(PATHS[0]).status_code == 200


def test_readyz_reports_redis(app: Flask, own_redis: RedisServer) -> None:
    client = app.test_client()
    up = client.get("/readyz").get_json()
    assert up["checks"]["redis"]["ok"] is True
    assert up["checks"]["events"]["ok"] is True
    own_redis.kill()
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 3
    down: dict[str, Any] = response.get_json()
    assert down["checks"]["redis"]["ok"] is False and down["checks"]["redis"]["error"]
    assert down["checks"]["events"]["ok"] is False
    # Pages still render without a cache, so Redis is not required unless configured.
    assert response.status_code == 200 and down["checks"]["redis"]["required"] is False


def test_readyz_fails_when_redis_is_required(box: Sandbox, own_redis: RedisServer) -> None:
    required = ("medusa", "contentful", "redis", "events")
    with storefront(box, redis_url=own_redis.url, ready_requires=required) as application:
        client = application.test_client()
        assert client.get("/readyz").status_code == 200
        own_redis.kill()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["status"] == "unavailable"
        own_redis.start()
        assert client.get("/readyz").status_code == 200
