"""A slug published in Contentful reaches the storefront through the real signed webhook: the new
URL answers at once, the handle and the previous slug redirect (308) to it, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.storefront_helpers import TSHIRT, edit_entry
from tests.functional.test_webhook_flow import Env, serving, wait_for_deliveries


@pytest.fixture
def env(make_sandbox: Any, tmp_path: Path) -> Iterator[Env]:
    box = make_sandbox(data_dir=tmp_path / "sandbox")
    with serving(box, tmp_path) as running:
        yield running


def publish_slug(env: Env, slug: str) -> None:
    """A translator's es-ES slug, published; the webhook deliveries awaited."""
    edit_entry(
        env.box, env.pid, lambda fields: fields.setdefault("slug", {}).update({"es-ES": slug})
    )
    wait_for_deliveries(env.box)


def get(env: Env, path: str) -> httpx.Response:
    return httpx.get(f"{env.url}{path}", timeout=10, follow_redirects=False)


def test_slug_publishes_purge_and_old_urls_keep_redirecting(env: Env) -> None:
    assert get(env, f"/products/{TSHIRT}?lang=es").status_code == 200  # cached as the handle
    publish_slug(env, "camiseta-de-algodon-organico")
    assert get(env, "/products/camiseta-de-algodon-organico?lang=es").status_code == 200
    moved = get(env, f"/products/{TSHIRT}?lang=es")
    assert (moved.status_code, moved.headers["location"]) == (
        308, "/products/camiseta-de-algodon-organico?lang=es",
    )  # fmt: skip
    publish_slug(env, "camiseta-organica")
    first = get(env, "/products/camiseta-de-algodon-organico?lang=es")
    assert (first.status_code, first.headers["location"]) == (
        308, "/products/camiseta-organica?lang=es",
    )  # fmt: skip
    assert get(env, "/products/camiseta-organica?lang=es").status_code == 200
    sitemap = get(env, "/sitemap.xml").text
    assert "/products/camiseta-organica?lang=es-ES" in sitemap.replace("&amp;", "&")
    assert env.medusa_title() == "Organic Cotton T-Shirt"  # a slug never goes back to Medusa
