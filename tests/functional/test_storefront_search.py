"""``/search?q=``: Contentful full text in the page's locale, Medusa's q for the rest, pages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.functional.storefront_helpers import assert_no_traceback, html, links, meta
from tests.functional.test_storefront_listing import card, card_handles


def test_spanish_words_find_the_spanish_product_with_its_price(client: Any) -> None:
    page = html(client.get("/search?q=camiseta&lang=es"))
    handles = card_handles(page)
    assert "organic-cotton-tshirt" in handles
    tshirt = card(page, "organic-cotton-tshirt")
    assert "Camiseta de Algodón Orgánico" in tshirt and "29,99" in tshirt
    assert "Resultados de búsqueda para «camiseta»" in page
    assert meta(page, "name", "robots") == ["noindex, follow"]
    assert card_handles(html(client.get("/search?q=camiseta&lang=en"))) == []  # English words


def test_products_not_in_contentful_are_found_by_medusas_words(client: Any) -> None:
    page = html(client.get("/search?q=napkin&lang=es"))
    assert card_handles(page) == ["linen-napkin-set"]


def test_a_german_query_finds_german_content(client: Any) -> None:
    page = html(client.get("/search?q=Bio-Baumwoll&lang=de"))
    assert "organic-cotton-tshirt" in card_handles(page)


def test_results_are_paginated(client: Any) -> None:
    first = html(client.get("/search?q=a&lang=en"))
    total = int(re.search(r'class="result-count">(\d+)', first).group(1))  # type: ignore[union-attr]
    assert total > 12 and len(card_handles(first)) == 12
    assert links(first, "next") == ["/search?q=a&amp;page=2&amp;lang=en-US"]
    second = html(client.get("/search?q=a&page=2&lang=en"))
    assert len(card_handles(second)) == total - 12
    assert not set(card_handles(first)) & set(card_handles(second))
    assert client.get("/search?q=a&page=9&lang=en").status_code == 404


@pytest.mark.parametrize(
    "query", ['<script>alert("x")</script>', "' OR 1=1 --", "%00\u202e", "a" * 5000, "[]{}*"]
)
def test_hostile_queries_are_escaped_and_answered(client: Any, query: str) -> None:
    response = client.get("/search", query_string={"q": query, "lang": "en"})
    page = html(response)
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert_no_traceback(page)


def test_an_empty_query_gets_a_helpful_page(client: Any) -> None:
    page = html(client.get("/search?q=+++&lang=es"))
    assert "Escribe una o dos palabras" in page
    assert 'href="/collections/summer-essentials?lang=es-ES">Esenciales de verano</a>' in page
    assert card_handles(page) == []


def test_every_page_has_a_search_box_in_the_header(client: Any) -> None:
    page = html(client.get("/products/organic-cotton-tshirt?lang=de"))
    header = re.search(r'<header class="site-header">.*?</header>', page, re.S)
    assert header and 'action="/search?lang=de-DE"' in header.group(0)
    assert 'name="q"' in header.group(0) and 'placeholder="Suchen"' in header.group(0)


def test_the_language_switcher_is_compact_and_names_each_language(client: Any) -> None:
    page = html(client.get("/?lang=es"))
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S)
    assert nav
    codes = re.findall(r'<span class="code" aria-hidden="true">([^<]+)</span>', nav.group(0))
    names = re.findall(r'<span class="name">([^<]+)</span>', nav.group(0))
    assert codes == ["EN", "ES", "DE"] and names[1] == "Español (España)"
    assert re.search(r'data-locale="es-ES" aria-current="true" title="Español \(España\)"', page)
