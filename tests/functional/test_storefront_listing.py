"""Product grids: home and collections, pagination, "from" prices, sold-out, one CMS query."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import (
    PUBLISHED_PRODUCTS,
    assert_no_traceback,
    count_requests,
    html,
    links,
    storefront,
)

PER_PAGE = 12


def card_handles(page: str) -> list[str]:
    return re.findall(r'<li class="product-card[^"]*">\s*<a href="/products/([^"?]+)', page)


def card(page: str, handle: str) -> str:
    found = re.search(rf'<li class="product-card[^"]*">\s*<a href="/products/{handle}\?.*?</li>',
                      page, re.S)  # fmt: skip
    assert found, f"no card for {handle}"
    return found.group(0)


def test_home_grid_first_page(client: Any) -> None:
    response = client.get("/")
    page = html(response)
    assert response.status_code == 200
    handles = card_handles(page)
    assert len(handles) == PER_PAGE
    assert handles[0] == "organic-cotton-tshirt"
    assert "unreleased-hoodie" not in page  # a Medusa draft is never listed


def test_pagination_covers_every_published_product_once(client: Any) -> None:
    first, second = html(client.get("/")), html(client.get("/?page=2"))
    handles = card_handles(first) + card_handles(second)
    assert len(handles) == len(set(handles)) == PUBLISHED_PRODUCTS
    assert "unreleased-hoodie" not in handles and "solar-camping-lantern" not in handles
    assert links(first, "next") == ["/?page=2&amp;lang=en-US"]
    assert links(first, "prev") == []
    assert links(second, "prev") == ["/?page=1&amp;lang=en-US"]
    assert links(second, "next") == []


@pytest.mark.parametrize("value", ["3", "0", "-1", "abc", "1.5", "99999999999999999999", ""])
def test_page_out_of_range_or_malformed_is_404(client: Any, value: str) -> None:
    response = client.get(f"/?page={value}&lang=es")
    assert response.status_code == 404
    assert '<html lang="es-ES">' in html(response)
    assert_no_traceback(html(response))


def test_collection_page_lists_its_products(client: Any) -> None:
    response = client.get("/collections/summer-essentials?lang=de")
    page = html(response)
    assert response.status_code == 200
    assert "<h1>Sommer-Essentials</h1>" in page  # the collection entry's German title
    handles = card_handles(page)
    assert set(handles) == {
        "organic-cotton-tshirt", "straw-sun-hat", "canvas-espadrilles",
        "linen-summer-shirt", "organic-cotton-tank-top",
    }  # fmt: skip
    assert links(page, "next") == []


def test_every_collection_in_the_navigation_has_a_page(client: Any) -> None:
    page = html(client.get("/"))
    nav = re.findall(r'<a href="(/collections/[^"]+)"', page)
    assert len(nav) == 5
    seen: set[str] = set()
    for href in nav:
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, href
        seen.update(card_handles(html(response)))
    assert len(seen) == PUBLISHED_PRODUCTS


def test_unknown_collection_is_404(client: Any) -> None:
    assert client.get("/collections/no-such-collection").status_code == 404
    assert client.get("/collections/summer-essentials?page=2").status_code == 404


def test_from_price_is_the_cheapest_variant(client: Any) -> None:
    english = card(html(client.get("/?lang=en")), "organic-cotton-tshirt")
    assert "$29.99" in english and "$32.99" not in english
    assert re.search(r'<span class="price">[^<]*\$29\.99', english)
    spanish = card(html(client.get("/?lang=es")), "organic-cotton-tshirt")
    assert "29,99\xa0€" in spanish


def test_localized_titles_in_the_grid(client: Any) -> None:
    assert "Camiseta de Algodón Orgánico" in card(
        html(client.get("/?lang=es")), "organic-cotton-tshirt"
    )


def test_sold_out_marker(client: Any) -> None:
    second = html(client.get("/?page=2"))
    mug = card(second, "enamel-camping-mug")
    assert 'class="product-card sold-out"' in mug and 'class="stock sold-out"' in mug
    tshirt = card(html(client.get("/")), "organic-cotton-tshirt")  # one variant sold out only
    assert "sold-out" not in tshirt
    linen = card(html(client.get("/")), "linen-summer-shirt")  # stock not tracked
    assert "sold-out" not in linen


def test_cards_have_responsive_contentful_images(client: Any) -> None:
    tshirt = card(html(client.get("/")), "organic-cotton-tshirt")
    assert re.search(r'<img src="http://[^"]+\.svg" srcset="[^"]+ 480w, [^"]+ 800w', tshirt)


def test_one_contentful_query_per_listing_page(box: Sandbox) -> None:
    """Counted with an httpx request hook on the app's own clients (a fresh app, empty cache)."""
    with storefront(box) as app:
        client = app.test_client()
        client.get("/")  # warms the locale table and regions
        requests = count_requests(app)
        for path in ("/?page=2", "/collections/home-living"):
            requests.clear()
            assert client.get(path).status_code == 200
            entries = requests.to(box.urls["cda"], "/entries")
            assert len(entries) == 1, (path, entries)
            assert len(requests.to(box.urls["medusa"], "/store/products")) == 1
        # Content is fetched with locale=*: another locale of a seen page needs no CMS query.
        requests.clear()
        assert client.get("/?lang=de").status_code == 200
        assert requests.to(box.urls["cda"], "/entries") == []
        assert len(requests.to(box.urls["medusa"], "/store/products")) == 1  # EUR prices


@pytest.mark.parametrize("query", ["endpoint=x", "_anchor=x", "_external=1"])
def test_odd_query_arguments_do_not_break_pagination_links(client: Any, query: str) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    for href in links(html(response), "next"):
        assert href.startswith("/?") and "#" not in href
