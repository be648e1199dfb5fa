"""Re-warm instead of delete: after a purge, the pages that showed what changed are rendered
again in the background, so the next visitor gets the new content from the page cache.

Only pages stored lately are re-rendered (``pagecache.pages_showing``: at most a couple of dozen
per change, never every product in every locale), and a short lock per change keeps a burst of
events about one product from rendering its pages many times over. A page that cannot be
rendered now (an upstream is down) is simply left to the next visitor.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask

from storefront import cache, i18n, pagecache

log = logging.getLogger(__name__)
LOCK_SECONDS = 2


def rewarm(app: Flask, names: Iterable[str], pool: ThreadPoolExecutor) -> Future[int] | None:
    """Render again, in ``pool``, the stored pages that show one of ``names``."""
    wanted = sorted(set(names))
    pages = pagecache.pages_showing(wanted)
    if not pages or not cache.cache.add(f"rewarm:{' '.join(wanted)}", 1, timeout=LOCK_SECONDS):
        return None
    return pool.submit(_render, app, pages)


def _render(app: Flask, pages: list[tuple[str, str]]) -> int:
    """Request each page as an anonymous visitor in its locale; the page cache keeps the result."""
    client = app.test_client()
    done = 0
    for path, locale in pages:
        client.set_cookie(i18n.COOKIE, locale)  # the locale of pages without ?lang=
        try:
            status = client.get(path).status_code
        except Exception:  # a re-warm must never take down the thread that purged
            log.exception("re-warm of %s (%s) failed", path, locale)
            continue
        done += status == 200
    return done
