"""SEO per locale: title and description, canonical, hreflang, Open Graph, JSON-LD Product."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import (
    NAPKINS,
    TSHIRT,
    html,
    links,
    meta,
    storefront,
)

PAGE = f"/products/{TSHIRT}"
PUBLIC = "https://shop.example.com"
LOCALES = ("en-US", "es-ES", "de-DE")


@pytest.fixture(scope="module")
def app(box: Sandbox) -> Iterator[Flask]:
    with storefront(box, public_url=PUBLIC) as application:
        yield application


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found
    return found.group(1)


def hreflangs(page: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
    return {lang: href.replace("&amp;", "&") for lang, href in found}


def json_ld(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "no JSON-LD"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_title_and_description_from_seo_fields(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=es"))
    assert title(page) == "Camiseta de Algodón Orgánico | Suave y con certificación GOTS"
    description = meta(page, "name", "description")
    assert len(description) == 1 and description[0].startswith("Camiseta clásica de cuello redondo")
    assert meta(page, "property", "og:title") == [title(page)]
    assert meta(page, "property", "og:description") == description


def test_title_and_description_without_seo_fields(client: Any) -> None:
    page = html(client.get(f"/products/{NAPKINS}"))
    assert title(page) == "Linen Napkin Set"
    assert meta(page, "name", "description")[0].startswith("Four stonewashed linen napkins")
    cap = html(client.get("/products/cotton-baseball-cap?lang=de"))  # en-US base fields only
    assert title(cap) == "Cotton Baseball Cap"


@pytest.mark.parametrize("lang", ["en", "es", "de"])
def test_canonical_is_the_page_in_its_own_locale(client: Any, lang: str) -> None:
    page = html(client.get(f"{PAGE}?lang={lang}&utm_source=x"))
    code = {"en": "en-US", "es": "es-ES", "de": "de-DE"}[lang]
    assert links(page, "canonical") == [f"{PUBLIC}{PAGE}?lang={code}"]
    assert meta(page, "property", "og:url") == [f"{PUBLIC}{PAGE}?lang={code}"]


@pytest.mark.parametrize("path", [PAGE, "/", "/collections/outdoor"])
def test_hreflang_alternates_for_every_locale_and_x_default(client: Any, path: str) -> None:
    alternates = hreflangs(html(client.get(f"{path}?lang=de")))
    assert set(alternates) == {*LOCALES, "x-default"}
    for code in LOCALES:
        assert alternates[code] == f"{PUBLIC}{path}?lang={code}"
    assert alternates["x-default"] == f"{PUBLIC}{path}?lang=en-US"


def test_open_graph_locale_and_alternates(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=es"))
    assert meta(page, "property", "og:locale") == ["es_ES"]
    assert sorted(meta(page, "property", "og:locale:alternate")) == ["de_DE", "en_US"]
    assert meta(page, "property", "og:type") == ["product"]
    assert meta(page, "property", "og:image")[0].startswith("http")


@pytest.mark.parametrize(("lang", "currency"), [("en", "USD"), ("es", "EUR")])
def test_json_ld_product_with_offers(client: Any, lang: str, currency: str) -> None:
    data = json_ld(html(client.get(f"{PAGE}?lang={lang}")))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == (
        "Organic Cotton T-Shirt" if lang == "en" else "Camiseta de Algodón Orgánico"
    )
    offers = {offer["sku"]: offer for offer in data["offers"]}
    assert set(offers) == {"OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK"}
    assert offers["OCT-S-WHT"]["price"] == "29.99" and offers["OCT-L-BLK"]["price"] == "32.99"
    assert {o["priceCurrency"] for o in offers.values()} == {currency}
    assert offers["OCT-S-WHT"]["availability"] == "https://schema.org/InStock"
    assert offers["OCT-L-BLK"]["availability"] == "https://schema.org/OutOfStock"
    assert all(o["@type"] == "Offer" for o in offers.values())
    assert data["image"] and data["url"].startswith(PUBLIC)


def test_error_pages_are_not_indexed_as_products(client: Any) -> None:
    page = html(client.get("/products/nope"))
    assert "application/ld+json" not in page


def test_paginated_listing_canonical_keeps_the_page(client: Any) -> None:
    page = html(client.get("/?page=2&lang=es"))
    assert links(page, "canonical") == [f"{PUBLIC}/?page=2&amp;lang=es-ES"] or links(
        page, "canonical"
    ) == [f"{PUBLIC}/?lang=es-ES&amp;page=2"]
    assert all("page=2" in href for href in hreflangs(page).values())
