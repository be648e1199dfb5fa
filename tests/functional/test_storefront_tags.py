"""Cache tags: each response names what it shows; a purge drops only the pages that show it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.medusa.ids import seeded_id
from sandbox.server import Sandbox
from storefront import merge, pagecache, purger, tags
from tests.functional.storefront_helpers import (
    SAME_ORIGIN,
    TSHIRT,
    csrf_token,
    html,
    product_id,
    spy_product_renders,
    storefront,
    variant_id,
)

SHIRT = "linen-summer-shirt"
SUMMER = seeded_id("pcol", "summer-essentials")


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    """A fresh app per test: each starts with an empty page cache."""
    with storefront(box) as application:
        yield application


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every product page actually built (not replayed from the page cache)."""
    return spy_product_renders(monkeypatch)


def tag_set(response: Any) -> set[str]:
    assert response.headers["xkey"] == response.headers["Surrogate-Key"]
    return set(response.headers["xkey"].split())


def purge(app: Flask, box: Sandbox, handle: str) -> None:
    """Purge a product and wait for the background re-warm of its pages."""
    purge = purger.for_app(app)
    with app.app_context():
        purge.purge_product(product_id(box, handle))
    if purge.last_rewarm is not None:
        purge.last_rewarm.result(timeout=30)


def test_product_page_is_tagged_with_its_id_and_the_navigation(client: Any, box: Sandbox) -> None:
    tagged = tag_set(client.get(f"/products/{TSHIRT}?lang=es"))
    assert tagged == {product_id(box, TSHIRT), tags.NAV}


def test_replayed_page_keeps_its_tags(client: Any, renders: list[str]) -> None:
    first, second = (client.get(f"/products/{TSHIRT}?lang=de") for _ in range(2))
    assert renders == [TSHIRT]
    assert tag_set(first) == tag_set(second)


def test_listing_is_tagged_with_every_product_it_shows(client: Any, box: Sandbox) -> None:
    tagged = tag_set(client.get("/collections/summer-essentials?lang=en"))
    assert {tags.LISTING, tags.NAV, product_id(box, TSHIRT)} <= tagged
    assert any(name.startswith("pcol_") for name in tagged)


def test_sitemap_is_tagged(client: Any) -> None:
    assert tags.SITEMAP in tag_set(client.get("/sitemap.xml"))


def test_private_pages_carry_no_tags(client: Any) -> None:
    page = html(client.get(f"/products/{TSHIRT}?lang=de"))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
    assert client.post("/cart/add", data=form, headers=SAME_ORIGIN).status_code == 302
    response = client.get("/cart")
    assert response.headers["Cache-Control"].startswith("private")
    assert "xkey" not in response.headers and "Surrogate-Key" not in response.headers


def test_a_purge_drops_only_the_pages_that_show_the_product(
    app: Flask, client: Any, box: Sandbox, renders: list[str]
) -> None:
    for handle in (TSHIRT, SHIRT, TSHIRT, SHIRT):
        client.get(f"/products/{handle}?lang=de")
    assert renders == [TSHIRT, SHIRT]
    purge(app, box, TSHIRT)
    for handle in (TSHIRT, SHIRT):
        client.get(f"/products/{handle}?lang=de")
    assert renders == [TSHIRT, SHIRT, TSHIRT]


def test_a_collection_change_purges_the_navigation_a_product_change_does_not(
    app: Flask, client: Any, box: Sandbox, renders: list[str]
) -> None:
    for handle in (TSHIRT, SHIRT):
        assert tags.NAV in tag_set(client.get(f"/products/{handle}?lang=de"))
    purge(app, box, TSHIRT)
    client.get(f"/products/{SHIRT}?lang=de")
    assert renders.count(SHIRT) == 1  # another product's page, nav and all, is still a hit
    with app.app_context():
        purger.for_app(app).purge_taxonomy(SUMMER)
    client.get(f"/products/{SHIRT}?lang=de")
    assert renders.count(SHIRT) == 2  # the navigation on it shows the collection


@pytest.fixture
def grids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The product ids of every grid card actually built (not replayed)."""
    built: list[str] = []
    original = merge.card

    def spy(product: Any, entry: Any, loc: Any) -> Any:
        built.append(product.id)
        return original(product, entry, loc)

    monkeypatch.setattr("storefront.views.catalog.card", spy)
    return built


def test_a_product_never_seen_refreshes_the_grids(
    app: Flask, client: Any, grids: list[str]
) -> None:
    client.get("/?lang=en")
    shown = len(grids)
    client.get("/?lang=en")
    assert len(grids) == shown
    with app.app_context():
        purger.for_app(app).purge_product("prod_01NEWPRODUCTNOTSEENYET0000")
    client.get("/?lang=en")
    assert len(grids) == 2 * shown


def test_a_known_product_purges_only_the_grids_that_show_it(
    app: Flask, client: Any, box: Sandbox, grids: list[str]
) -> None:
    client.get("/collections/summer-essentials?lang=en")
    client.get("/collections/home-living?lang=en")
    client.get(f"/products/{TSHIRT}?lang=en")  # now known by id
    summer = grids.count(product_id(box, TSHIRT))
    assert summer == 1
    built = len(grids)
    purge(app, box, TSHIRT)
    client.get("/collections/summer-essentials?lang=en")
    client.get("/collections/home-living?lang=en")
    assert grids.count(product_id(box, TSHIRT)) == 2
    assert len(grids) - built < built  # the other collection was replayed


def test_a_purge_while_a_page_renders_keeps_that_page_out_of_the_cache(
    app: Flask, client: Any, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = merge.product_view
    tshirt = product_id(box, TSHIRT)

    def purge_midway(product: Any, entry: Any, loc: Any) -> Any:
        built.append(product.handle)
        if len(built) == 1:
            pagecache.purge_tags([tshirt])  # data was read before this purge
        return original(product, entry, loc)

    monkeypatch.setattr("storefront.views.product.product_view", purge_midway)
    for _ in range(3):
        client.get(f"/products/{TSHIRT}?lang=de")
    assert built == [TSHIRT, TSHIRT]


def test_search_results_are_tagged_with_the_products_they_show(client: Any, box: Sandbox) -> None:
    tagged = tag_set(client.get("/search?q=camiseta&lang=es"))
    assert {tags.LISTING, product_id(box, TSHIRT)} <= tagged
