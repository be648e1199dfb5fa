"""The shared state behind loop prevention and deduplication, on SQLite and on Redis."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from sync.dedupe import DUPLICATE, STALE, Call, Dedupe
from sync.field_mapping import content_hash, managed_values
from sync.guard import LoopGuard
from sync.state import PREFIX, RedisState, SqliteState, StateStore

PRODUCT = {"id": "prod_1", "title": "Mug", "description": "A mug", "handle": "mug", "weight": 300}


@pytest.fixture(params=["sqlite", "redis"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    """Each test runs on both backends (Redis keys are removed afterwards)."""
    if request.param == "sqlite":
        store: StateStore = SqliteState(tmp_path / "state.sqlite")
        yield store
        store.close()
        return
    url = request.getfixturevalue("redis_url")
    store = RedisState(url)
    yield store
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{PREFIX}*"):
        client.delete(key)
    store.close()


def test_put_get_and_expiry(state: StateStore) -> None:
    state.put("a", "1", 60)
    state.put("b", "2", 0.5)  # long enough for a loaded machine to read it back in time
    assert (state.get("a"), state.get("b"), state.get("missing")) == ("1", "2", None)
    time.sleep(0.6)
    assert state.get("b") is None and state.get("a") == "1"


def test_add_only_once_until_expired(state: StateStore) -> None:
    assert state.add("k", "1", 0.5) is True
    assert state.add("k", "2", 60) is False
    time.sleep(0.6)
    assert state.add("k", "3", 60) is True and state.get("k") == "3"
    state.delete("k")
    assert state.get("k") is None


def test_raise_to_keeps_the_largest(state: StateStore) -> None:
    assert state.raise_to("rev", 3, 60) == 0
    assert state.raise_to("rev", 2, 60) == 3
    assert state.raise_to("rev", 5, 60) == 3
    assert state.get("rev") == "5"


def test_add_is_atomic_across_threads(state: StateStore) -> None:
    wins: list[bool] = []
    threads = [
        threading.Thread(target=lambda: wins.append(state.add("race", "x", 60))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_sqlite_state_is_shared_by_two_connections(tmp_path: Path) -> None:
    first, second = SqliteState(tmp_path / "s.sqlite"), SqliteState(tmp_path / "s.sqlite")
    try:
        assert first.add("k", "1", 60)
        assert not second.add("k", "1", 60)
    finally:
        first.close()
        second.close()


def test_dedupe_drops_duplicates_by_key_and_by_revision(state: StateStore) -> None:
    dedupe = Dedupe(state)
    call = Call("entry1", "Entry.publish", revision=2, idempotency_key="abc")
    assert dedupe.claim(call) is None
    assert dedupe.claim(call) == DUPLICATE
    same_event_other_key = Call("entry1", "Entry.publish", revision=2, idempotency_key="zzz")
    assert dedupe.claim(same_event_other_key) == DUPLICATE
    assert dedupe.claim(Call("entry1", "Entry.unpublish", revision=2)) is None  # another topic


def test_dedupe_release_lets_the_retry_through(state: StateStore) -> None:
    dedupe = Dedupe(state)
    call = Call("entry1", "Entry.publish", revision=1, idempotency_key="k1")
    assert dedupe.claim(call) is None
    dedupe.release(call)
    assert dedupe.claim(call) is None


def test_dedupe_drops_stale_revisions(state: StateStore) -> None:
    dedupe = Dedupe(state)
    newer = Call("entry1", "Entry.publish", revision=5)
    assert dedupe.claim(newer) is None
    dedupe.done(newer)
    assert (
        dedupe.claim(Call("entry1", "Entry.publish", revision=4, idempotency_key="late")) == STALE
    )
    assert dedupe.claim(Call("entry1", "Entry.unpublish", revision=5)) is None  # same revision
    assert dedupe.claim(Call("entry2", "Entry.publish", revision=1)) is None  # another entry


def test_dedupe_without_revision_uses_the_version(state: StateStore) -> None:
    dedupe = Dedupe(state)
    assert dedupe.claim(Call("e", "Entry.archive", version=7)) is None
    assert dedupe.claim(Call("e", "Entry.archive", version=7)) == DUPLICATE
    assert dedupe.claim(Call("e", "Entry.archive", version=9)) is None
    assert Call("e", "Entry.archive").state_keys() == []  # nothing to identify it by


def test_guard_contentful_direction(state: StateStore) -> None:
    guard = LoopGuard(state)
    digest = content_hash(managed_values(PRODUCT))
    assert not guard.contentful_echo("prod_1", digest)
    guard.before_write("prod_1", digest)
    assert guard.contentful_echo("prod_1", digest)
    assert not guard.contentful_echo("prod_1", "other")
    assert not guard.contentful_echo("prod_2", digest)


def test_guard_medusa_direction_matches_only_the_exact_state(state: StateStore) -> None:
    guard = LoopGuard(state)
    assert not guard.medusa_echo(PRODUCT)
    guard.before_medusa_write(PRODUCT)
    assert guard.medusa_echo(dict(PRODUCT))
    assert guard.medusa_echo({**PRODUCT, "weight": 300.0})  # same value, other spelling
    assert not guard.medusa_echo({**PRODUCT, "title": "Mug (edited by a merchant)"})


def test_guard_flag_expires(state: StateStore) -> None:
    guard = LoopGuard(state, ttl=0.5)
    guard.before_medusa_write(PRODUCT)
    assert guard.medusa_echo(PRODUCT)
    time.sleep(0.6)
    assert not guard.medusa_echo(PRODUCT)
