"""A Medusa outage past every TTL, and a restart during it: pages are served from stale copies.

The region list, the locale list and the collections are kept like any other cached data: in
the process and in the configured cache (Redis here), so a storefront started while Medusa (or
Contentful) is down still renders what it rendered before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import redis

from sandbox.server import Sandbox
from storefront import loader, pagecache, services
from tests.functional.storefront_helpers import TSHIRT, heal, html, set_faults, storefront

PAGES = [f"/products/{TSHIRT}?lang=de", "/?lang=es", "/collections/summer-essentials"]


@pytest.fixture(autouse=True)
def healthy(box: Sandbox) -> Iterator[None]:
    yield
    heal(box)


@pytest.fixture
def shared_redis(redis_url: str) -> str:
    """The test Redis with no storefront keys left by an earlier test."""
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("storefront:*"):
        client.delete(key)
    return redis_url


def expire_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every TTL is over: only stale copies are left."""
    for name in ("PRODUCT_TTL", "CONTENT_TTL", "LISTING_TTL"):
        monkeypatch.setattr(loader, name, 0.0)
    for name in ("REGIONS_TTL", "LOCALES_TTL", "COLLECTIONS_TTL", "RETRY_AFTER"):
        monkeypatch.setattr(services, name, 0.0)
    monkeypatch.setattr(pagecache, "PAGE_TTL", 0)


def switcher(page: str) -> list[str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S)
    return re.findall(r'hreflang="([^"]+)"', nav.group(0)) if nav else []


def test_medusa_down_past_the_region_ttl_serves_stale(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with storefront(box) as app:
        client = app.test_client()
        assert [client.get(p).status_code for p in PAGES] == [200] * len(PAGES)
        expire_everything(monkeypatch)
        set_faults(box, "medusa", error_rate=1)
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 200, path
        assert "Bio-Baumwoll-T-Shirt" in html(client.get(PAGES[0]))


def test_restart_during_a_medusa_outage_serves_stale_from_redis(
    box: Sandbox, shared_redis: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with storefront(box, redis_url=shared_redis) as app:
        client = app.test_client()
        assert [client.get(p).status_code for p in PAGES] == [200] * len(PAGES)
    expire_everything(monkeypatch)
    set_faults(box, "medusa", error_rate=1)
    with storefront(box, redis_url=shared_redis) as restarted:  # a new process: nothing in memory
        client = restarted.test_client()
        responses = {path: client.get(path) for path in PAGES}
    assert {p: r.status_code for p, r in responses.items()} == {p: 200 for p in PAGES}
    assert "Bio-Baumwoll-T-Shirt" in html(responses[PAGES[0]])
    assert 'href="/collections/summer-essentials' in html(responses[PAGES[1]])  # navigation kept


def test_restart_during_a_contentful_outage_keeps_contentfuls_locales(
    box: Sandbox, shared_redis: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with storefront(box, redis_url=shared_redis) as app:
        before = switcher(html(app.test_client().get(PAGES[0])))
    assert before and "fr-FR" not in before  # fr-FR is configured but not a Contentful locale
    expire_everything(monkeypatch)
    set_faults(box, "cda", error_rate=1)
    with storefront(box, redis_url=shared_redis) as restarted:
        page = restarted.test_client().get(PAGES[0])
    assert page.status_code == 200
    assert switcher(html(page)) == before  # not the configured list: the last one Contentful gave
