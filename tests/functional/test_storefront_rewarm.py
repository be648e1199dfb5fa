"""Re-warm instead of delete: after a change, the next visitor gets the new page from cache."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import pagecache, purger, rewarm
from tests.functional.storefront_helpers import (
    TSHIRT,
    edit_entry,
    html,
    product_id,
    spy_product_renders,
    storefront,
)

SPANISH = f"/products/{TSHIRT}?lang=es"
GERMAN = f"/products/{TSHIRT}"  # the locale from the cookie, not the URL


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    with storefront(box) as application:
        yield application


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The locale of every product page actually built (background re-warms included)."""
    return spy_product_renders(monkeypatch, lambda product, loc: loc.chain[0])


def set_spanish_title(box: Sandbox, title: str) -> None:
    def change(fields: dict[str, Any]) -> None:
        fields["title"]["es-ES"] = title

    edit_entry(box, product_id(box, TSHIRT), change)


def purge_and_wait(app: Flask, box: Sandbox) -> int:
    purge = purger.for_app(app)
    with app.app_context():
        purge.purge_product(product_id(box, TSHIRT))
    assert purge.last_rewarm is not None, "nothing was re-warmed"
    return purge.last_rewarm.result(timeout=30)


def test_a_change_is_rendered_before_the_next_visitor_asks(
    app: Flask, box: Sandbox, renders: list[str]
) -> None:
    client = app.test_client()
    client.get(SPANISH)
    client.set_cookie("lang", "de-DE")
    client.get(GERMAN)
    assert renders == ["es-ES", "de-DE"]
    try:
        set_spanish_title(box, "Camiseta Renovada")
        assert purge_and_wait(app, box) == 2
        assert sorted(renders[2:]) == ["de-DE", "es-ES"]
        visitor = app.test_client()
        page = visitor.get(SPANISH)
        assert "Camiseta Renovada" in html(page)
        assert len(renders) == 4, "the visitor's page came from the re-warmed cache"
    finally:
        set_spanish_title(box, "Camiseta de Algodón Orgánico")


def test_pages_nobody_looked_at_are_not_rendered(
    app: Flask, box: Sandbox, renders: list[str]
) -> None:
    purge = purger.for_app(app)
    with app.app_context():
        purge.purge_product(product_id(box, TSHIRT))
    assert purge.last_rewarm is None and renders == []


def test_a_burst_of_changes_renders_twice_not_each_time(
    app: Flask, box: Sandbox, renders: list[str]
) -> None:
    app.test_client().get(SPANISH)
    purge = purger.for_app(app)
    with app.app_context():
        for _ in range(5):
            purge.purge_product(product_id(box, TSHIRT))
    assert purge.last_rewarm is not None
    purge.last_rewarm.result(timeout=30)  # the follow-up after the lock
    assert renders == ["es-ES", "es-ES", "es-ES"]  # the visit, at once, after the lock


def test_a_change_during_the_lock_is_re_warmed_after_it(
    app: Flask, box: Sandbox, renders: list[str]
) -> None:
    app.test_client().get(SPANISH)
    purge = purger.for_app(app)
    try:
        for title in ("Camiseta Uno", "Camiseta Dos"):
            set_spanish_title(box, title)
            with app.app_context():
                purge.purge_product(product_id(box, TSHIRT))
        assert purge.last_rewarm is not None
        purge.last_rewarm.result(timeout=30)
        built = len(renders)
        assert "Camiseta Dos" in html(app.test_client().get(SPANISH))
        assert len(renders) == built, "the visitor's page came from the re-warmed cache"
    finally:
        set_spanish_title(box, "Camiseta de Algodón Orgánico")


def test_a_late_change_in_the_lock_is_re_warmed_when_the_lock_ends(
    app: Flask, box: Sandbox, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    real_sleep = time.sleep

    class Clock:
        """The time module as ``storefront.rewarm`` sees it, its sleeps recorded."""

        def __getattr__(self, name: str) -> Any:
            return getattr(time, name)

        def sleep(self, seconds: float) -> None:
            waits.append(seconds)
            real_sleep(seconds)

    monkeypatch.setattr(rewarm, "time", Clock())  # the re-warm module's own sleeps only
    app.test_client().get(SPANISH)
    purge, changed = purger.for_app(app), product_id(box, TSHIRT)
    # This app's cache (cachelib's SimpleCache) counts expiry in whole seconds of the clock: a
    # lock taken at x.9 s would end at x+2, 1.1 s later. Take it just after a second begins.
    real_sleep(1.02 - time.time() % 1)
    locked = time.monotonic()
    with app.app_context():
        purge.purge_product(changed)  # takes the lock; re-warms in the background
    real_sleep(max(0.0, locked + 1.2 - time.monotonic()))  # most of the lock gone
    with app.app_context():
        purge.purge_product(changed)
    assert purge.last_rewarm is not None
    assert purge.last_rewarm.result(timeout=30) == 1
    assert len(waits) == 1 and waits[0] < 1.0, waits  # what was left of the lock, not all of it
    assert renders == ["es-ES", "es-ES", "es-ES"]  # the visit, the re-warm, the follow-up


def test_a_page_re_warmed_again_and_again_stays_re_warmed(
    app: Flask, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The list of pages showing a product used to expire PAGE_TTL after the page first came
    # in, however often it was stored since: then a change re-warmed nothing.
    # TTLs count in whole seconds: the first listing ends 3-4 s after it is written, the
    # second (written at 2 s) 5-6 s after.
    monkeypatch.setattr(pagecache, "PAGE_TTL", 4)
    app.test_client().get(SPANISH)
    listed = time.monotonic()
    time.sleep(2)
    purge_and_wait(app, box)  # stores the page again
    time.sleep(max(0.0, listed + 4.5 - time.monotonic()))  # past the first listing's TTL
    with app.app_context():
        assert pagecache.pages_showing([product_id(box, TSHIRT)]) != []
