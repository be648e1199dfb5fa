"""Redis specifics: the group sees earlier events, recovery, crash ordering, and lossy pub/sub."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from sync.events import open_queue
from sync.queue_redis import RedisStreamQueue


@pytest.fixture
def stream(redis_url: str) -> Iterator[str]:
    """A unique stream name, deleted with its companions afterwards."""
    name = f"test:events:{uuid.uuid4().hex}"
    yield name
    redis.Redis.from_url(redis_url).delete(name, f"{name}:delayed", f"{name}:dead")


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client, playing Medusa's forwarding subscriber."""
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


def medusa_xadd(client: redis.Redis, stream: str, event: str, entity_id: str) -> None:
    """XADD as the Medusa subscriber does (fields event, id, payload)."""
    body = {"event": event, "id": entity_id, "data": {"id": entity_id}, "metadata": {}}
    client.xadd(stream, {"event": event, "id": entity_id, "payload": json.dumps(body)})


def test_events_sent_before_the_first_worker_are_not_lost(
    redis_url: str, stream: str, client: redis.Redis
) -> None:
    medusa_xadd(client, stream, "product.created", "prod_early")
    queue = RedisStreamQueue(redis_url, stream=stream)
    assert queue.stats().depth == 1
    assert [e.id for e in queue.claim("w1")] == ["prod_early"]
    group = client.xinfo_groups(stream)[0]
    assert group["name"] == b"storefront-sync"
    queue.close()


def test_a_deleted_stream_is_recreated_on_the_next_claim(
    redis_url: str, stream: str, client: redis.Redis
) -> None:
    queue = RedisStreamQueue(redis_url, stream=stream)
    client.delete(stream)
    assert queue.claim("w1") == []
    medusa_xadd(client, stream, "product.updated", "prod_after")
    assert [e.id for e in queue.claim("w1")] == ["prod_after"]
    queue.close()


def test_retry_parks_a_copy_before_acking_so_a_crash_cannot_lose_it(
    redis_url: str, stream: str, client: redis.Redis
) -> None:
    queue = RedisStreamQueue(redis_url, stream=stream, visibility_timeout=0)
    queue.publish("product.updated", "prod_1")
    [envelope] = queue.claim("w1")
    queue.retry(envelope, "boom", delay_s=60)
    assert client.zcard(f"{stream}:delayed") == 1
    assert client.xpending(stream, "storefront-sync")["pending"] == 0
    parked = json.loads(client.zrange(f"{stream}:delayed", 0, -1)[0])
    assert (parked["id"], parked["attempts"], parked["error"]) == ("prod_1", "1", "boom")
    queue.close()


def test_open_queue_with_a_url_is_the_stream(redis_url: str, tmp_path: Path) -> None:
    queue = open_queue(redis_url, tmp_path / "unused.sqlite")
    try:
        assert isinstance(queue, RedisStreamQueue) and queue.stream == "medusa:events"
        assert not (tmp_path / "unused.sqlite").exists()
    finally:
        queue.close()


def test_stats_survive_a_deleted_stream(redis_url: str, stream: str, client: redis.Redis) -> None:
    queue = RedisStreamQueue(redis_url, stream=stream)
    queue.publish("product.updated", "prod_1")
    client.delete(stream)
    assert queue.stats().depth == 0
    queue.close()
