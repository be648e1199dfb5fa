"""What a worker prepares before its first visitor: the data every page reads (``warm_up``),
then the templates and translations (``prepare``), then the collector's view of it all
(``freeze_heap``).

Measured on a fresh gunicorn worker: its first page cost ~60-250 ms more than the next ones,
spent compiling the Jinja templates, loading each locale's catalog and babel's locale data.
Doing that at start (gunicorn ``post_worker_init``) takes no upstream request: the templates are
compiled, and one localized error page per locale is rendered with the data already loaded.
With an empty data cache (a first deploy, Redis emptied) the first page also waited on the slug
indexes, the collection and category content and Medusa's categories, one after another
(~390 ms over the sandbox's injected latency): ``warm_up`` loads them all at once.

A worker then holds ~80,000 objects that live as long as it does (modules, compiled templates,
catalogs, babel's locale data). Each full collection walked them all: 46-80 ms measured on this
2-core machine, a pause of every thread of the worker, so of every request in flight, whenever
the cached pages and reference copies had grown enough to start one. ``freeze_heap`` moves them
out of the collector's reach once, before the first request: a full collection then took
0.01 ms. A frozen object dropped later is still freed by reference counting; only a cycle of
them would stay, and what start-up builds (parsed records, templates) holds none that is let go.
"""

from __future__ import annotations

import gc
import logging
import time
from concurrent.futures import wait
from decimal import Decimal

from flask import Flask

from storefront import i18n, reference, rendering, services

log = logging.getLogger(__name__)
WAIT = 10.0  # seconds the reference data may take at start (two HTTP timeouts)


def warm_up(app: Flask, budget: float | None = None) -> list[str]:
    """Load what every page reads, in parallel; returns what ``Services.warm_up`` missed.

    The rest (``storefront.reference``) never fails a page: while its upstream is down it is
    empty, and the first pages ask again.
    """
    with app.app_context():
        more = reference.start()
        missing = services.current_for(app).warm_up(budget)
        wait(more, timeout=budget or WAIT)
    return missing


def prepare(app: Flask, render: bool = True) -> float:
    """Compile every template and (with ``render``) render a page in each locale.

    Pass ``render=False`` when the warm-up missed something: the page would then wait on an
    upstream that is down. Returns the seconds spent.
    """
    started = time.perf_counter()
    env = app.jinja_env
    for name in app.jinja_loader.list_templates() if app.jinja_loader else ():
        env.get_template(name)  # kept in Jinja's template cache
    for info in services.current_for(app).locale_table() if render else ():
        _render_in(app, info.code, info.currency)
    return time.perf_counter() - started


def _render_in(app: Flask, code: str, currency: str) -> None:
    """A 404 page and a price in ``code``: layout, catalog, babel data, no upstream request."""
    try:
        with app.test_request_context("/", query_string={"lang": code}):
            app.preprocess_request()  # the locale, as for a visitor
            rendering.error_page(404)
            i18n.money(Decimal("1"), currency)
    except Exception:  # preparing must never keep a worker from serving
        log.exception("start-up render in %s failed", code)


def freeze_heap() -> int:
    """Collect once, then leave every object alive now out of later collections; returns how
    many objects were frozen (a worker's, after ``prepare``)."""
    gc.collect()  # what start-up left unreachable is freed now, not frozen for good
    gc.freeze()
    return gc.get_freeze_count()
