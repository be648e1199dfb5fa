"""Redis event sources: the durable stream queue and the lossy pub/sub channel.

Stream layout for stream S (default `medusa:events`) and group G (default `storefront-sync`):
- `S`: the events (fields `event`, `id`, `payload`, and `attempts` on re-queued ones). Several
  workers read it through G with `XREADGROUP >`, so each entry goes to exactly one of them; an
  entry stays in G's pending list until `XACK`, and `XAUTOCLAIM` hands entries of a silent
  consumer to a live one after `visibility_timeout`.
- `S:delayed`: retries waiting out their delay (ZSET scored by due time). `retry` adds the
  member and acks the original in one MULTI; `claim` moves due members back to `S` in one Lua
  script. A crash can therefore at worst deliver an event twice, never drop it.
- `S:dead`: dead letters (a stream, so each has a key for replay).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, cast

import redis

from sync.events import (
    DEFAULT_GROUP,
    DEFAULT_STREAM,
    VISIBILITY_TIMEOUT,
    DeadLetter,
    EventEnvelope,
    QueueStats,
    message_body,
    wanted,
)

# Atomic: a due retry is in the ZSET or in the stream, never in neither.
PROMOTE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  local m = cjson.decode(member)
  redis.call('XADD', KEYS[2], '*', 'event', m.event, 'id', m.id, 'payload', m.payload,
             'attempts', m.attempts)
  redis.call('ZREM', KEYS[1], member)
end
return #due
"""

# Conditional on the XDEL so that two operators replaying at once re-queue a letter only once.
REPLAY = """
if redis.call('XDEL', KEYS[1], ARGV[1]) == 1 then
  return redis.call('XADD', KEYS[2], '*', 'event', ARGV[2], 'id', ARGV[3], 'payload', ARGV[4],
                    'attempts', '0')
end
return false
"""

# Atomic: renews only the given entries `consumer` still owns (one taken over meanwhile stays
# taken). XCLAIM ... JUSTID resets the idle time without counting a delivery.
HEARTBEAT = """
local command = {'XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0}
for i = 3, #ARGV do
  local row = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)[1]
  if row and row[2] == ARGV[2] then command[#command + 1] = ARGV[i] end
end
if #command == 5 then return 0 end
command[#command + 1] = 'JUSTID'
redis.call(unpack(command))
return #command - 6
"""

Entry = tuple[bytes, dict[bytes, bytes]]


def _text(value: Any) -> str:
    """A Redis reply value as text."""
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisStreamQueue:
    """The `EventQueue` over a Redis stream and consumer group (needs Redis >= 6.2)."""

    def __init__(
        self,
        redis_url: str,
        stream: str = DEFAULT_STREAM,
        group: str = DEFAULT_GROUP,
        visibility_timeout: float = VISIBILITY_TIMEOUT,
    ) -> None:
        """Connect and make sure the consumer group exists."""
        self.stream, self.group = stream, group
        self.delayed_key, self.dead_key = f"{stream}:delayed", f"{stream}:dead"
        self.visibility_timeout = visibility_timeout
        # Bounded waits: blocking reads are short (block_ms); a silent socket is a dead server.
        self._redis = redis.Redis.from_url(
            redis_url, decode_responses=False, socket_timeout=10, socket_connect_timeout=2
        )
        self._promote = self._redis.register_script(PROMOTE)
        self._replay = self._redis.register_script(REPLAY)
        self._heartbeat = self._redis.register_script(HEARTBEAT)
        self._cursor = "0-0"
        self.ensure_group()

    def ensure_group(self) -> None:
        """Create the group from the stream's start (events sent before any worker count)."""
        try:
            self._redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def publish(self, event: str, id: str, payload: Mapping[str, Any] | None = None) -> str:
        """XADD an event as Medusa's forwarding subscriber does; returns the stream id."""
        fields = {"event": event, "id": id, "payload": message_body(event, id, payload)}
        return _text(self._redis.xadd(self.stream, cast(Any, fields)))

    def claim(self, consumer: str, count: int = 10, block_ms: int = 0) -> list[EventEnvelope]:
        """Due retries re-queued, then stale entries of dead consumers, then new entries."""
        try:
            return self._claim(consumer, count, block_ms)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            self.ensure_group()  # the stream was deleted under us: start over, empty
            return self._claim(consumer, count, block_ms)

    def _claim(self, consumer: str, count: int, block_ms: int) -> list[EventEnvelope]:
        """One claim pass."""
        self._promote(keys=[self.delayed_key, self.stream], args=[time.time(), 100])
        found = self._reclaim_stale(consumer, count)
        if len(found) < count:
            found += self._read_new(consumer, count - len(found), 0 if found else block_ms)
        return found

    def _read_new(self, consumer: str, count: int, block_ms: int) -> list[EventEnvelope]:
        """Never-delivered entries; Redis gives each to exactly one consumer of the group."""
        # BLOCK 0 would wait forever, so no blocking means leaving BLOCK out.
        reply = self._redis.xreadgroup(
            self.group, consumer, {self.stream: ">"}, count=count, block=block_ms or None
        )
        entries: list[Entry] = reply[0][1] if reply else []
        return [self._envelope(entry, deliveries=1) for entry in entries]

    def _reclaim_stale(self, consumer: str, count: int) -> list[EventEnvelope]:
        """Entries pending longer than the visibility timeout, taken over by `consumer`."""
        min_idle = int(self.visibility_timeout * 1000)
        reply = cast(
            list[Any],
            self._redis.xautoclaim(
                self.stream, self.group, consumer, min_idle, self._cursor, count=count
            ),
        )
        # Resume the PEL scan where it stopped, so stale entries deep in a long list are found.
        self._cursor = _text(reply[0])
        entries: list[Entry] = reply[1]
        if not entries:
            return []
        counts = self._delivery_counts([entry[0] for entry in entries])
        return [self._envelope(entry, counts.get(entry[0], 1)) for entry in entries]

    def _delivery_counts(self, ids: list[bytes]) -> dict[bytes, int]:
        """How many times each pending entry has been delivered (XAUTOCLAIM counts one more)."""
        pipe = self._redis.pipeline(transaction=False)
        for message_id in ids:
            pipe.xpending_range(self.stream, self.group, message_id, message_id, 1)
        return {
            row["message_id"]: row["times_delivered"] for rows in pipe.execute() for row in rows
        }

    @staticmethod
    def _envelope(entry: Entry, deliveries: int) -> EventEnvelope:
        """An envelope for a stream entry."""
        return EventEnvelope.from_fields(entry[1] or {}, _text(entry[0]), deliveries)

    def heartbeat(self, consumer: str, message_ids: Sequence[str]) -> int:
        """Reset the idle time of those entries `consumer` still holds; returns how many."""
        if not message_ids:
            return 0
        args = [self.group, consumer, *message_ids]
        return int(self._heartbeat(keys=[self.stream], args=args))

    def ack(self, envelope: EventEnvelope) -> None:
        """XACK: the entry leaves the pending list and is never delivered again."""
        self._redis.xack(self.stream, self.group, envelope.message_id)

    def retry(self, envelope: EventEnvelope, error: str, delay_s: float) -> None:
        """Park a copy in the delayed ZSET and ack the original, atomically."""
        member = json.dumps(
            {**envelope.to_fields(), "origin": envelope.message_id, "error": error},
            sort_keys=True,
        )
        pipe = self._redis.pipeline(transaction=True)
        pipe.zadd(self.delayed_key, {member: time.time() + max(0.0, delay_s)})
        pipe.xack(self.stream, self.group, envelope.message_id)
        pipe.execute()

    def dead_letter(self, envelope: EventEnvelope, error: str) -> None:
        """Append to the dead-letter stream and ack the original, atomically."""
        fields = {
            **envelope.to_fields(),
            "error": error,
            "dead_at": repr(time.time()),
            "origin": envelope.message_id,
        }
        pipe = self._redis.pipeline(transaction=True)
        pipe.xadd(self.dead_key, cast(Any, fields))
        pipe.xack(self.stream, self.group, envelope.message_id)
        pipe.execute()

    def dead_letters(self) -> list[DeadLetter]:
        """Every dead letter, oldest first."""
        entries = cast(list[Entry], self._redis.xrange(self.dead_key))
        return [self._dead_letter(entry) for entry in entries]

    @staticmethod
    def _dead_letter(entry: Entry) -> DeadLetter:
        """A `DeadLetter` from a dead-stream entry."""
        fields = {_text(k): _text(v) for k, v in entry[1].items()}
        parsed = EventEnvelope.from_fields(fields, _text(entry[0]), deliveries=0)
        dead_at = float(fields.get("dead_at") or 0)
        return DeadLetter(
            _text(entry[0]), parsed.event, parsed.id, parsed.payload, parsed.attempts,
            fields.get("error", ""), dead_at,
        )  # fmt: skip

    def replay_dead_letters(self, ids: list[str] | None = None) -> int:
        """Re-queue the chosen dead letters on the stream with attempts reset."""
        replayed = 0
        for letter in self.dead_letters():
            if wanted(letter, ids):
                body = message_body(letter.event, letter.id, letter.payload)
                args = [letter.key, letter.event, letter.id, body]
                replayed += bool(self._replay(keys=[self.dead_key, self.stream], args=args))
        return replayed

    def stats(self) -> QueueStats:
        """Lag of the group (depth), its pending count, delayed retries and dead letters."""
        self.ensure_group()  # the stream may have been deleted since we started
        groups = cast(list[dict[str, Any]], self._redis.xinfo_groups(self.stream))
        mine = next((g for g in groups if _text(g["name"]) == self.group), {})
        depth = mine.get("lag")
        if depth is None:  # Redis cannot tell after deletions inside the stream: count them
            after = "(" + _text(mine.get("last-delivered-id", b"0-0"))
            depth = len(cast(list[Any], self._redis.xrange(self.stream, min=after)))
        pipe = self._redis.pipeline(transaction=False)
        pipe.zcard(self.delayed_key).xlen(self.dead_key)
        delayed, dead = pipe.execute()
        return QueueStats(int(depth), int(mine.get("pending", 0)), delayed, dead)

    def close(self) -> None:
        """Close the connection pool."""
        self._redis.close()
