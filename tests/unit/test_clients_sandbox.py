"""Both clients against a real, seeded sandbox over HTTP (one sandbox for the whole module)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from config.settings import Settings
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from storefront.clients import (
    ContentfulDeliveryClient,
    MedusaStoreClient,
    OutOfStock,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)
from storefront.clients.medusa_models import Region
from storefront.locales import LocaleTable
from tests.conftest import sandbox_config

# The sandbox's own credentials (they may differ from config.settings's dev values).
CREDENTIALS = SandboxConfig()
HANDLE = "organic-cotton-tshirt"


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    """One seeded sandbox shared by this module's read-mostly tests (keeps the file fast)."""
    with tempfile.TemporaryDirectory() as tmp:
        sandbox = Sandbox(sandbox_config(Path(tmp))).start()
        yield sandbox
        sandbox.stop()


@pytest.fixture
def medusa(box: Sandbox) -> Iterator[MedusaStoreClient]:
    with MedusaStoreClient(box.urls["medusa"], CREDENTIALS.publishable_key, timeout=5) as client:
        yield client


@pytest.fixture
def cda(box: Sandbox) -> Iterator[ContentfulDeliveryClient]:
    client = ContentfulDeliveryClient(
        box.urls["cda"],
        CREDENTIALS.space_id,
        CREDENTIALS.environment,
        CREDENTIALS.delivery_token,
        timeout=5,
        retry_delay=0.01,
    )
    with client:
        yield client


def region(client: MedusaStoreClient, currency: str) -> Region:
    found = next((r for r in client.regions() if r.currency == currency.lower()), None)
    assert found is not None, f"no {currency} region"
    return found


# -- Medusa -------------------------------------------------------------------------------
def test_regions_by_currency(medusa: MedusaStoreClient) -> None:
    assert {r.currency for r in medusa.regions()} >= {"eur", "usd"}
    assert {"es", "de", "fr"} <= set(region(medusa, "EUR").countries)


@pytest.mark.parametrize("currency", ["eur", "usd"])
def test_product_prices_stock_and_variant_order(medusa: MedusaStoreClient, currency: str) -> None:
    product = medusa.product_by_handle(HANDLE, region(medusa, currency).id)
    assert product is not None
    assert [v.sku for v in product.variants] == ["OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK"]
    assert [v.price for v in product.variants] == [Decimal("29.99")] * 2 + [Decimal("32.99")]
    assert {v.currency for v in product.variants} == {currency}
    assert [v.inventory for v in product.variants] == [100, 25, 0]
    assert {c.handle for c in product.categories} >= {"t-shirts", "organic"}


def test_listing_and_collection(medusa: MedusaStoreClient) -> None:
    eur = region(medusa, "eur").id
    page = medusa.products(eur)
    assert page.count >= 3 and len(page.products) == min(page.count, 50)
    assert {HANDLE, "linen-summer-shirt", "canvas-tote-bag"} <= {p.handle for p in page.products}
    second = medusa.products(eur, limit=2, offset=2)
    assert [p.id for p in second.products] == [p.id for p in page.products[2:4]]
    [collection] = [c for c in medusa.collections() if c.handle == "summer-essentials"]
    assert collection.title == "Summer Essentials"
    in_collection = medusa.products(eur, collection_id=collection.id)
    assert HANDLE in {p.handle for p in in_collection.products}
    assert medusa.product_by_handle("no-such-handle", eur) is None


def test_cart_round_trip(medusa: MedusaStoreClient) -> None:
    eur = region(medusa, "eur").id
    product = medusa.product_by_handle(HANDLE, eur)
    assert product is not None
    cart = medusa.add_line_item(medusa.create_cart(eur).id, product.variants[0].id, 2)
    assert cart.currency == "eur" and cart.items[0].unit_price == Decimal("29.99")
    assert cart.subtotal == Decimal("59.98")
    cart = medusa.update_line_item(cart.id, cart.items[0].id, 3)
    assert medusa.cart(cart.id).item_count == 3
    assert medusa.delete_line_item(cart.id, cart.items[0].id).items == ()
    with pytest.raises(OutOfStock):
        medusa.add_line_item(cart.id, product.variants[2].id, 1)  # OCT-L-BLK has no stock


def test_medusa_errors(box: Sandbox, medusa: MedusaStoreClient) -> None:
    with pytest.raises(UpstreamNotFound):
        medusa.cart("cart_does_not_exist")
    wrong = MedusaStoreClient(box.urls["medusa"], "pk_wrong")
    with wrong, pytest.raises(UpstreamRejected) as caught:
        wrong.regions()
    assert caught.value.status == 400 and caught.value.error_type == "not_allowed"


def test_injected_server_errors_become_unavailable(box: Sandbox) -> None:
    control = box.urls["medusa"] + "/_sandbox/faults"
    httpx.post(control, json={"error_rate": 1.0}).raise_for_status()
    try:
        client = MedusaStoreClient(box.urls["medusa"], CREDENTIALS.publishable_key)
        with client, pytest.raises(UpstreamUnavailable) as caught:
            client.regions()
        assert caught.value.status in (500, 503)
    finally:
        httpx.post(control, json={"error_rate": 0.0}).raise_for_status()


# -- Contentful ---------------------------------------------------------------------------
def test_locales_have_one_default(cda: ContentfulDeliveryClient) -> None:
    locales = cda.locales()
    assert [loc.code for loc in locales if loc.default] == ["en-US"]
    assert {"en-US", "es-ES", "de-DE"} <= {loc.code for loc in locales}


def test_products_by_handle_and_id_in_one_call(cda: ContentfulDeliveryClient) -> None:
    by_handle = cda.products("es-ES", handles=[HANDLE])
    assert [e.value("handle") for e in by_handle.items] == [HANDLE]
    entry = by_handle.items[0]
    assert entry.content_type == "product" and entry.locale == "es-ES"
    assert entry.value("title") == "Camiseta de Algodón Orgánico"
    by_id = cda.products("es-ES", ids=[entry.id, "missing-id"])
    assert list(by_id.by_id()) == [entry.id]


def test_asset_urls_keep_the_sandbox_scheme(cda: ContentfulDeliveryClient) -> None:
    entry = cda.products("en-US", handles=[HANDLE]).items[0]
    url = cda.asset_url(entry.value("heroImage"))
    # The sandbox serves plain http, so a protocol-relative URL must not become https.
    assert url is not None and url.startswith("http://127.0.0.1:")
    assert [cda.asset_url(image) for image in entry.value("images")] != []


def test_contentful_errors(box: Sandbox) -> None:
    wrong = ContentfulDeliveryClient(box.urls["cda"], CREDENTIALS.space_id, "master", "wrong")
    with wrong, pytest.raises(UpstreamRejected) as caught:
        wrong.locales()
    assert (caught.value.status, caught.value.error_type) == (401, "AccessTokenInvalid")


def test_locale_table_from_the_sandboxes_locales(cda: ContentfulDeliveryClient) -> None:
    table = LocaleTable.from_settings(Settings(), cda.locales())
    assert table.default.code == "en-US" and table.get("es-ES").currency == "eur"  # type: ignore[union-attr]
    assert table.select("es_es", None, None) == "es-ES"
    assert table.select(None, None, "de-AT,de;q=0.9") == "de-DE"
    assert table.chain("es-ES")[0] == "es-ES" and table.chain("es-ES")[-1] in table
