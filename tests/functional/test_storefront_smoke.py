"""The storefront against a seeded sandbox: the flows' headline checks."""

from __future__ import annotations

from typing import Any


def test_spanish_product_page_shows_translation_and_euro_price(client: Any) -> None:
    page = client.get("/products/organic-cotton-tshirt?lang=es")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="es-ES">' in html
    assert "Camiseta de Algodón Orgánico" in html
    assert "29,99\xa0€" in html


def test_english_default_shows_dollars(client: Any) -> None:
    html = client.get("/products/organic-cotton-tshirt").get_data(as_text=True)
    assert "Organic Cotton T-Shirt" in html
    assert "$29.99" in html


def test_unknown_product_is_a_localized_404(client: Any) -> None:
    page = client.get("/products/no-such-thing?lang=de")
    assert page.status_code == 404
    assert '<html lang="de-DE">' in page.get_data(as_text=True)
