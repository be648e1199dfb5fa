"""Field fallback: Contentful's value for the locale, else along its chain, else Medusa's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import (
    LINEN_SHIRT,
    NAPKINS,
    add_locale,
    edit_entry,
    html,
    meta,
    product_id,
    rename_product,
    storefront,
)


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    """A fresh app per test, so no test sees another's cached content."""
    with storefront(box) as application:
        yield application


def heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page)
    assert found, "no <h1>"
    return found.group(1)


def subtitle(page: str) -> str:
    found = re.search(r'<p class="subtitle">(.*?)</p>', page)
    return found.group(1) if found else ""


def body_description(page: str) -> str:
    found = re.search(r'<section class="description[^"]*">(.*?)</section>', page, re.S)
    return found.group(1) if found else ""


def test_locale_value_wins(client: Any) -> None:
    page = html(client.get("/products/organic-cotton-tshirt?lang=de"))
    assert heading(page) == "Bio-Baumwoll-T-Shirt"
    assert subtitle(page) == "Weich, atmungsaktiv, GOTS-zertifiziert"
    assert "Alltagskomfort, verantwortungsvoll angebaut." in body_description(page)


def test_empty_string_counts_as_missing_and_follows_the_chain(client: Any, box: Sandbox) -> None:
    handle = "straw-sun-hat"
    # Medusa's title differs from Contentful's en-US one, so the chain and Medusa are told apart.
    rename_product(box, handle, "Medusa Hat Title")

    def blank(fields: dict[str, Any]) -> None:
        fields["title"]["es-ES"] = ""
        fields["title"]["en-US"] = "Contentful Straw Hat"

    edit_entry(box, product_id(box, handle), blank)
    page = html(client.get(f"/products/{handle}?lang=es"))
    assert heading(page) == "Contentful Straw Hat"
    assert 'class="title">Contentful Straw Hat<' in html(client.get("/?lang=es&page=1")) + html(
        client.get("/?lang=es&page=2")
    )


def test_whitespace_only_value_also_follows_the_chain(client: Any, box: Sandbox) -> None:
    handle = "canvas-espadrilles"
    rename_product(box, handle, "Medusa Espadrilles Title")

    def blank(fields: dict[str, Any]) -> None:
        fields["title"]["es-ES"] = "   "
        fields["title"]["en-US"] = "Contentful Espadrilles"

    edit_entry(box, product_id(box, handle), blank)
    assert heading(html(client.get(f"/products/{handle}?lang=es"))) == "Contentful Espadrilles"


def test_product_without_contentful_entry_renders_from_medusa(client: Any) -> None:
    response = client.get(f"/products/{NAPKINS}?lang=es")
    page = html(response)
    assert response.status_code == 200
    assert heading(page) == "Linen Napkin Set"
    assert subtitle(page) == "Set of four, stonewashed"
    assert "Four stonewashed linen napkins, 45 × 45 cm" in body_description(page)
    assert "<title>Linen Napkin Set</title>" in page
    assert meta(page, "name", "description")[0].startswith("Four stonewashed linen napkins")
    assert re.search(r'<img src="http://[^"]+/static/[^"]+"', page), "Medusa thumbnail"
    assert 'class="care"' not in page
    assert "28,00\xa0€" in page
    assert 'class="notice"' not in page  # not being in Contentful is not a degradation


def test_spanish_title_without_spanish_description_shows_english_description(
    client: Any,
) -> None:
    page = html(client.get(f"/products/{LINEN_SHIRT}?lang=es"))
    assert heading(page) == "Camisa de Lino de Verano"
    assert subtitle(page) == "Lightweight linen"
    assert "Stay cool when it's hot." in body_description(page)
    assert meta(page, "name", "description")[0].startswith("Short-sleeved summer shirt")


def test_english_only_entry_in_every_locale(client: Any) -> None:
    for lang in ("es", "de"):
        page = html(client.get(f"/products/enamel-camping-mug?lang={lang}"))
        assert heading(page) == "Enamel Camping Mug"
        assert "Coffee tastes better outside." in body_description(page)


def test_translated_plain_description_beats_a_fallback_rich_description(client: Any) -> None:
    page = html(client.get(f"/products/{LINEN_SHIRT}?lang=de"))
    assert heading(page) == "Sommerhemd aus Leinen"
    assert "Kurzärmeliges Leinenhemd." in body_description(page)
    assert "Stay cool" not in body_description(page)


def test_locale_without_fallback_uses_medusa_values(box: Sandbox) -> None:
    """A locale whose fallbackCode is null stops at itself, then Medusa (fresh app: new table)."""
    handle = "stoneware-coffee-mug"
    rename_product(box, handle, "Medusa Mug Title")
    add_locale(box, "it-IT", "Italian (Italy)", None)
    with storefront(box) as app:
        page = html(app.test_client().get(f"/products/{handle}?lang=it"))
    assert '<html lang="it-IT">' in page
    assert heading(page) == "Medusa Mug Title"
