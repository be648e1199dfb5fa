"""The whole-page cache: anonymous visitors only, complete pages only, emptied by a purge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import cache, purger, services
from tests.functional.storefront_helpers import (
    TSHIRT,
    csrf_token,
    html,
    product_id,
    set_faults,
    spy_product_renders,
    storefront,
    variant_id,
)

PAGE = f"/products/{TSHIRT}?lang=de"


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    """A fresh app per test: each starts with empty caches."""
    with storefront(box) as application:
        yield application


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every product page actually built (not replayed from the page cache)."""
    return spy_product_renders(monkeypatch)


def test_anonymous_repeat_is_replayed_byte_for_byte(client: Any, renders: list[str]) -> None:
    first, second = client.get(PAGE), client.get(PAGE)
    assert first.get_data() == second.get_data()
    assert second.headers["Cache-Control"].startswith("public")
    assert renders == [TSHIRT]


def test_other_locale_or_query_is_another_page(client: Any, renders: list[str]) -> None:
    client.get(PAGE)
    assert "Camiseta" in html(client.get(f"/products/{TSHIRT}?lang=es"))
    assert renders == [TSHIRT, TSHIRT]


def test_visitors_with_a_session_are_never_served_a_shared_page(
    client: Any, renders: list[str]
) -> None:
    page = html(client.get(PAGE))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
    assert (
        client.post("/cart/add", data=form, headers={"Origin": "http://localhost"}).status_code
        == 302
    )
    mine = html(client.get(PAGE))
    assert renders == [TSHIRT, TSHIRT]
    assert 'class="badge">1<' in mine


def test_a_purge_empties_the_page_cache(
    app: Flask, client: Any, box: Sandbox, renders: list[str]
) -> None:
    client.get(PAGE)
    purge = purger.for_app(app)
    with app.app_context():
        purge.purge_product(product_id(box, TSHIRT))
    assert purge.last_rewarm is not None  # rendered again in the background (re-warm)
    purge.last_rewarm.result(timeout=30)
    client.get(PAGE)
    assert renders == [TSHIRT, TSHIRT]


def test_degraded_pages_are_not_stored(client: Any, box: Sandbox, renders: list[str]) -> None:
    set_faults(box, "cda", error_rate=1)
    try:
        client.get(PAGE)
    finally:
        set_faults(box, "cda")
    with client.application.app_context():
        cache.cache.delete(cache.content_key(TSHIRT))
    # Contentful is back; the breaker the failures opened would close at its next probe.
    services.current_for(client.application).delivery.breaker.success()
    assert "Bio-Baumwoll-T-Shirt" in html(client.get(PAGE))
    assert renders == [TSHIRT, TSHIRT]
