"""Degraded pages (content missing or stale) are short-lived and never kept by a shared cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import cache, loader, pagecache
from tests.functional.storefront_helpers import TSHIRT, heal, html, set_faults, storefront

PAGE = f"/products/{TSHIRT}?lang=es"


@pytest.fixture(autouse=True)
def healthy(box: Sandbox) -> Iterator[None]:
    yield
    heal(box)


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    with storefront(box) as application:
        yield application


def assert_not_shared(response: Any) -> None:
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert "private" in directives and "public" not in directives, directives
    max_age = [int(d.split("=")[1]) for d in directives if d.startswith("max-age=")]
    assert "no-cache" in directives or (max_age and max_age[0] <= 10), directives
    assert "ETag" not in response.headers


@pytest.mark.parametrize("path", [f"/products/{TSHIRT}", "/"])
def test_contentful_down_page_is_private_and_short_lived(
    app: Flask, box: Sandbox, path: str
) -> None:
    set_faults(box, "cda", error_rate=1)
    response = app.test_client().get(path)
    assert response.status_code == 200 and 'class="notice"' in html(response)
    assert_not_shared(response)


def test_stale_page_is_private_and_short_lived(
    app: Flask, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = app.test_client()
    assert client.get(PAGE).status_code == 200
    for name in ("PRODUCT_TTL", "CONTENT_TTL", "LISTING_TTL"):
        monkeypatch.setattr(loader, name, 0.0)
    monkeypatch.setattr(pagecache, "PAGE_TTL", 0)
    monkeypatch.setattr(cache, "SWR_WINDOW", 0)  # past the stale-while-revalidate window
    set_faults(box, "medusa", error_rate=1)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert_not_shared(response)


def test_healthy_page_is_still_public_with_an_etag(app: Flask) -> None:
    response = app.test_client().get(PAGE.split("?")[0])
    assert response.headers["Cache-Control"].startswith("public")
    assert "ETag" in response.headers
