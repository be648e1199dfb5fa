"""Carts: the same calls on the sandbox and a real Medusa 2.21, and what our client reads of them.

Cart and checkout code in the sandbox belongs to the checkout work; the differences found here are
listed in compare.KNOWN_CART_GAPS (reported, not fixed here). Any other difference fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from storefront.clients.medusa import MedusaStoreClient
from storefront.clients.medusa_models import parse_cart
from tests.real_medusa.compare import cart_diff, region_in, same_error
from tests.real_medusa.servers import Side

TSHIRT = "organic-cotton-tshirt"


def assert_alike(real: httpx.Response, fake: httpx.Response) -> tuple[Any, Any]:
    """Same status; shapes differ only by the known cart gaps."""
    assert (real.status_code, fake.status_code) == (200, 200), (real.text[:300], fake.text[:300])
    diff = cart_diff(real.json(), fake.json())
    assert not diff, "\n".join(diff)
    return real.json(), fake.json()


@pytest.fixture
def carts(both: tuple[Side, Side]) -> Iterator[list[str]]:
    """A new EUR cart on each side."""
    answers = [s.store.post("/store/carts", json={"region_id": s.region()["id"]}) for s in both]
    assert_alike(*answers)
    yield [a.json()["cart"]["id"] for a in answers]


def add(side: Side, cart_id: str, sku: str, quantity: int = 1) -> httpx.Response:
    """Add a T-shirt variant by SKU."""
    variant = side.variant(TSHIRT, sku)["id"]
    body = {"variant_id": variant, "quantity": quantity}
    return side.store.post(f"/store/carts/{cart_id}/line-items", json=body)


def test_add_update_and_what_our_client_reads(both: tuple[Side, Side], carts: list[str]) -> None:
    added = assert_alike(*[add(s, c, "OCT-S-WHT") for s, c in zip(both, carts, strict=True)])
    line_ids = [body["cart"]["items"][0]["id"] for body in added]
    updated = assert_alike(
        *[
            s.store.post(f"/store/carts/{c}/line-items/{line}", json={"quantity": 2})
            for s, c, line in zip(both, carts, line_ids, strict=True)
        ]
    )
    read = [parse_cart(body["cart"]) for body in updated]
    facts = [
        (
            c.currency,
            c.subtotal,
            [(i.sku, i.quantity, i.unit_price, i.product_handle) for i in c.items],
        )
        for c in read
    ]
    assert facts[0] == facts[1]


@pytest.mark.parametrize("quantity", [1, 1000])
def test_out_of_stock_is_a_400(both: tuple[Side, Side], carts: list[str], quantity: int) -> None:
    sku = "OCT-L-BLK" if quantity == 1 else "OCT-S-WHT"
    body = same_error(*[add(s, c, sku, quantity) for s, c in zip(both, carts, strict=True)])
    assert body["code"] == "insufficient_inventory"


def test_address_brings_tax_lines(both: tuple[Side, Side], carts: list[str]) -> None:
    for side, cart in zip(both, carts, strict=True):
        add(side, cart, "OCT-S-WHT").raise_for_status()
    address = {"country_code": "de", "city": "Berlin", "postal_code": "10115"}
    answers = [
        s.store.post(f"/store/carts/{c}", json={"shipping_address": address})
        for s, c in zip(both, carts, strict=True)
    ]
    real, fake = assert_alike(*answers)
    rates = [[t["rate"] for t in b["cart"]["items"][0]["tax_lines"]] for b in (real, fake)]
    assert rates[0] == rates[1] == [19]
    assert real["cart"]["tax_total"] == pytest.approx(fake["cart"]["tax_total"])


def test_unknown_cart_and_region(both: tuple[Side, Side]) -> None:
    same_error(*[s.store.get("/store/carts/cart_does_not_exist") for s in both])
    answers = [s.store.post("/store/carts", json={"region_id": "reg_nope"}) for s in both]
    assert [a.status_code for a in answers] == [404, 404]
    # Known gap: the real message is "No regions found", the sandbox names the id.


def test_our_client_against_both(both: tuple[Side, Side]) -> None:
    for side in both:
        client = MedusaStoreClient(side.url, side.publishable_key, timeout=30)
        region = region_in(client, "eur")
        assert region is not None
        cart = client.create_cart(region.id)
        variant = side.variant(TSHIRT, "OCT-M-WHT")["id"]
        cart = client.add_line_item(cart.id, variant, 1)
        assert [(i.sku, i.quantity) for i in cart.items] == [("OCT-M-WHT", 1)]
        cart = client.delete_line_item(cart.id, cart.items[0].id)
        assert cart.items == ()
        client.close()
