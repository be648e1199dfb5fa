"""Reading many CMA entries at once: one paged listing instead of one GET per product."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TypeVar

from sync.cma import CmaClient, Entity
from sync.content_model import PRODUCT_TYPE

PAGE = 1000  # the CMA's largest page
T = TypeVar("T")


def all_entries(cma: CmaClient, content_type: str = PRODUCT_TYPE) -> list[Entity]:
    """Every entry of a content type (all locales, with versions), oldest first."""
    entries: list[Entity] = []
    while True:
        params = {"content_type": content_type, "limit": str(PAGE), "skip": str(len(entries))}
        params["order"] = "sys.createdAt"
        body = CmaClient._json(cma.request("GET", cma.env_path("entries"), params=params))
        items = [i for i in body.get("items") or [] if isinstance(i, dict)]
        entries += items
        if not items or len(entries) >= int(body.get("total") or 0):
            return entries


def by_product(entries: Iterable[Entity], locale: str) -> dict[str, Entity]:
    """Entries keyed by their ``medusaId``; the one whose id is the product id wins a tie."""
    index: dict[str, Entity] = {}
    for entry in entries:
        product_id = ((entry.get("fields") or {}).get("medusaId") or {}).get(locale)
        if not isinstance(product_id, str):
            continue
        if product_id not in index or entry.get("sys", {}).get("id") == product_id:
            index[product_id] = entry
    return index


def run_pool(work: Callable[[T], None], items: Sequence[T], concurrency: int) -> None:
    """Run `work` on every item, `concurrency` at a time; the first exception cancels the rest."""
    with ThreadPoolExecutor(max(1, concurrency)) as pool:
        futures = [pool.submit(work, item) for item in items]
        try:
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        finally:  # also on Ctrl-C: what has not started never starts
            for future in futures:
                future.cancel()  # a no-op for the finished and running ones
        for future in done:
            future.result()
