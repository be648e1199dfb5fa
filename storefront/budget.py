"""A page's time budget on the upstreams: past it, the page serves what it has.

Each request may wait ``PAGE_BUDGET`` seconds in all on Medusa and Contentful for data it
holds a stale copy of. Such a fetch runs in the shared pool (``bounded``, ``wait``) and is
waited for only while the budget lasts; when it runs out the fetch counts as unavailable and
the stale copy is served, instead of a server thread waiting two upstream timeouts. Data with
no copy to fall back on is waited for (up to the HTTP timeouts): a slow answer beats a 503.
The late answer is dropped; the circuit breakers make repeated slowness fail fast.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context

from storefront.clients.errors import UpstreamUnavailable

T = TypeVar("T")
PAGE_BUDGET = 4.0  # seconds; below two upstream timeouts (2 x 5 s), above any healthy page
EXTENSION = "storefront.budget"


def init_app(app: Flask, pool: ThreadPoolExecutor) -> None:
    """Start each request's budget; bounded fetches run in ``pool``."""
    app.extensions[EXTENSION] = pool
    app.before_request(_start)


def _start() -> None:
    g.budget_deadline = time.monotonic() + PAGE_BUDGET


def remaining() -> float | None:
    """Seconds left of this request's budget (None outside a request: no budget)."""
    deadline = g.get("budget_deadline") if has_request_context() else None
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def wait(future: Future[T]) -> T:
    """The future's result, waited for only while the budget lasts."""
    try:
        return future.result(timeout=remaining())
    except TimeoutError:
        raise UpstreamUnavailable("storefront", None, "page time budget spent") from None


def bounded(load: Callable[[], T]) -> Callable[[], T]:
    """``load`` run in the pool, in this app's context, within the request's budget."""
    if remaining() is None:
        return load
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    pool: ThreadPoolExecutor = app.extensions[EXTENSION]

    def run() -> T:
        return wait(pool.submit(in_app, app, load))

    return run


def behind(job: Callable[[], object]) -> None:
    """Run ``job`` in the pool, in this app's context, without waiting for it (logged if it
    fails): a refresh behind a copy already served."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    app.extensions[EXTENSION].submit(_logged, app, job)


def _logged(app: Flask, job: Callable[[], object]) -> None:
    try:
        in_app(app, job)
    except Exception:  # an upstream still down, a timeout: the next request tries again
        app.logger.info("background refresh failed", exc_info=True)


def in_app(app: Flask, load: Callable[[], Any]) -> Any:
    """``load()`` in ``app``'s context (for a pool thread)."""
    with app.app_context():
        return load()
