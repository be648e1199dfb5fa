"""Page-cache keys name only what a page uses; the sitemap is cached and purged with the catalogue.

Junk query parameters (``utm_*``, cache busters) must neither grow the cache (one entry per
distinct URL, unbounded in Redis) nor bypass it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest
import redis
from flask import Flask

from sandbox.server import Sandbox
from storefront import pagecache, purger
from tests.functional.storefront_helpers import (
    TSHIRT,
    count_requests,
    html,
    product_id,
    set_faults,
    storefront,
)


@pytest.fixture
def shared_redis(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("storefront:*"):
        client.delete(key)
    yield client
    client.close()


@pytest.fixture
def app(box: Sandbox, redis_url: str, shared_redis: redis.Redis) -> Iterator[Flask]:
    with storefront(box, redis_url=redis_url) as application:
        yield application


def page_keys(client: redis.Redis) -> list[bytes]:
    return list(client.scan_iter(f"storefront:{pagecache._PAGE_KEY}*"))


def test_junk_query_parameters_do_not_grow_the_page_cache(
    app: Flask, shared_redis: redis.Redis
) -> None:
    client = app.test_client()
    for n in range(300):
        path = f"/products/{TSHIRT}" if n % 2 else "/"
        response = client.get(f"{path}?utm_source=mail{n}&fbclid={n}&_={n}")
        assert response.status_code == 200
    assert len(page_keys(shared_redis)) <= 2, page_keys(shared_redis)


def test_junk_parameters_render_from_the_data_cache_and_keep_the_clean_page(
    app: Flask, shared_redis: redis.Redis
) -> None:
    client = app.test_client()
    clean = client.get(f"/products/{TSHIRT}?lang=de")
    seen = count_requests(app)
    junk = client.get(f"/products/{TSHIRT}?lang=de&utm_campaign=spring&gclid=abc")
    assert junk.status_code == 200 and "Bio-Baumwoll-T-Shirt" in html(junk)
    # The switcher (/locale/<code>?next=...) carries tracking parameters on.
    assert "utm_campaign=spring" in unquote(html(junk))
    assert seen.seen == []  # the data cache answered: no upstream asked
    assert client.get(f"/products/{TSHIRT}?lang=de").get_data() == clean.get_data()
    assert len(page_keys(shared_redis)) == 1


def test_the_parameters_a_page_uses_still_make_other_pages(app: Flask) -> None:
    client = app.test_client()
    first, second = client.get("/"), client.get("/?page=2")
    assert first.get_data() != second.get_data()
    assert client.get("/?page=0002").get_data() == second.get_data()


def test_sitemap_is_cached_and_purged_with_the_catalogue(app: Flask, box: Sandbox) -> None:
    client = app.test_client()
    seen = count_requests(app)
    first = client.get("/sitemap.xml")
    assert first.status_code == 200
    assert seen.to(box.urls["medusa"], "/store/products")
    seen.clear()
    assert client.get("/sitemap.xml").get_data() == first.get_data()
    assert not seen.to(box.urls["medusa"], "/store/products")  # cached
    with app.app_context():
        purger.for_app(app).purge_product(product_id(box, TSHIRT))
    assert client.get("/sitemap.xml").status_code == 200
    assert seen.to(box.urls["medusa"], "/store/products")  # purged with the catalogue


def test_sitemap_served_stale_while_medusa_is_down(
    app: Flask, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storefront.views import sitemap

    client = app.test_client()
    first = client.get("/sitemap.xml")
    monkeypatch.setattr(sitemap, "SITEMAP_TTL", 0.0)
    set_faults(box, "medusa", error_rate=1)
    try:
        again = client.get("/sitemap.xml")
    finally:
        set_faults(box, "medusa")
    assert again.status_code == 200 and again.get_data() == first.get_data()
