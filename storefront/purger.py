"""The storefront's cache purge as a small object the sync worker is handed (``cli`` does it).

The worker calls it with the Medusa id of each product, collection or category it changed. It
holds the storefront app because a purge does more than delete keys: it re-renders, in the
background, the stored pages that showed the change (``storefront.rewarm``), and rendering a
page takes the app. The sync itself only sees ``Callable[[str], None]``.
"""

from __future__ import annotations

from flask import Flask

from config.settings import Settings


class CachePurger:
    """Forgets one record's cached data and pages, callable from the worker's threads."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def __call__(self, record_id: str) -> None:
        """Purge (and re-warm) what shows ``record_id``, in the app's own context."""
        from storefront import services

        with self.app.app_context():
            services.current_for(self.app).purge_product(record_id)


def for_worker(settings: Settings) -> CachePurger | None:
    """The purge for a worker in its own process: only a shared (Redis) cache can be reached.

    Without REDIS_URL each storefront process keeps its own cache, which another process
    cannot reach: those caches expire by their TTLs instead (60 s for commerce data).
    """
    if not settings.redis_url:
        return None
    from storefront import create_app

    return CachePurger(create_app({"SETTINGS": settings}))
