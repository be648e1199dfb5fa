"""A slow Medusa must not starve the server: breakers fail fast, pages keep a time budget.

The sandbox's latency injection makes Medusa slower than the storefront's timeout. Under
gunicorn with few threads, a burst of uncached pages must not queue /healthz behind it; a page
with a stale copy answers within its budget from that copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from sandbox.server import Sandbox
from storefront import budget, loader, pagecache, services
from tests.conftest import settings_for
from tests.functional.storefront_helpers import TSHIRT, heal, html, set_faults, storefront
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def healthy(box: Sandbox) -> Iterator[None]:
    yield
    heal(box)


def handles(box: Sandbox) -> list[str]:
    with httpx.Client(base_url=box.urls["medusa"], timeout=10) as client:
        key = {"x-publishable-api-key": box.config.publishable_key}
        body = client.get("/store/products", params={"limit": 50}, headers=key).json()
    return [p["handle"] for p in body["products"]]


@pytest.fixture
def server(box: Sandbox, tmp_path: Path) -> Iterator[str]:
    """The storefront under gunicorn: one worker, four threads, a 1 s upstream timeout."""
    settings = settings_for(box)
    port = free_port()
    env = {
        **os.environ,
        "MEDUSA_URL": settings.medusa_url,
        "MEDUSA_PUBLISHABLE_KEY": settings.medusa_publishable_key,
        "CONTENTFUL_SPACE_ID": settings.contentful_space_id,
        "CONTENTFUL_DELIVERY_TOKEN": settings.contentful_delivery_token,
        "CONTENTFUL_PREVIEW_TOKEN": settings.contentful_preview_token,
        "CONTENTFUL_CDA_URL": settings.contentful_cda_url,
        "CONTENTFUL_PREVIEW_URL": settings.contentful_preview_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_HTTP_TIMEOUT": "1",
        "STOREFRONT_DATA_DIR": str(tmp_path),
        "REDIS_URL": "",
    }
    command = [sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "4", "-b",
               f"127.0.0.1:{port}", "storefront:create_app()"]  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(20)


def test_healthz_answers_at_once_while_slow_medusa_pages_pile_up(server: str, box: Sandbox) -> None:
    cold = handles(box)[2:22]
    assert httpx.get(f"{server}/", timeout=10).status_code == 200  # regions, locales, nav kept
    set_faults(box, "medusa", latency_ms=3000)  # three times the storefront's timeout
    started = time.monotonic()
    with httpx.Client(timeout=30) as client, ThreadPoolExecutor(24) as burst:
        pages = [burst.submit(client.get, f"{server}/products/{h}") for h in cold]
        time.sleep(1.5)  # the burst holds every server thread by now, unless they fail fast
        health_started = time.monotonic()
        health = client.get(f"{server}/healthz")
        health_s = time.monotonic() - health_started
        statuses = [page.result().status_code for page in pages]
    burst_s = time.monotonic() - started
    # Margins for a loaded CI machine; without the breaker /healthz took 8.8 s here.
    assert health.status_code == 200 and health_s < 3.0, health_s
    assert set(statuses) <= {200, 503}, statuses
    # Without a breaker: 20 pages x 2 timed-out tries / 4 threads = 10 s at least.
    assert burst_s < 8.0, burst_s


def test_readyz_is_bounded_while_medusa_hangs(server: str, box: Sandbox) -> None:
    set_faults(box, "medusa", latency_ms=8000)
    started = time.monotonic()
    response = httpx.get(f"{server}/readyz", timeout=30)
    assert time.monotonic() - started < 3.5
    assert response.status_code == 503
    assert response.json()["checks"]["medusa"]["ok"] is False


def test_page_with_a_stale_copy_answers_within_its_budget(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with storefront(box, http_timeout=8.0) as app:
        client = app.test_client()
        assert client.get(f"/products/{TSHIRT}?lang=de").status_code == 200
        for name in ("PRODUCT_TTL", "CONTENT_TTL", "LISTING_TTL"):
            monkeypatch.setattr(loader, name, 0.0)
        monkeypatch.setattr(pagecache, "PAGE_TTL", 0)
        monkeypatch.setattr(budget, "PAGE_BUDGET", 0.5)
        monkeypatch.setattr(services, "REGIONS_TTL", 0.0)
        set_faults(box, "medusa", latency_ms=5000)  # past the budget, within the timeout
        set_faults(box, "cda", latency_ms=5000)
        started = time.monotonic()
        response = client.get(f"/products/{TSHIRT}?lang=de")
        took = time.monotonic() - started
    assert response.status_code == 200 and took < 3.0, took  # without the budget: >= 5 s
    assert "Bio-Baumwoll-T-Shirt" in html(response)  # the stale copy, marked degraded
    assert 'class="notice"' in html(response)
