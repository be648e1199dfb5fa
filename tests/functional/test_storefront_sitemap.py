"""``/sitemap.xml`` (every product and listing in every locale, with alternates), robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import (
    PUBLISHED_PRODUCTS,
    set_faults,
    storefront,
)

PUBLIC = "https://shop.example.com"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LOCALES = {"en-US", "es-ES", "de-DE"}


@pytest.fixture(scope="module")
def app(box: Sandbox) -> Iterator[Flask]:
    with storefront(box, public_url=PUBLIC) as application:
        yield application


@pytest.fixture(scope="module")
def urls(app: Flask) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} from one parsed sitemap."""
    response = app.test_client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype in ("application/xml", "text/xml")
    root = ET.fromstring(response.data)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    found: dict[str, dict[str, str]] = {}
    for url in root.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc and loc not in found
        alternates = url.findall("xhtml:link", NS)
        assert all(link.get("rel") == "alternate" for link in alternates)
        found[loc] = {str(link.get("hreflang")): str(link.get("href")) for link in alternates}
    return found


def path_and_lang(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)["lang"][0]


def test_every_product_in_every_locale(urls: dict[str, dict[str, str]]) -> None:
    products: dict[str, set[str]] = {}
    for loc in urls:
        assert loc.startswith(PUBLIC + "/")
        path, lang = path_and_lang(loc)
        if path.startswith("/products/"):
            products.setdefault(path, set()).add(lang)
    assert len(products) == PUBLISHED_PRODUCTS
    assert all(langs == LOCALES for langs in products.values())
    assert "/products/organic-cotton-tshirt" in products
    assert "/products/unreleased-hoodie" not in products  # a Medusa draft


def test_home_and_collections_are_listed(urls: dict[str, dict[str, str]]) -> None:
    paths = {path_and_lang(loc)[0] for loc in urls}
    assert "/" in paths
    assert {p for p in paths if p.startswith("/collections/")} == {
        "/collections/summer-essentials", "/collections/home-living", "/collections/accessories",
        "/collections/outdoor", "/collections/everyday-basics",
    }  # fmt: skip


def test_each_url_lists_its_alternates(urls: dict[str, dict[str, str]]) -> None:
    for loc, alternates in urls.items():
        path, lang = path_and_lang(loc)
        assert set(alternates) == LOCALES | {"x-default"}
        assert alternates[lang] == loc  # each URL is among its own alternates
        for code in LOCALES:
            assert path_and_lang(alternates[code]) == (path, code)
        assert path_and_lang(alternates["x-default"]) == (path, "en-US")


def test_sitemap_urls_answer(client: Any, urls: dict[str, dict[str, str]]) -> None:
    sample = [
        loc for loc in urls if "organic-cotton-tshirt" in loc or "/collections/outdoor" in loc
    ]
    for loc in sample:
        parts = urlsplit(loc)
        assert client.get(f"{parts.path}?{parts.query}").status_code == 200, loc


def test_robots_txt(client: Any) -> None:
    response = client.get("/robots.txt")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /cart" in lines
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the shop itself is crawlable


def test_sitemap_with_medusa_down_is_a_503_not_a_traceback(box: Sandbox) -> None:
    with storefront(box) as app:
        set_faults(box, "medusa", error_rate=1)
        try:
            response = app.test_client().get("/sitemap.xml")
        finally:
            set_faults(box, "medusa")
    assert response.status_code == 503
    assert "Retry-After" in response.headers
    assert b"Traceback" not in response.data
