"""A small demo catalog shaped like the recorded Medusa seed, and the seeded-sandbox helpers
the Medusa tests share (plus the checks on seeding itself)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.medusa import seed
from sandbox.server import Sandbox
from tests.conftest import sandbox_config

# The recording's seed (docs/reference/medusa-v2.md): same regions, channel, products and stock.
CATALOG: dict[str, Any] = {
    "locales": [{"code": "en-US", "name": "English", "default": True, "fallbackCode": None}],
    "regions": [
        {"key": "eur", "name": "Europe", "currency_code": "eur", "countries": ["es", "de", "fr"],
         "tax_rates": {"es": 21, "de": 19, "fr": 20}},
        {"key": "usd", "name": "United States", "currency_code": "usd", "countries": ["us"],
         "tax_rates": {"us": 0}},
    ],
    "shipping_options": [{"name": "Standard Shipping", "prices": {"eur": 4.95, "usd": 5.95}}],
    "collections": [{"handle": "summer-essentials", "title": "Summer Essentials"}],
    "categories": [
        {"handle": "apparel", "name": "Apparel", "parent": None},
        {"handle": "t-shirts", "name": "T-Shirts", "parent": "apparel"},
        {"handle": "organic", "name": "Organic", "parent": None},
    ],
    "tags": ["organic", "cotton", "summer"],
    "types": ["T-Shirt"],
    "products": [
        {
            "handle": "organic-cotton-tshirt", "title": "Organic Cotton T-Shirt",
            "subtitle": "Soft, breathable, GOTS-certified",
            "description": "A classic crew-neck T-shirt made from 100% organic cotton.",
            "material": "100% organic cotton", "weight": 200, "status": "published",
            "origin_country": "pt", "metadata": {"fit": "regular"},
            "type": "T-Shirt", "collection": "summer-essentials",
            "categories": ["t-shirts", "organic"], "tags": ["organic", "cotton", "summer"],
            "picture": {"background": "#e8e2d0", "accent": "#2f6b4f", "motif": "tshirt"},
            "options": [{"title": "Size", "values": ["S", "M", "L"]},
                        {"title": "Color", "values": ["White", "Black"]}],
            "variants": [
                {"sku": "OCT-S-WHT", "title": "S / White",
                 "options": {"Size": "S", "Color": "White"},
                 "prices": {"eur": 29.99, "usd": 29.99}, "manage_inventory": True, "inventory": 100,
                 "weight": 200},
                {"sku": "OCT-M-WHT", "title": "M / White",
                 "options": {"Size": "M", "Color": "White"},
                 "prices": {"eur": 29.99, "usd": 29.99}, "manage_inventory": True, "inventory": 25,
                 "weight": 200},
                {"sku": "OCT-L-BLK", "title": "L / Black",
                 "options": {"Size": "L", "Color": "Black"},
                 "prices": {"eur": 32.99, "usd": 32.99}, "manage_inventory": True, "inventory": 0,
                 "weight": 210},
            ],
        },
        {
            "handle": "linen-summer-shirt", "title": "Linen Summer Shirt",
            "subtitle": "Lightweight linen", "description": "Short-sleeved linen shirt.",
            "material": "linen", "weight": 180, "status": "published",
            "collection": "summer-essentials", "categories": [], "tags": ["summer"],
            "picture": {"background": "#f0ead6", "accent": "#8a6d3b", "motif": "shirt"},
            "options": [{"title": "Size", "values": ["M"]}],
            "variants": [{"sku": "LSS-M", "title": "M", "options": {"Size": "M"},
                          "prices": {"eur": 49, "usd": 55}, "manage_inventory": False}],
        },
        {
            "handle": "canvas-tote-bag", "title": "Canvas Tote Bag", "description": "Sturdy tote.",
            "material": "cotton canvas", "weight": 300, "status": "published",
            "categories": [], "tags": [],
            "options": [{"title": "Default", "values": ["Default"]}],
            "variants": [{"sku": "CTB-1", "title": "Default", "options": {"Default": "Default"},
                          "prices": {"eur": 15.5, "usd": 17}, "manage_inventory": True,
                          "inventory": 40}],
        },
        {
            "handle": "unreleased-hoodie", "title": "Unreleased Hoodie", "description": "Soon.",
            "status": "draft", "categories": [], "tags": [],
            "options": [{"title": "Size", "values": ["M"]}],
            "variants": [{"sku": "UH-M", "title": "M", "options": {"Size": "M"},
                          "prices": {"eur": 59, "usd": 65}, "manage_inventory": True,
                          "inventory": 10}],
        },
    ],
}  # fmt: skip


class Medusa:
    """A started sandbox seeded with CATALOG, plus the ids and clients tests need."""

    def __init__(self, box: Sandbox, handles: dict[str, str]) -> None:
        self.box = box
        self.url = box.urls["medusa"]
        self.config = box.context.config  # type: ignore[union-attr]
        self.handles = handles
        self.store = httpx.Client(
            base_url=self.url, headers={"x-publishable-api-key": self.config.publishable_key}
        )
        self.admin = httpx.Client(base_url=self.url, auth=(self.config.api_key, ""))

    def region(self, key: str) -> str:
        """The sandbox id of a catalog region."""
        return seed.seeded_id("reg", key)

    def variant(self, sku: str) -> str:
        """The sandbox id of a variant, by SKU."""
        return seed.seeded_id("variant", sku)

    def close(self) -> None:
        """Close the HTTP clients and stop the sandbox (a second stop does nothing)."""
        self.store.close()
        self.admin.close()
        self.box.stop()


def start(data_dir: Path, catalog: dict[str, Any] | None = None, **overrides: Any) -> Medusa:
    """Start an unseeded sandbox and load a catalog into its Medusa side."""
    box = Sandbox(sandbox_config(data_dir, seed=False, **overrides)).start()
    assert box.context is not None
    handles = seed.load(box.context, copy.deepcopy(catalog or CATALOG))
    return Medusa(box, handles)


@pytest.fixture
def medusa(tmp_path: Path) -> Iterator[Medusa]:
    """A fresh seeded Medusa sandbox for one test."""
    md = start(tmp_path / "md")
    yield md
    md.close()
    md.box.stop()


@pytest.fixture(scope="module")
def shared_medusa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Medusa]:
    """One seeded Medusa sandbox for a module's tests that leave the catalog as it is."""
    md = start(Path(tmp_path_factory.mktemp("md")))
    yield md
    md.close()
    md.box.stop()


def test_seeded_ids_are_stable_across_machines(tmp_path: Path) -> None:
    first, second = start(tmp_path / "a"), start(tmp_path / "b")
    try:
        assert first.handles == second.handles
        assert first.handles["organic-cotton-tshirt"].startswith("prod_")
        assert len(first.handles["organic-cotton-tshirt"]) == len("prod_") + 26
        a = first.admin.get(f"/admin/products/{first.handles['organic-cotton-tshirt']}").json()
        b = second.admin.get(f"/admin/products/{second.handles['organic-cotton-tshirt']}").json()
        assert [v["id"] for v in a["product"]["variants"]] == [
            v["id"] for v in b["product"]["variants"]
        ]
    finally:
        for md in (first, second):
            md.close()
            md.box.stop()


def test_seed_links_the_key_to_the_channel_and_writes_no_events(medusa: Medusa) -> None:
    channels = medusa.admin.get("/admin/sales-channels").json()
    assert [c["name"] for c in channels["sales_channels"]] == ["Python Storefront"]
    assert channels["limit"] == 20
    assert not medusa.config.events_path.exists()
    body = medusa.store.get("/store/products").json()
    assert [p["handle"] for p in body["products"]] == [
        "organic-cotton-tshirt",
        "linen-summer-shirt",
        "canvas-tote-bag",
    ]
    thumb = body["products"][0]["thumbnail"]
    assert thumb == f"{medusa.url}/static/organic-cotton-tshirt.svg"
    assert body["products"][0]["images"][0]["url"] == thumb
