"""Reference data every page reads besides the locales and regions: Medusa's collections and
categories, their content, and the three slug indexes.

Each is kept per process under its scope's generation (``storefront.kept``,
``storefront.generations``), so after a purge of its scope, or with an empty cache (a first
deploy, Redis emptied), several are missing at once. Read one after another, as the page needs
them, they cost a page seven upstream requests in a row (~520 ms over the sandbox's injected
latency); they are loaded in parallel instead, at worker start (``start``, from
``startup.warm_up``) and at the start of every page (``ensure``). When nothing is missing, the
usual case, that costs a few microseconds and no cache read.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, wait
from functools import partial

from flask import Flask, current_app

from storefront import budget, generations, services, slugs, taxonomy

Needed = tuple[str, str, Callable[[], object]]  # kept key, scope, the load that keeps it
KINDS = (slugs.PRODUCT, taxonomy.COLLECTION, taxonomy.CATEGORY)  # the content types with slugs


def _every_page() -> tuple[Needed, ...]:
    """What every page reads, as (kept key, scope, load)."""
    content = [
        (taxonomy.entries_key(kind), generations.TAXONOMY, partial(taxonomy.entries, kind))
        for kind in (taxonomy.COLLECTION, taxonomy.CATEGORY)
    ]
    indexes = [(*slugs.kept_as(kind), partial(slugs.index, kind)) for kind in KINDS]
    categories = (taxonomy.CATEGORIES_KEY, generations.TAXONOMY, taxonomy.medusa_categories)
    collections = (services.COLLECTIONS_KEY, generations.TAXONOMY, _collections)
    return (collections, categories, *content, *indexes)


def _collections() -> None:
    services.current().collections()


EVERY_PAGE = _every_page()


def start(at_least: int = 1) -> list[Future[None]]:
    """Start loading, in parallel, what this process does not hold fresh (nothing when fewer
    than ``at_least`` are missing)."""
    svc = services.current()
    missing = [load for key, scope, load in EVERY_PAGE if not svc.kept.fresh(key, scope)]
    if len(missing) < at_least:
        return []
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return [svc.pool.submit(budget.in_app, app, load) for load in missing]


def ensure() -> None:
    """Before a page reads it: what is missing, loaded in parallel within the page's budget.
    A single missing load is left to the page (no thread hop)."""
    wait(start(at_least=2), timeout=budget.remaining())
