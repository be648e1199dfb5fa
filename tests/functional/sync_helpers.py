"""Shared pieces of the sync functional tests: a sandbox with matching settings, and shortcuts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from config.settings import Settings
from sandbox.server import Sandbox
from sync.assembly import SyncParts, build_sync, events_path, make_queue_factory
from sync.events import open_queue
from sync.worker import WorkerOptions, run_workers

FAST = WorkerOptions(max_attempts=8, base_delay=0.05, max_delay=0.5, block_ms=50)


@dataclass
class Counter:
    """Counts CMA requests through an httpx event hook: (method, path, status) per response."""

    seen: list[tuple[str, str, int, float]] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)  # the thread that made each request
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hook(self, response: httpx.Response) -> None:
        """The httpx response hook."""
        import time

        with self.lock:
            req = response.request
            self.seen.append((req.method, req.url.path, response.status_code, time.monotonic()))
            self.threads.append(threading.get_ident())

    @property
    def hooks(self) -> dict[str, list[Callable[..., Any]]]:
        """Pass to `build_sync(event_hooks=...)`."""
        return {"response": [self.hook]}

    def clear(self) -> None:
        """Forget what was counted."""
        with self.lock:
            self.seen.clear()
            self.threads.clear()


def start(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, **overrides: Any
) -> tuple[Sandbox, Settings]:
    """A seeded sandbox and settings pointing the sync at it (events in the SQLite queue)."""
    box_options = {
        k: overrides.pop(k) for k in list(overrides) if k in ("redis_url", "seed", "cma_rate_limit")
    }
    box = make_sandbox(data_dir=tmp_path / "sandbox", **box_options)
    settings = Settings(
        medusa_url=box.urls["medusa"],
        contentful_cma_url=box.urls["cma"],
        contentful_cda_url=box.urls["cda"],
        data_dir=str(tmp_path),
        redis_url=box_options.get("redis_url", ""),
        **overrides,
    )
    assert events_path(settings) == Path(box.config.events_path)
    return box, settings


def admin(box: Sandbox) -> httpx.Client:
    """An Admin API client for the sandbox's Medusa."""
    return httpx.Client(base_url=box.urls["medusa"], auth=(box.config.api_key, ""), timeout=10)


# Medusa refuses a product without options, so a test product gets the single default one.
DEFAULT_OPTIONS = [{"title": "Default option", "values": ["Default option value"]}]


def create_product(box: Sandbox, title: str, **fields: Any) -> str:
    """Create a product in Medusa (emits product.created); returns its id."""
    with admin(box) as client:
        body = {"title": title, "options": DEFAULT_OPTIONS, **fields}
        response = client.post("/admin/products", json=body)
        response.raise_for_status()
        return str(response.json()["product"]["id"])


def update_product(box: Sandbox, product_id: str, **fields: Any) -> None:
    """Update a product in Medusa (emits product.updated)."""
    with admin(box) as client:
        client.post(f"/admin/products/{product_id}", json=fields).raise_for_status()


def cma(box: Sandbox) -> httpx.Client:
    """A raw CMA client (not ours) for the test's own reads and editor-style writes."""
    base = f"{box.urls['cma']}/spaces/{box.config.space_id}/environments/{box.config.environment}"
    headers = {"Authorization": f"Bearer {box.config.management_token}"}
    return httpx.Client(base_url=base, headers=headers, timeout=10)


def entry(box: Sandbox, entry_id: str) -> dict[str, Any] | None:
    """The entry as stored, or None."""
    with cma(box) as client:
        response = client.get(f"/entries/{entry_id}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return dict(response.json())


def stored(box: Sandbox, entry_id: str) -> dict[str, Any] | None:
    """The entry straight from the sandbox's store (unaffected by injected faults)."""
    from sandbox.contentful.common import KIND_ENTRY

    assert box.context is not None
    return box.context.store.get(KIND_ENTRY, entry_id)


def entries_for(box: Sandbox, product_id: str) -> list[dict[str, Any]]:
    """Every product entry whose medusaId is this product."""
    with cma(box) as client:
        params = {"content_type": "product", "fields.medusaId": product_id}
        return list(client.get("/entries", params=params).json()["items"])


def faults(box: Sandbox, api: str, **spec: float) -> None:
    """Set injected faults on one sandbox API."""
    httpx.post(f"{box.urls[api]}/_sandbox/faults", json=spec, timeout=5).raise_for_status()


def drain(
    settings: Settings,
    parts: SyncParts,
    concurrency: int = 1,
    options: WorkerOptions = FAST,
    visibility_timeout: float = 60,
) -> int:
    """Run workers until the queue is empty; returns events handled."""
    factory = make_queue_factory(settings, visibility_timeout)
    return run_workers(factory, parts.dispatcher, concurrency, options, once=True)


def queue_of(settings: Settings) -> Any:
    """The event queue the settings point at."""
    return open_queue(settings.redis_url, events_path(settings))


def built(settings: Settings, counter: Counter | None = None, **kwargs: Any) -> SyncParts:
    """`build_sync` with an optional request counter."""
    return build_sync(settings, event_hooks=counter.hooks if counter else None, **kwargs)
