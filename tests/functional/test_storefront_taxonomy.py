"""Collections and categories in the shopper's language: nav, pages, SEO, sitemap, cart lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from tests.functional.storefront_helpers import (
    SAME_ORIGIN,
    TSHIRT,
    assert_no_traceback,
    csrf_token,
    edit_entry,
    html,
    links,
    meta,
    variant_id,
)
from tests.functional.test_webhook_flow import serving, wait_for_deliveries


def nav(page: str) -> list[str]:
    found = re.search(r'<nav class="collections"[^>]*>(.*?)</nav>', page, re.S)
    assert found
    return re.findall(r">([^<]+)</a>", found.group(1))


def json_ld(page: str) -> list[Any]:
    """Every JSON-LD object on the page (a script may hold a list of them)."""
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    found = [json.loads(text) for text in re.findall(pattern, page, re.S)]
    return [item for data in found for item in (data if isinstance(data, list) else [data])]


def test_navigation_is_in_the_page_language_with_medusas_words_as_fallback(client: Any) -> None:
    spanish = nav(html(client.get("/?lang=es")))
    assert "Esenciales de verano" in spanish and "Summer Essentials" not in spanish
    english = nav(html(client.get("/?lang=en")))
    assert "Summer Essentials" in english and "Home &amp; Living" in english


def test_collection_page_has_its_localized_name_and_seo(client: Any) -> None:
    page = html(client.get("/collections/summer-essentials?lang=es"))
    assert "<h1>Esenciales de verano</h1>" in page
    assert "<title>Esenciales de verano · " in page
    assert meta(page, "name", "description") == ["Productos de la colección Esenciales de verano"]
    assert links(page, "canonical") == [
        "http://127.0.0.1:8000/collections/summer-essentials?lang=es-ES"
    ]
    hreflangs = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', page)
    assert ("de-DE", "http://127.0.0.1:8000/collections/summer-essentials?lang=de-DE") in hreflangs
    collection, crumbs = json_ld(page)
    assert collection["@type"] == "CollectionPage" and collection["name"] == "Esenciales de verano"
    assert collection["inLanguage"] == "es-ES"
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Inicio", "Esenciales de verano"]
    assert 'href="/products/organic-cotton-tshirt?lang=es-ES"' in page


def test_category_page_lists_its_products_under_translated_breadcrumbs(client: Any) -> None:
    page = html(client.get("/categories/t-shirts?lang=es"))
    assert "<h1>Camisetas</h1>" in page
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S)
    assert trail and re.findall(r">([^<>]+)</(?:a|span)>", trail.group(0)) == [
        "Inicio", "Ropa", "Camisetas"
    ]  # fmt: skip
    assert 'href="/categories/apparel?lang=es-ES"' in trail.group(0)
    assert "Camiseta de Algodón Orgánico" in page
    _, crumbs = json_ld(page)
    assert crumbs["itemListElement"][1]["item"].endswith("/categories/apparel?lang=es-ES")
    english = html(client.get("/categories/lighting?lang=es"))
    assert "<h1>Lighting</h1>" in english  # no Spanish title: Medusa's name


def test_unknown_or_hostile_category_is_a_localized_404(client: Any) -> None:
    for handle in ("nope", "<script>alert(1)</script>"):
        response = client.get(f"/categories/{handle}?lang=de")
        assert response.status_code == 404
        assert "<script>alert" not in html(response)
        assert_no_traceback(html(response))


def test_sitemap_lists_categories_and_collections_with_alternates(client: Any) -> None:
    body = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://127.0.0.1:8000/categories/t-shirts?lang=es-ES</loc>" in body
    assert 'hreflang="de-DE" href="http://127.0.0.1:8000/categories/t-shirts?lang=de-DE"' in body
    assert "<loc>http://127.0.0.1:8000/collections/summer-essentials?lang=de-DE</loc>" in body


def test_cart_lines_show_localized_option_values(client: Any) -> None:
    page = html(client.get(f"/products/{TSHIRT}?lang=es"))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
    client.post("/cart/add?lang=es", data=form, headers=SAME_ORIGIN)
    cart = html(client.get("/cart?lang=es"))
    assert "Camiseta de Algodón Orgánico" in cart
    assert '<span class="variant-title">S / Blanco</span>' in cart


def test_a_collection_publish_shows_in_the_nav_at_once(make_sandbox: Any, tmp_path: Path) -> None:
    box = make_sandbox(data_dir=tmp_path / "sandbox")
    with serving(box, tmp_path) as env:
        home = lambda lang: httpx.get(f"{env.url}/?lang={lang}", timeout=10).text  # noqa: E731
        assert "Esenciales de verano" in nav(home("es"))  # now cached, page and content
        entries = httpx.get(
            f"{box.urls['cda']}/spaces/{box.config.space_id}/environments/master/entries",
            params={"content_type": "collection", "fields.handle": "summer-essentials"},
            headers={"Authorization": f"Bearer {box.config.delivery_token}"}, timeout=10,
        ).json()["items"]  # fmt: skip

        def change(fields: dict[str, Any]) -> None:
            fields["title"]["es-ES"] = "Lo esencial del verano"

        edit_entry(box, entries[0]["sys"]["id"], change)
        wait_for_deliveries(box)
        assert "Lo esencial del verano" in nav(home("es"))
        assert "Summer Essentials" in nav(home("en"))
        product = httpx.get(f"{env.url}/collections/summer-essentials?lang=es", timeout=10).text
        assert "<h1>Lo esencial del verano</h1>" in product


def test_contentful_down_the_navigation_falls_back_to_medusas_names(box: Any) -> None:
    from tests.functional.storefront_helpers import set_faults, storefront

    with storefront(box) as fresh:  # nothing cached yet
        set_faults(box, "cda", error_rate=1)
        try:
            response = fresh.test_client().get("/collections/summer-essentials?lang=es")
        finally:
            set_faults(box, "cda")
    page = html(response)
    assert response.status_code == 200 and "<h1>Summer Essentials</h1>" in page
    assert "Summer Essentials" in nav(page)
    assert_no_traceback(page)
