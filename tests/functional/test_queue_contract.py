"""One contract for every durable event queue: the Redis stream and the embedded SQLite file."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.events import EventEnvelope, EventQueue
from sync.queue_redis import RedisStreamQueue
from sync.queue_sqlite import SqliteQueue

TINY = 0.2  # visibility timeout for redelivery tests, seconds


class Backend:
    """Opens queues that share one store (a stream or a file) and can inject raw messages."""

    def __init__(self, kind: str, target: str) -> None:
        self.kind, self.target = kind, target
        self.opened: list[EventQueue] = []
        self.redis_url = ""

    def queue(self, visibility_timeout: float = 60) -> EventQueue:
        """A new queue object (think: another worker process) on the shared store."""
        queue: EventQueue
        if self.kind == "sqlite":
            queue = SqliteQueue(Path(self.target), visibility_timeout=visibility_timeout)
        else:
            queue = RedisStreamQueue(
                self.redis_url, stream=self.target, visibility_timeout=visibility_timeout
            )
        self.opened.append(queue)
        return queue

    def inject(self, fields: dict[str, Any]) -> None:
        """Write a message the way a foreign producer might, junk included."""
        if self.kind == "sqlite":
            columns = {"event": "", "id": "", "payload": "", **fields}
            with sqlite3.connect(self.target) as db:
                db.execute(
                    "INSERT INTO events (event, id, payload, created_at) VALUES (?, ?, ?, ?)",
                    (columns["event"], columns["id"], columns["payload"], time.time()),
                )
        else:
            import redis

            redis.Redis.from_url(self.redis_url).xadd(self.target, fields)


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each contract test runs once per backend; Redis streams are unique and deleted after."""
    if request.param == "sqlite":
        made = Backend("sqlite", str(tmp_path / "events.sqlite"))
    else:
        made = Backend("redis", f"test:events:{uuid.uuid4().hex}")
        made.redis_url = request.getfixturevalue("redis_url")
    yield made
    for queue in made.opened:
        queue.close()
    if made.kind == "redis":
        import redis

        client = redis.Redis.from_url(made.redis_url)
        client.delete(made.target, f"{made.target}:delayed", f"{made.target}:dead")


def drain(queue: EventQueue, consumer: str, handle: Callable[[EventEnvelope], None]) -> None:
    """Claim and handle until nothing is left to claim."""
    while batch := queue.claim(consumer, count=5, block_ms=20):
        for envelope in batch:
            handle(envelope)


def test_publish_claim_ack_then_nothing_redelivered(backend: Backend) -> None:
    queue = backend.queue()
    ids = [
        queue.publish("product.updated", f"prod_{n}", {"data": {"id": f"prod_{n}"}})
        for n in range(3)
    ]
    batch = queue.claim("w1", count=10)
    assert [e.id for e in batch] == ["prod_0", "prod_1", "prod_2"]
    assert [e.message_id for e in batch] == ids
    first = batch[0]
    assert (first.event, first.attempts, first.ok) == ("product.updated", 1, True)
    assert first.payload["data"] == {"id": "prod_0"}
    assert first.payload["event"] == "product.updated"
    for envelope in batch:
        queue.ack(envelope)
    assert queue.claim("w1", count=10) == []
    assert backend.queue(visibility_timeout=0).claim("w2", count=10) == []
    assert queue.stats().depth == queue.stats().pending == 0


def test_claimed_event_is_not_given_to_another_consumer_meanwhile(backend: Backend) -> None:
    queue = backend.queue()
    queue.publish("product.created", "prod_a")
    assert len(queue.claim("w1")) == 1
    assert backend.queue().claim("w2", block_ms=50) == []


def test_unacked_claim_redelivered_to_another_consumer_after_timeout(backend: Backend) -> None:
    first, second = backend.queue(TINY), backend.queue(TINY)
    first.publish("product.deleted", "prod_gone")
    [claimed] = first.claim("dies")
    assert second.claim("lives") == []
    time.sleep(TINY + 0.05)
    [again] = second.claim("lives")
    assert (again.message_id, again.id, again.attempts) == (claimed.message_id, "prod_gone", 2)
    second.ack(again)
    time.sleep(TINY + 0.05)
    assert second.claim("lives") == [] and first.claim("dies") == []


def test_retry_is_hidden_for_its_delay_and_counts_attempts(backend: Backend) -> None:
    queue = backend.queue()
    queue.publish("product-variant.updated", "variant_1", {"data": {"id": "variant_1"}})
    [envelope] = queue.claim("w1")
    queue.retry(envelope, "cma 503", delay_s=0.3)
    assert queue.claim("w1") == []
    assert queue.stats().delayed == 1
    time.sleep(0.35)
    [again] = queue.claim("w1", block_ms=200)
    assert (again.event, again.id, again.attempts) == ("product-variant.updated", "variant_1", 2)
    assert again.payload["data"] == {"id": "variant_1"}
    queue.retry(again, "still 503", delay_s=0)
    [third] = queue.claim("w1", block_ms=200)
    assert third.attempts == 3
    queue.ack(third)
    assert queue.claim("w1") == [] and queue.stats().delayed == 0


def test_dead_letters_are_listed_and_replayed_with_attempts_reset(backend: Backend) -> None:
    queue = backend.queue()
    queue.publish("product.updated", "prod_x")
    queue.publish("inventory-level.updated", "ilev_y")
    for envelope in queue.claim("w1"):
        queue.retry(envelope, "first failure", delay_s=0)
    before = time.time()
    for envelope in queue.claim("w1", block_ms=200):
        queue.dead_letter(envelope, f"gave up on {envelope.id}")
    assert queue.claim("w1", block_ms=50) == []
    letters = queue.dead_letters()
    assert [(d.event, d.id, d.attempts, d.error) for d in letters] == [
        ("product.updated", "prod_x", 2, "gave up on prod_x"),
        ("inventory-level.updated", "ilev_y", 2, "gave up on ilev_y"),
    ]
    assert letters[0].payload["id"] == "prod_x"
    assert before - 1 <= letters[0].dead_at <= time.time() + 1
    assert queue.stats().dead == 2
    assert queue.replay_dead_letters(["ilev_y"]) == 1
    assert [d.id for d in queue.dead_letters()] == ["prod_x"]
    [replayed] = queue.claim("w1")
    assert (replayed.id, replayed.attempts) == ("ilev_y", 1)
    assert queue.replay_dead_letters([letters[0].key]) == 1
    assert queue.replay_dead_letters() == 0
    assert [e.id for e in queue.claim("w1")] == ["prod_x"]


def test_stats_count_depth_pending_delayed_dead(backend: Backend) -> None:
    queue = backend.queue()
    for n in range(5):
        queue.publish("product.updated", f"prod_{n}")
    assert queue.stats().depth == 5
    first, second, third = queue.claim("w1", count=3)
    queue.retry(first, "later", delay_s=30)
    queue.dead_letter(second, "never")
    stats = queue.stats()
    assert (stats.depth, stats.pending, stats.delayed, stats.dead) == (2, 1, 1, 1)
    queue.ack(third)
    assert queue.stats().pending == 0


def test_junk_messages_are_delivered_flagged_and_acked(backend: Backend) -> None:
    queue = backend.queue()
    backend.inject({"payload": "{not json"})
    backend.inject({"event": "product.updated", "id": "prod_ok", "payload": "[1, 2"})
    backend.inject({"payload": '{"event": "product.created", "data": {"id": "prod_in_body"}}'})
    junk, no_payload, from_body = queue.claim("w1", count=10)
    assert not junk.ok and "no event and no id" in (junk.problem or "")
    assert (no_payload.ok, no_payload.id, no_payload.payload) == (True, "prod_ok", {})
    assert (from_body.event, from_body.id) == ("product.created", "prod_in_body")
    for envelope in (junk, no_payload, from_body):
        queue.ack(envelope)
    assert queue.claim("w1", block_ms=20) == []


def test_two_consumers_share_200_events_each_processed_once(backend: Backend) -> None:
    publisher = backend.queue()
    expected = {publisher.publish("product.updated", f"prod_{n}") for n in range(200)}
    seen: dict[str, list[str]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        queue = backend.queue()
        start.wait()

        def handle(envelope: EventEnvelope) -> None:
            # Real handlers spend time on HTTP; with none, SQLite's busy-wait backoff (it sleeps
            # up to 100 ms) can let one thread drain all 200 before the other gets the lock.
            time.sleep(0.001)
            seen[name].append(envelope.message_id)
            queue.ack(envelope)

        drain(queue, name, handle)

    threads = [threading.Thread(target=work, args=(name,)) for name in seen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    a, b = set(seen["a"]), set(seen["b"])
    assert len(seen["a"]) + len(seen["b"]) == 200
    assert a | b == expected and not a & b
    assert a and b, "both consumers should have taken a share"


def test_killed_consumer_mid_batch_is_finished_by_another(backend: Backend) -> None:
    doomed, survivor = backend.queue(TINY), backend.queue(TINY)
    expected = {doomed.publish("product.updated", f"prod_{n}") for n in range(20)}
    half = doomed.claim("doomed", count=10)
    doomed.ack(half[0])  # it got one done before it died
    doomed.close()
    done = {half[0].message_id}
    deadline = time.monotonic() + 5
    while done != expected and time.monotonic() < deadline:
        for envelope in survivor.claim("survivor", count=10, block_ms=50):
            assert envelope.message_id not in done
            done.add(envelope.message_id)
            survivor.ack(envelope)
    assert done == expected


def test_heartbeat_keeps_a_live_claim_and_a_silent_one_goes_stale(backend: Backend) -> None:
    first, second = backend.queue(TINY), backend.queue(TINY)
    first.publish("product.created", "prod_a")
    (held,) = first.claim("w1")
    for _ in range(4):  # twice the visibility timeout, renewed every half of it
        time.sleep(TINY / 2)
        assert first.heartbeat("w1", [held.message_id]) == 1
        assert second.claim("w2") == []
    time.sleep(TINY * 1.5)  # w1 went silent
    taken = second.claim("w2")
    assert [e.id for e in taken] == ["prod_a"]
    assert taken[0].attempts == 2  # heartbeats are not deliveries
    assert first.heartbeat("w1", [held.message_id]) == 0  # no longer w1's: not taken back
    assert first.claim("w1", block_ms=20) == []


def test_heartbeat_renews_only_the_entries_named(backend: Backend) -> None:
    first, second = backend.queue(TINY), backend.queue(TINY)
    for name in ("prod_a", "prod_b"):
        first.publish("product.created", name)
    kept, forgotten = first.claim("w1", count=2)  # say the reply of the second was lost
    time.sleep(TINY / 2)
    assert (
        first.heartbeat(
            "w1", [kept.message_id, "999999-0" if backend.kind == "redis" else "999999"]
        )
        == 1
    )
    time.sleep(TINY * 0.75)
    assert first.heartbeat("w1", [kept.message_id]) == 1
    assert [e.id for e in second.claim("w2", count=2)] == [forgotten.id]
