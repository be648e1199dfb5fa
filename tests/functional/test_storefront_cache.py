"""Caching: upstream data cache, HTTP validators and headers, and the per-product purge."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import purger
from tests.functional.storefront_helpers import (
    TSHIRT,
    count_requests,
    edit_entry,
    html,
    product_id,
    rename_product,
    storefront,
)

PAGE = f"/products/{TSHIRT}"


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    """A fresh app (empty cache) per test."""
    with storefront(box) as application:
        yield application


def heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page)
    assert found
    return found.group(1)


@pytest.mark.parametrize("path", [PAGE, "/", "/collections/outdoor"])
def test_second_request_is_served_from_cache(app: Flask, box: Sandbox, path: str) -> None:
    """Upstream requests counted with an httpx request hook on the app's clients."""
    requests = count_requests(app)
    assert app.test_client().get(path).status_code == 200
    assert requests.to(box.urls["medusa"], "/store/products")
    assert requests.to(box.urls["cda"], "/entries")
    requests.clear()
    assert app.test_client().get(path).status_code == 200  # another visitor
    assert requests.seen == []


def test_other_locale_reuses_cached_content(app: Flask, box: Sandbox) -> None:
    app.test_client().get(PAGE)
    requests = count_requests(app)
    app.test_client().get(f"{PAGE}?lang=de")
    assert requests.to(box.urls["cda"], "/entries") == []  # content is cached for every locale
    assert len(requests.to(box.urls["medusa"], "/store/products")) == 1  # EUR region prices


def test_etag_and_if_none_match_give_304(client: Any) -> None:
    first = client.get(PAGE)
    etag = first.headers.get("ETag")
    assert first.status_code == 200 and etag
    again = client.get(PAGE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers.get("ETag") == etag
    assert client.get(PAGE, headers={"If-None-Match": '"other"'}).status_code == 200


def test_etag_differs_per_locale(client: Any) -> None:
    english = client.get(PAGE).headers["ETag"]
    spanish = client.get(f"{PAGE}?lang=es").headers["ETag"]
    assert english != spanish
    assert client.get(f"{PAGE}?lang=es", headers={"If-None-Match": english}).status_code == 200


def test_cache_control_headers(client: Any) -> None:
    for path in (PAGE, "/", "/collections/outdoor"):
        control = client.get(path).headers["Cache-Control"]
        assert control.startswith("public") and "max-age=" in control, path
    missing = client.get("/products/nope").headers["Cache-Control"]
    assert "public" not in missing
    assert client.get("/sitemap.xml").headers["Cache-Control"].startswith("public")


def test_public_pages_do_not_set_the_session_cookie(client: Any) -> None:
    response = client.get(PAGE)
    assert response.headers["Cache-Control"].startswith("public")
    cookies = response.headers.getlist("Set-Cookie")
    assert not any(c.startswith("session=") for c in cookies), cookies


def test_purge_shows_a_new_medusa_title(app: Flask, client: Any, box: Sandbox) -> None:
    handle = "linen-napkin-set"  # not in Contentful: the title is Medusa's
    assert heading(html(client.get(f"/products/{handle}"))) == "Linen Napkin Set"
    grid = html(client.get("/?page=2"))
    assert "Linen Napkin Set" in grid or "Linen Napkin Set" in html(client.get("/"))
    rename_product(box, handle, "Stonewashed Napkins")
    assert heading(html(client.get(f"/products/{handle}"))) == "Linen Napkin Set"  # cached
    purger.for_app(app).purge_product(product_id(box, handle))
    assert heading(html(client.get(f"/products/{handle}"))) == "Stonewashed Napkins"
    grids = html(client.get("/")) + html(client.get("/?page=2"))
    assert "Stonewashed Napkins" in grids and "Linen Napkin Set" not in grids


def test_purge_shows_new_contentful_text(app: Flask, client: Any, box: Sandbox) -> None:
    pid = product_id(box, TSHIRT)
    first = client.get(f"{PAGE}?lang=es")
    assert heading(html(first)) == "Camiseta de Algodón Orgánico"

    def retitle(fields: dict[str, Any]) -> None:
        fields["title"]["es-ES"] = "Camiseta Renovada"

    edit_entry(box, pid, retitle)
    assert heading(html(client.get(f"{PAGE}?lang=es"))) == "Camiseta de Algodón Orgánico"
    purger.for_app(app).purge_product(pid)
    response = client.get(f"{PAGE}?lang=es", headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 200  # the old ETag no longer matches
    assert heading(html(response)) == "Camiseta Renovada"
