"""Localized slugs: the Spanish URL, 308s from the handle and old slugs, reciprocal hreflang,
the switcher and the sitemap (issue 15), over HTTP against the sandbox."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import cache, purger, services
from tests.functional.storefront_helpers import (
    TSHIRT,
    BrowserClient,
    cma,
    csrf_token,
    edit_entry,
    html,
    links,
    product_id,
    set_faults,
    storefront,
    variant_id,
)

SPANISH = "camiseta-de-algodon-organico"
PUBLIC = "http://127.0.0.1:8000"  # the public URL of the test settings


@pytest.fixture(scope="module")
def app(box: Sandbox) -> Iterator[Flask]:
    """An app of this module's own (the tests change slugs)."""
    with storefront(box) as application:
        yield application


def set_slug(
    box: Sandbox, app: Flask, entry_id: str, locale: str, slug: str | None, taxonomy: bool = False
) -> None:
    """Publish a slug through the CMA, then purge as the publish webhook does (a collection's
    or category's with ``taxonomy``)."""

    def change(fields: dict[str, Any]) -> None:
        if slug is None:
            fields.get("slug", {}).pop(locale, None)
        else:
            fields.setdefault("slug", {})[locale] = slug

    fields = edit_entry(box, entry_id, change)["fields"]
    purge = purger.for_app(app)
    with app.app_context():
        if taxonomy:
            purge.purge_taxonomy(entry_id)
        else:
            purge.purge_published(entry_id, None, entry_id, fields)


@contextmanager
def slug_rules_added_later(box: Sandbox) -> Iterator[None]:
    """The product type without its slug validations for the block, then with them again.

    Contentful checks a slug's pattern and uniqueness when an entry is published, so bad or
    clashing slugs reach the Delivery API only when they were published before the rules were
    added (a space set up by hand, then ``storefront sync setup``); existing entries stay.
    """
    saved = _set_slug_rules(box, None)
    try:
        yield
    finally:
        _set_slug_rules(box, saved)


def _set_slug_rules(box: Sandbox, rules: list[Any] | None) -> list[Any]:
    """Give the product type's slug field ``rules`` ([] for None) and activate it; the old ones."""
    with cma(box) as client:
        kind = client.get("/content_types/product").raise_for_status().json()
        slug = next(field for field in kind["fields"] if field["id"] == "slug")
        old, slug["validations"] = slug.get("validations", []), rules or []
        body = {k: kind[k] for k in ("name", "displayField", "fields")}
        version = {"x-contentful-version": str(kind["sys"]["version"])}
        saved = client.put("/content_types/product", json=body, headers=version)
        version = {"x-contentful-version": str(saved.raise_for_status().json()["sys"]["version"])}
        client.put("/content_types/product/published", headers=version).raise_for_status()
    return list(old)


@pytest.fixture(scope="module")
def tshirt(box: Sandbox, app: Flask) -> Iterator[str]:
    """The T-shirt with its es-ES slug published (removed afterwards)."""
    pid = product_id(box, TSHIRT)
    set_slug(box, app, pid, "es-ES", SPANISH)
    yield pid
    set_slug(box, app, pid, "es-ES", None)


def hreflang(page: str) -> dict[str, str]:
    """hreflang code -> href of the page's alternates."""
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page)
    return {code: href.replace("&amp;", "&") for code, href in found}


def test_spanish_slug_shows_the_spanish_page(app: Flask, tshirt: str) -> None:
    response = app.test_client().get(f"/products/{SPANISH}?lang=es")
    assert response.status_code == 200
    page = html(response)
    assert 'lang="es' in page and "Camiseta" in page
    assert links(page, "canonical") == [f"{PUBLIC}/products/{SPANISH}?lang=es-ES"]


def test_handle_url_redirects_permanently_keeping_the_query(app: Flask, tshirt: str) -> None:
    response = app.test_client().get(f"/products/{TSHIRT}?lang=es&quantity=2")
    assert response.status_code == 308
    assert response.headers["Location"] == f"/products/{SPANISH}?lang=es&quantity=2"
    assert tshirt in response.headers["xkey"].split()


def test_spanish_slug_in_english_redirects_to_the_handle(app: Flask, tshirt: str) -> None:
    response = app.test_client().get(f"/products/{SPANISH}?lang=en-US")
    assert response.status_code == 308
    assert response.headers["Location"] == f"/products/{TSHIRT}?lang=en-US"


def test_alternates_are_reciprocal(app: Flask, tshirt: str) -> None:
    client = app.test_client()
    spanish = hreflang(html(client.get(f"/products/{SPANISH}?lang=es-ES")))
    english = hreflang(html(client.get(f"/products/{TSHIRT}?lang=en-US")))
    assert spanish == english
    assert spanish["es-ES"] == f"{PUBLIC}/products/{SPANISH}?lang=es-ES"
    assert spanish["x-default"] == f"{PUBLIC}/products/{TSHIRT}?lang=en-US"
    others = {code: url for code, url in spanish.items() if code not in ("es-ES", "x-default")}
    assert others and all(f"/products/{TSHIRT}?" in url for url in others.values())


def test_switcher_reaches_the_same_product_in_each_locale(app: Flask, tshirt: str) -> None:
    client = app.test_client()
    page = html(client.get(f"/products/{SPANISH}?lang=es-ES"))
    to_english = re.search(r'href="(/locale/en-US\?next=[^"]+)"', page)
    assert to_english is not None
    moved = client.get(to_english.group(1).replace("&amp;", "&"))
    assert moved.status_code == 303
    assert moved.headers["Location"] == f"/products/{TSHIRT}?lang=en-US"
    english = html(client.get(f"/products/{TSHIRT}?lang=en-US"))
    to_spanish = re.search(r'href="(/locale/es-ES\?next=[^"]+)"', english)
    assert to_spanish is not None
    back = client.get(to_spanish.group(1).replace("&amp;", "&"))
    assert back.headers["Location"] == f"/products/{SPANISH}?lang=es-ES"
    assert client.get(back.headers["Location"]).status_code == 200


def test_grid_links_use_the_spanish_slug(app: Flask, tshirt: str) -> None:
    page = html(app.test_client().get("/?lang=es-ES"))
    assert f"/products/{SPANISH}?lang=es-ES" in page
    assert f"/products/{TSHIRT}?lang=es-ES" not in page


def test_sitemap_lists_the_spanish_slug(app: Flask, tshirt: str) -> None:
    body = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    assert f"{PUBLIC}/products/{SPANISH}?lang=es-ES" in body.replace("&amp;", "&")
    assert f"{PUBLIC}/products/{TSHIRT}?lang=en-US" in body.replace("&amp;", "&")


def test_changed_slug_keeps_the_first_redirecting(box: Sandbox, app: Flask, tshirt: str) -> None:
    client = app.test_client()
    assert client.get(f"/products/{SPANISH}?lang=es").status_code == 200
    set_slug(box, app, tshirt, "es-ES", "camiseta-organica")
    try:
        old = client.get(f"/products/{SPANISH}?lang=es")
        assert old.status_code == 308
        assert old.headers["Location"] == "/products/camiseta-organica?lang=es"
        assert client.get("/products/camiseta-organica?lang=es").status_code == 200
        assert client.get(f"/products/{TSHIRT}?lang=es").headers["Location"] == (
            "/products/camiseta-organica?lang=es"
        )
    finally:
        set_slug(box, app, tshirt, "es-ES", SPANISH)
    assert client.get(f"/products/{SPANISH}?lang=es").status_code == 200


def test_invalid_slug_in_content_is_ignored(box: Sandbox, app: Flask, tshirt: str) -> None:
    with slug_rules_added_later(box):
        set_slug(box, app, tshirt, "de-DE", "Bad Slug!")
    try:
        assert app.test_client().get(f"/products/{TSHIRT}?lang=de-DE").status_code == 200
    finally:
        set_slug(box, app, tshirt, "de-DE", None)


def test_unknown_slug_is_a_404(app: Flask, tshirt: str) -> None:
    assert app.test_client().get("/products/no-such-camiseta?lang=es").status_code == 404


def test_an_unknown_slug_reads_no_slug_history_from_the_cache(
    app: Flask, tshirt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = app.test_client()
    assert client.get("/products/no-such-camiseta?lang=es").status_code == 404  # index kept
    with app.app_context():
        backend = cache.cache
    read: list[str] = []
    real_get = backend.get
    monkeypatch.setattr(backend, "get", lambda key: read.append(key) or real_get(key))
    assert client.get("/products/another-camiseta?lang=es").status_code == 404
    assert not [key for key in read if "history" in key], read  # the index carries it


def test_a_clashing_slug_stays_with_the_older_entry(box: Sandbox, app: Flask) -> None:
    with cma(box) as client:
        params = {"content_type": "product", "order": "sys.createdAt", "limit": "1000"}
        items = client.get("/entries", params=params).json()["items"]
    live = [e for e in items if e["sys"].get("publishedVersion")]
    older, newer = live[-2], live[-1]
    with slug_rules_added_later(box):
        for item in (older, newer):
            set_slug(box, app, item["sys"]["id"], "es-ES", "taza-compartida")
    try:
        client = app.test_client()
        shown = html(client.get("/products/taza-compartida?lang=es-ES"))
        assert older["fields"]["handle"]["en-US"] in shown.split('hreflang="en-US"')[1][:200]
        handle = newer["fields"]["handle"]["en-US"]
        assert client.get(f"/products/{handle}?lang=es-ES").status_code == 200  # not a 308 loop
    finally:
        for item in (older, newer):
            set_slug(box, app, item["sys"]["id"], "es-ES", None)


def test_collection_slug_redirects_and_nav_links_to_it(box: Sandbox, app: Flask) -> None:
    collection = next(c for c in services.current_for(app).collections() if c.handle == "outdoor")
    set_slug(box, app, collection.id, "es-ES", "aire-libre", taxonomy=True)
    try:
        client = app.test_client()
        page = html(client.get("/collections/aire-libre?lang=es-ES"))
        assert links(page, "canonical") == [f"{PUBLIC}/collections/aire-libre?lang=es-ES"]
        assert '/collections/aire-libre?lang=es-ES"' in page  # the navigation's link
        moved = client.get("/collections/outdoor?lang=es-ES&page=1")
        assert moved.status_code == 308
        assert moved.headers["Location"] == "/collections/aire-libre?lang=es-ES&page=1"
        english = client.get("/collections/aire-libre?lang=en-US")
        assert english.headers["Location"] == "/collections/outdoor?lang=en-US"
    finally:
        set_slug(box, app, collection.id, "es-ES", None, taxonomy=True)


def test_cart_works_from_the_spanish_url(app: Flask, tshirt: str) -> None:
    client = BrowserClient(app, app.response_class, use_cookies=True)
    page = html(client.get(f"/products/{SPANISH}?lang=es-ES"))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-M-WHT")}
    added = client.post("/cart/add?lang=es-ES", data={**form, "quantity": "1"})
    assert added.status_code in (302, 303)
    cart = html(client.get("/cart?lang=es-ES"))
    assert 'data-sku="OCT-M-WHT"' in cart
    assert client.get(f"/products/{TSHIRT}?lang=es-ES").status_code == 308


def test_spanish_url_still_works_while_contentful_is_down(
    box: Sandbox, app: Flask, tshirt: str
) -> None:
    client = app.test_client()
    assert client.get(f"/products/{SPANISH}?lang=es").status_code == 200
    set_faults(box, "cda", error_rate=1.0)
    try:
        with app.app_context():  # the index must be rebuilt, and cannot
            purger.for_app(app).purge_product(tshirt, slugs_changed=True)
        response = client.get(f"/products/{SPANISH}?lang=es")
        assert response.status_code == 200
        assert links(html(response), "canonical") == [f"{PUBLIC}/products/{SPANISH}?lang=es-ES"]
    finally:
        set_faults(box, "cda")
