"""Re-warm instead of delete: after a purge, the pages that showed what changed are rendered
again in the background, so the next visitor gets the new content from the page cache.

Only pages stored lately are re-rendered (``pagecache.pages_showing``: at most a couple of dozen
per change, never every product in every locale), and a short lock per change keeps a burst of
events about one product from rendering its pages many times over. A page that cannot be
rendered now (an upstream is down) is simply left to the next visitor.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask

from storefront import cache, i18n, pagecache

log = logging.getLogger(__name__)
LOCK_SECONDS = 2


def rewarm(app: Flask, names: Iterable[str], pool: ThreadPoolExecutor) -> Future[int] | None:
    """Render again, in ``pool``, the stored pages that show one of ``names``.

    A change that arrives while the lock is held gets one more re-warm once it ends (the first
    may have read the data before that change), however many changes the burst holds. It runs
    when the lock ends, not a whole lock later: a change 1.9 s after the last one is on the
    page cache ~0.1 s after it, not 2 s.
    """
    wanted = sorted(set(names))
    pages = pagecache.pages_showing(wanted)
    if not pages:
        return None
    key = " ".join(wanted)
    # The lock holds the time it ends, so that a follow-up waits only for what is left of it.
    if cache.cache.add(f"rewarm:{key}", time.time() + LOCK_SECONDS, timeout=LOCK_SECONDS):
        return pool.submit(_render, app, pages)
    if cache.cache.add(f"rewarm-again:{key}", 1, timeout=LOCK_SECONDS):
        left = _left(cache.cache.get(f"rewarm:{key}"))
        return pool.submit(_render_later, app, wanted, left)
    return None


def _left(ends: object) -> float:
    """Seconds until a lock that ends at ``ends`` (0 when it is gone or unreadable)."""
    if not isinstance(ends, (int, float)):
        return 0.0
    return min(float(LOCK_SECONDS), max(0.0, ends - time.time()))


def _render_later(app: Flask, names: list[str], wait: float) -> int:
    """The follow-up re-warm of a burst: when the lock ends, with the data as it is then."""
    time.sleep(wait)
    return _render(app, pagecache.pages_showing(names))


def _render(app: Flask, pages: list[tuple[str, str]]) -> int:
    """Request each page as an anonymous visitor in its locale; the page cache keeps the result."""
    client = app.test_client()
    done = 0
    for path, locale in pages:
        client.set_cookie(i18n.COOKIE, locale)  # the locale of pages without ?lang=
        try:
            # Buffered: the page cache stores a page once its body has been read.
            status = client.get(path, buffered=True).status_code
        except Exception:  # a re-warm must never take down the thread that purged
            log.exception("re-warm of %s (%s) failed", path, locale)
            continue
        done += status == 200
    return done
