"""Stale-while-revalidate: a copy just past its TTL is served at once and refreshed behind it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import cache, loader, pagecache
from tests.functional.storefront_helpers import html, rename_product, storefront

HANDLE = "linen-napkin-set"  # not in Contentful: the title is Medusa's
PAGE = f"/products/{HANDLE}?lang=en"


@pytest.fixture
def app(box: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setattr(pagecache, "PAGE_TTL", 0)  # whole pages off: watch the data cache
    monkeypatch.setattr(loader, "PRODUCT_TTL", 0.5)
    with storefront(box) as application:
        yield application
    rename_product(box, HANDLE, "Linen Napkin Set")


def shows(client: Any, title: str) -> bool:
    return title in html(client.get(PAGE))


def test_a_copy_just_past_its_ttl_is_served_then_refreshed(app: Flask, box: Sandbox) -> None:
    client = app.test_client()
    assert shows(client, "Linen Napkin Set")
    rename_product(box, HANDLE, "Stonewashed Napkins")
    time.sleep(0.6)  # past the TTL, within the stale-while-revalidate window
    assert shows(client, "Linen Napkin Set"), "served at once from the copy"
    deadline = time.monotonic() + 10
    while not shows(client, "Stonewashed Napkins") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shows(client, "Stonewashed Napkins"), "refreshed behind it, with no purge"


def test_a_copy_past_the_window_is_fetched_before_answering(
    app: Flask, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "SWR_WINDOW", 0.1)
    client = app.test_client()
    assert shows(client, "Linen Napkin Set")
    rename_product(box, HANDLE, "Stonewashed Napkins")
    time.sleep(0.7)
    assert shows(client, "Stonewashed Napkins")
