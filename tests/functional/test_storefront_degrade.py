"""Degrade, don't fail: Contentful down renders from Medusa; Medusa down serves stale or a 503."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import cache, loader, pagecache, services
from tests.functional.storefront_helpers import (
    TSHIRT,
    assert_no_traceback,
    csrf_token,
    html,
    set_faults,
    storefront,
    variant_id,
)

PAGE = f"/products/{TSHIRT}"
NOTICE = 'class="notice"'


@pytest.fixture(autouse=True)
def healthy(box: Sandbox) -> Iterator[None]:
    """Every test starts and ends with all upstreams healthy."""
    for api in ("medusa", "cda", "preview"):
        set_faults(box, api)
    yield
    for api in ("medusa", "cda", "preview"):
        set_faults(box, api)


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    """A fresh app per test: an empty cache unless the test warms it."""
    with storefront(box) as application:
        yield application


def expire_fresh_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cached value is now past its TTL and the stale-while-revalidate window (kept only
    as a stale copy)."""
    for name in ("PRODUCT_TTL", "CONTENT_TTL", "LISTING_TTL"):
        monkeypatch.setattr(loader, name, 0.0)
    monkeypatch.setattr(cache, "SWR_WINDOW", 0)
    monkeypatch.setattr(pagecache, "PAGE_TTL", 0)  # whole pages are fresh copies too


def cards(page: str) -> list[str]:
    return re.findall(r'<li class="product-card', page)


# -- Contentful down ----------------------------------------------------------------------
def test_contentful_down_product_page_renders_from_medusa(client: Any, box: Sandbox) -> None:
    set_faults(box, "cda", error_rate=1)
    response = client.get(f"{PAGE}?lang=es")
    page = html(response)
    assert response.status_code == 200
    assert "<h1>Organic Cotton T-Shirt</h1>" in page  # Medusa's own title
    assert "A classic crew-neck T-shirt made from 100% organic cotton." in page
    assert "29,99\xa0€" in page and "Sold out" not in page.split("<main>")[0]
    assert NOTICE in page
    assert_no_traceback(page)


def test_contentful_down_grid_renders_from_medusa(client: Any, box: Sandbox) -> None:
    set_faults(box, "cda", error_rate=1)
    response = client.get("/")
    page = html(response)
    assert response.status_code == 200
    assert len(cards(page)) == 12
    assert "Organic Cotton T-Shirt" in page and "$29.99" in page
    assert NOTICE in page


def test_contentful_down_serves_stale_content(
    client: Any, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Camiseta de Algodón Orgánico" in html(client.get(f"{PAGE}?lang=es"))
    expire_fresh_copies(monkeypatch)
    set_faults(box, "cda", error_rate=1)
    response = client.get(f"{PAGE}?lang=es")
    assert response.status_code == 200
    assert "<h1>Camiseta de Algodón Orgánico</h1>" in html(response)
    assert NOTICE in html(response)


def test_locale_table_recovers_when_contentful_comes_back(
    app: Flask, client: Any, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A table built while Contentful is down is kept only RETRY_AFTER seconds (5 s); none here.
    monkeypatch.setattr(services, "RETRY_AFTER", 0.0)
    services.current_for(app).delivery.breaker.reset_after = 0.0  # probe again at once
    set_faults(box, "cda", error_rate=1)
    assert client.get("/").status_code == 200  # the first request builds the locale table
    set_faults(box, "cda")
    page = html(client.get("/products/linen-summer-shirt?lang=es"))
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S)
    assert switcher and "fr-FR" not in switcher.group(0)  # fr-FR is not a Contentful locale
    assert "Stay cool when it" in page  # es-ES falls back to en-US content again
    assert NOTICE not in page


def test_healthy_page_has_no_notice(client: Any) -> None:
    assert NOTICE not in html(client.get(PAGE))
    assert NOTICE not in html(client.get("/"))


# -- Medusa down --------------------------------------------------------------------------
def test_medusa_down_serves_a_cached_product_page_stale(
    client: Any, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.get(f"{PAGE}?lang=de").status_code == 200
    expire_fresh_copies(monkeypatch)
    set_faults(box, "medusa", error_rate=1)
    response = client.get(f"{PAGE}?lang=de")
    page = html(response)
    assert response.status_code == 200
    assert "<h1>Bio-Baumwoll-T-Shirt</h1>" in page and "29,99\xa0€" in page
    assert NOTICE in page


def test_medusa_down_serves_a_cached_listing_stale(
    client: Any, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.get("/").status_code == 200
    expire_fresh_copies(monkeypatch)
    set_faults(box, "medusa", error_rate=1)
    response = client.get("/")
    assert response.status_code == 200
    assert len(cards(html(response))) == 12


@pytest.mark.parametrize("path", [PAGE, "/", "/?page=2"])
def test_medusa_down_uncached_page_is_a_localized_503(client: Any, box: Sandbox, path: str) -> None:
    set_faults(box, "medusa", error_rate=1)
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}lang=es")
    page = html(response)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert '<html lang="es-ES">' in page
    assert "No disponible temporalmente" in page
    assert (
        "no-store" in response.headers["Cache-Control"]
        or "no-cache" in (response.headers["Cache-Control"])
    )
    assert_no_traceback(page)


def test_medusa_down_uncached_collection_page_is_503_not_404(client: Any, box: Sandbox) -> None:
    set_faults(box, "medusa", error_rate=1)
    response = client.get("/collections/summer-essentials")
    assert response.status_code == 503


def test_medusa_down_cart_actions_are_503_not_tracebacks(client: Any, box: Sandbox) -> None:
    page = html(client.get(PAGE))
    token, variant = csrf_token(page), variant_id(page, "OCT-S-WHT")
    set_faults(box, "medusa", error_rate=1)
    form, origin = {"csrf_token": token, "variant_id": variant}, {"Origin": "http://localhost"}
    added = client.post("/cart/add", data=form, headers=origin)
    assert added.status_code == 503
    assert_no_traceback(html(added))


def test_both_down_is_a_503(client: Any, box: Sandbox) -> None:
    set_faults(box, "medusa", error_rate=1)
    set_faults(box, "cda", error_rate=1)
    response = client.get(f"{PAGE}?lang=de")
    assert response.status_code == 503
    assert '<html lang="de-DE">' in html(response)
    assert_no_traceback(html(response))


def test_slow_medusa_times_out_into_a_503(box: Sandbox) -> None:
    with storefront(box, http_timeout=0.2) as app:
        set_faults(box, "medusa", latency_ms=600)
        response = app.test_client().get(PAGE)
    assert response.status_code == 503
    assert_no_traceback(html(response))


def test_flaky_medusa_never_gives_a_traceback(box: Sandbox) -> None:
    set_faults(box, "medusa", error_rate=0.5)
    set_faults(box, "cda", error_rate=0.5)
    with storefront(box) as app:
        client = app.test_client()
        for path in ("/", PAGE, "/collections/outdoor", "/?page=2", "/cart", "/sitemap.xml"):
            response = client.get(path)
            assert response.status_code in (200, 503), (path, response.status_code)
            assert_no_traceback(html(response))
