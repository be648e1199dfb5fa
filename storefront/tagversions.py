"""The page cache's tag versions as this process last read them, forgotten on every purge.

A page-cache hit must know that none of its tags was purged since the page was stored. Asking
Redis costs a round trip per hit, more than the rest of the hit; so each process remembers the
versions it read and forgets a tag as soon as a purge names it: at once for purges made in this
process, and through a Redis pub/sub channel (``CHANNEL``) for purges made by any other process
(another gunicorn worker, the sync worker). While that channel is not confirmed subscribed
(start-up, Redis restarting), nothing is remembered and every hit asks Redis, as before.
A message is the purged tags, space-separated; ``*`` (``EVERYTHING``) forgets them all, for
whoever empties the Redis database by hand (``redis-cli PUBLISH storefront:purged-tags '*'``).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import redis

CHANNEL = "storefront:purged-tags"
EVERYTHING = "*"
RETRY_SECONDS = 1.0
HEALTH_SECONDS = 5.0
log = logging.getLogger(__name__)
Read = Callable[[list[str]], list[float | None]]
_LIVE: weakref.WeakSet[TagVersions] = weakref.WeakSet()


class TagVersions:
    """Remembered tag versions, read through ``read`` (one round trip for all the tags)."""

    def __init__(self, read: Read, redis_url: str = "") -> None:
        self._read = read
        self._known: dict[str, float | None] = {}
        self._forgets = 0  # bumped by every forget: a read racing one is not remembered
        self._redis_url = redis_url
        self._listening = not redis_url  # one process alone needs no channel
        self._lock = threading.Lock()
        _LIVE.add(self)
        self._start()

    @property
    def listening(self) -> bool:
        """True while purges made elsewhere are heard (versions are then remembered)."""
        return self._listening

    def get(self, names: Iterable[str]) -> dict[str, float | None]:
        """The current version of each tag in ``names``."""
        wanted = sorted(names)
        known = self._known
        if all(name in known for name in wanted):
            return {name: known[name] for name in wanted}
        forgets = self._forgets
        found = dict(zip(wanted, self._read(wanted), strict=True))
        with self._lock:
            if self._listening and forgets == self._forgets:
                # A tag with no version yet gets one from the page cache without a purge
                # (nothing is announced): remembering None would refuse that page forever.
                known.update((name, v) for name, v in found.items() if v is not None)
        return found

    def forget(self, names: Iterable[str] | None = None) -> None:
        """Read these tags (all of them with None) from the store next time."""
        with self._lock:
            self._forgets += 1
            if names is None:
                self._known.clear()
                return
            for name in names:
                self._known.pop(name, None)

    def _start(self) -> None:
        if self._redis_url:
            # The thread holds a weak reference: it ends once the app (and this) is gone.
            args = (weakref.ref(self), self._redis_url)
            threading.Thread(target=_listen, args=args, name="tag-purges", daemon=True).start()

    def heard(self, message: dict[str, Any]) -> None:
        """React to one message of the purge channel."""
        if message["type"] == "subscribe":
            self.forget()  # purges made before the subscription were never heard
            self._listening = True
        elif message["type"] == "message":
            names = message["data"].decode().split()
            self.forget(None if EVERYTHING in names else names)

    def lost(self) -> None:
        """The channel is down: remember nothing until it is back."""
        self._listening = False
        self.forget()


def _listen(ref: weakref.ref[TagVersions], redis_url: str) -> None:
    """Follow the purge channel while ``ref`` lives, reconnecting after an outage."""
    while ref() is not None:
        client = redis.Redis.from_url(redis_url, health_check_interval=HEALTH_SECONDS)
        try:
            _follow(ref, client)
        except redis.RedisError as exc:
            log.warning("purge channel lost (%s): hits ask Redis until it is back", exc)
        finally:
            client.close()
        versions = ref()
        if versions is None:
            return
        versions.lost()
        del versions  # keep no strong reference while sleeping
        time.sleep(RETRY_SECONDS)


def _follow(ref: weakref.ref[TagVersions], client: redis.Redis) -> None:
    with client.pubsub() as channel:
        channel.subscribe(CHANNEL)
        while True:
            # A timeout, not listen(): the health checks (PING) then notice a dead connection.
            message = channel.get_message(timeout=HEALTH_SECONDS)
            versions = ref()
            if versions is None:
                return
            if message is not None:
                versions.heard(message)
            del versions


def announce(names: Iterable[str], client: redis.Redis | None) -> None:
    """Tell every process that ``names`` were purged: this one at once, others via ``client``."""
    names = list(names)
    for versions in list(_LIVE):
        versions.forget(names)
    if client is not None and names:
        try:
            client.publish(CHANNEL, " ".join(names))
        except redis.RedisError as exc:
            # Redis is down: the other processes lost the channel too, so they remember no
            # versions and ask Redis (a miss while it is down) until they hear it again.
            log.warning("purge of %s not announced: %s", " ".join(names), exc)
