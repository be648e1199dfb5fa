"""Shared pieces of the storefront functional tests (no tests here).

A module-scoped sandbox, an app wired to it, and shortcuts that change upstream state the way
an editor or a merchant would: through the Contentful Management API and the Medusa Admin API.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from flask import Flask

from sandbox.server import Sandbox
from storefront import create_app, merge, purger, services
from tests.conftest import ServerLikeClient, sandbox_config, settings_for

TSHIRT = "organic-cotton-tshirt"
LINEN_SHIRT = "linen-summer-shirt"  # es-ES title only; stock not managed
NAPKINS = "linen-napkin-set"  # not in Contentful
CAMPING_MUG = "enamel-camping-mug"  # single variant, sold out
PUBLISHED_PRODUCTS = 23  # 25 seeded, 2 drafts
CMA_TYPE = "application/vnd.contentful.management.v1+json"
NBSP = "\xa0"
# What a browser sends with a form POST from the test client's pages (http://localhost).
SAME_ORIGIN = {"Origin": "http://localhost"}


class BrowserClient(ServerLikeClient):
    """A test client that sends ``Origin`` on every request, as browsers do on form posts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ORIGIN"] = SAME_ORIGIN["Origin"]


@contextmanager
def running_sandbox() -> Iterator[Sandbox]:
    """A seeded sandbox in a temporary directory (for module-scoped fixtures)."""
    with tempfile.TemporaryDirectory() as tmp:
        box = Sandbox(sandbox_config(Path(tmp))).start()
        try:
            yield box
        finally:
            box.stop()


@contextmanager
def storefront(box: Sandbox, **changes: Any) -> Iterator[Flask]:
    """A storefront app (its own cache and locale table) talking to ``box``."""
    app = create_app({"SETTINGS": settings_for(box, **changes)})
    try:
        yield app
    finally:
        purger.close(app)


def html(response: Any) -> str:
    """The body of a test-client response as text."""
    text: str = response.get_data(as_text=True)
    return text


def assert_no_traceback(text: str) -> None:
    """A page never leaks a Python traceback or exception names."""
    for leak in ("Traceback", 'File "', "Error:", "werkzeug"):
        assert leak not in text, leak


# -- upstream control ---------------------------------------------------------------------
def set_faults(box: Sandbox, api: str, error_rate: float = 0.0, latency_ms: float = 0.0) -> None:
    """Make one sandbox API fail (error_rate 1: every request) or slow down."""
    body = {"error_rate": error_rate, "latency_ms": latency_ms}
    httpx.post(f"{box.urls[api]}/_sandbox/faults", json=body, timeout=5).raise_for_status()


def heal(box: Sandbox) -> None:
    """Every delivery-side sandbox API healthy again (no injected errors or latency)."""
    for api in ("medusa", "cda", "preview"):
        set_faults(box, api)


def cma(box: Sandbox) -> httpx.Client:
    """A Contentful Management API client for the sandbox's space and environment."""
    root = f"{box.urls['cma']}/spaces/{box.config.space_id}/environments/master"
    headers = {
        "authorization": f"Bearer {box.config.management_token}",
        "content-type": CMA_TYPE,
    }
    return httpx.Client(base_url=root, headers=headers, timeout=10)


def edit_entry(
    box: Sandbox, entry_id: str, change: Callable[[dict[str, Any]], None], publish: bool = True
) -> dict[str, Any]:
    """Read an entry, change its fields in place, PUT it back and (optionally) publish it."""
    with cma(box) as client:
        entry = client.get(f"/entries/{entry_id}").raise_for_status().json()
        change(entry["fields"])
        version = str(entry["sys"]["version"])
        put = client.put(
            f"/entries/{entry_id}",
            json={"fields": entry["fields"]},
            headers={"x-contentful-version": version},
        )
        put.raise_for_status()
        saved: dict[str, Any] = put.json()
        if publish:
            done = client.put(
                f"/entries/{entry_id}/published",
                headers={"x-contentful-version": str(saved["sys"]["version"])},
            )
            done.raise_for_status()
            saved = done.json()
        return saved


def add_locale(box: Sandbox, code: str, name: str, fallback: str | None) -> None:
    """Create a locale through the CMA (``POST /locales``)."""
    body = {"code": code, "name": name, "fallbackCode": fallback, "optional": True}
    with cma(box) as client:
        client.post("/locales", json=body).raise_for_status()


def admin(box: Sandbox) -> httpx.Client:
    """A Medusa Admin API client (HTTP Basic with the secret API key)."""
    return httpx.Client(base_url=box.urls["medusa"], auth=(box.config.api_key, ""), timeout=10)


def product_id(box: Sandbox, handle: str) -> str:
    """The Medusa id of a product (also its Contentful entry id)."""
    with admin(box) as client:
        found = client.get("/admin/products", params={"handle": handle}).raise_for_status()
        return str(found.json()["products"][0]["id"])


def rename_product(box: Sandbox, handle: str, title: str) -> None:
    """Change a product's title in Medusa."""
    with admin(box) as client:
        pid = product_id(box, handle)
        client.post(f"/admin/products/{pid}", json={"title": title}).raise_for_status()


def set_stock(box: Sandbox, sku: str, quantity: int) -> None:
    """Set the stocked quantity of a variant (by SKU) at its stock location."""
    with admin(box) as client:
        items = client.get("/admin/inventory-items", params={"sku": sku}).raise_for_status()
        item_id = items.json()["inventory_items"][0]["id"]
        levels = client.get(f"/admin/inventory-items/{item_id}/location-levels")
        location = levels.raise_for_status().json()["inventory_levels"][0]["location_id"]
        client.post(
            f"/admin/inventory-items/{item_id}/location-levels/{location}",
            json={"stocked_quantity": quantity},
        ).raise_for_status()


# -- counting page renders ----------------------------------------------------------------
def spy_product_renders(
    monkeypatch: Any, label: Callable[[Any, Any], str] = lambda product, loc: product.handle
) -> list[str]:
    """Record ``label(product, localizer)`` for every product page actually built (not replayed)."""
    built: list[str] = []
    original = merge.product_view

    def spy(product: Any, entry: Any, loc: Any) -> Any:
        built.append(label(product, loc))
        return original(product, entry, loc)

    monkeypatch.setattr("storefront.views.product.product_view", spy)
    return built


# -- counting upstream requests -----------------------------------------------------------
@dataclass
class Requests:
    """Upstream requests an app made, seen through httpx event hooks on its clients."""

    seen: list[tuple[str, str]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)  # the query of each, in the same order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hook(self, request: httpx.Request) -> None:
        """The httpx request hook: remember (host:port, path) and the query."""
        with self.lock:
            self.seen.append((f"{request.url.host}:{request.url.port}", request.url.path))
            self.queries.append(request.url.query.decode())

    def asked(self, url: str) -> list[str]:
        """``path?query`` of each request to the server at ``url``."""
        parts = httpx.URL(url)
        server = f"{parts.host}:{parts.port}"
        with self.lock:
            pairs = zip(self.seen, self.queries, strict=True)
            return [f"{p}?{q}" for (s, p), q in pairs if s == server]

    def to(self, url: str, path_part: str = "") -> list[str]:
        """Paths requested from the server at ``url`` (containing ``path_part``)."""
        parts = httpx.URL(url)
        server = f"{parts.host}:{parts.port}"
        with self.lock:
            return [p for s, p in self.seen if s == server and path_part in p]

    def clear(self) -> None:
        """Forget what was seen."""
        with self.lock:
            self.seen.clear()
            self.queries.clear()


def count_requests(app: Flask) -> Requests:
    """Hook every upstream client of the app; returns the live record."""
    record = Requests()
    svc = services.current_for(app)
    for client in (svc.medusa, svc.delivery, svc.preview):
        http: httpx.Client = client._http
        http.event_hooks = {"request": [record.hook], "response": []}
    return record


# -- reading pages ------------------------------------------------------------------------
def csrf_token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def variant_id(page: str, sku: str) -> str:
    """The variant id of a SKU from a product page (its combinations list, or the one variant)."""
    found = re.search(rf'data-sku="{re.escape(sku)}" data-variant="([^"]+)"', page) or re.search(
        rf'name="variant_id" value="([^"]+)" data-sku="{re.escape(sku)}"', page
    )
    assert found, f"no variant {sku} on the page"
    return found.group(1)


def variant_label(page: str, sku: str) -> str:
    """The whole ``<li>`` of one variant in the product page's combinations list."""
    pattern = rf'<li class="variant[^"]*" data-sku="{sku}"[^>]*>.*?</li>'
    found = re.search(pattern, page, re.S)
    assert found, f"no variant {sku} on the page"
    return found.group(0)


def links(page: str, rel: str) -> list[str]:
    """The hrefs of ``<link rel=...>`` / ``<a rel=...>`` elements."""
    return re.findall(rf'rel="{rel}"[^>]*href="([^"]*)"', page)


def meta(page: str, attr: str, name: str) -> list[str]:
    """The contents of ``<meta {attr}="{name}">`` elements."""
    return re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', page)
