"""The guest checkout on the sandbox Medusa, route by route, as Medusa 2.21 answers it.

Cart -> address -> shipping option -> payment collection and session -> complete -> order, with
stock reserved, the ``order.placed`` event, idempotent completion, the refusals, parallel
add-to-cart on one cart, and the cart's ``fields`` parameter.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sandbox.test_medusa_catalog import Medusa, start

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "medusa-v2"
ADDRESS = {"first_name": "Ana", "last_name": "Muster", "address_1": "Hauptstr. 1",
           "city": "Berlin", "postal_code": "10115", "country_code": "de"}  # fmt: skip


@pytest.fixture(scope="module")
def md(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Medusa]:
    """One sandbox for the module; each test makes its own carts."""
    sandbox = start(tmp_path_factory.mktemp("checkout"))
    yield sandbox
    sandbox.close()


def cart_with(md: Medusa, sku: str = "OCT-S-WHT", quantity: int = 1, region: str = "eur") -> str:
    """A new cart holding one line, with an email and a German address."""
    cart = md.store.post("/store/carts", json={"region_id": md.region(region)}).json()["cart"]
    line = {"variant_id": md.variant(sku), "quantity": quantity}
    md.store.post(f"/store/carts/{cart['id']}/line-items", json=line).raise_for_status()
    address = ADDRESS if region == "eur" else {**ADDRESS, "country_code": "us"}
    body = {"email": "ana@example.com", "shipping_address": address}
    md.store.post(f"/store/carts/{cart['id']}", json=body).raise_for_status()
    return str(cart["id"])


def ready(md: Medusa, cart_id: str) -> dict[str, Any]:
    """Shipping option chosen and a pp_system_default session started; the payment collection."""
    options = md.store.get("/store/shipping-options", params={"cart_id": cart_id}).json()
    option_id = options["shipping_options"][0]["id"]
    md.store.post(f"/store/carts/{cart_id}/shipping-methods", json={"option_id": option_id})
    collection = md.store.post("/store/payment-collections", json={"cart_id": cart_id}).json()
    pid = collection["payment_collection"]["id"]
    session = md.store.post(
        f"/store/payment-collections/{pid}/payment-sessions",
        json={"provider_id": "pp_system_default"},
    )
    assert session.status_code == 200, session.text
    result: dict[str, Any] = session.json()["payment_collection"]
    return result


def stock(md: Medusa, sku: str) -> int:
    """The Store API's inventory_quantity of a variant."""
    handle = "canvas-tote-bag" if sku == "CTB-1" else "organic-cotton-tshirt"
    body = md.store.get("/store/products", params={
        "handle": handle, "region_id": md.region("eur"),
        "fields": "*variants.calculated_price,+variants.inventory_quantity"}).json()  # fmt: skip
    return next(v["inventory_quantity"] for v in body["products"][0]["variants"] if v["sku"] == sku)


def fault(md: Medusa, mode: str | None, times: int = 1) -> None:
    """Make the next completions fail through the sandbox's checkout fault control."""
    md.admin.post("/_sandbox/checkout-faults", json={"complete": mode, "times": times})


def test_whole_checkout_creates_one_order_and_reserves_stock(md: Medusa) -> None:
    before = stock(md, "OCT-S-WHT")
    cart_id = cart_with(md, quantity=1)
    collection = ready(md, cart_id)
    assert collection["amount"] == 41.5786  # (29.99 + 4.95) * 1.19, unrounded as Medusa
    assert collection["payment_sessions"][0]["provider_id"] == "pp_system_default"
    cart = md.store.get(f"/store/carts/{cart_id}").json()["cart"]
    assert cart["shipping_total"] == 5.8905 and cart["total"] == 41.5786
    assert "name" not in cart["shipping_methods"][0]  # a real 2.21 prints it on request only
    named = md.store.get(f"/store/carts/{cart_id}", params={"fields": "+shipping_methods.name"})
    assert named.json()["cart"]["shipping_methods"][0]["name"] == "Standard Shipping"
    assert cart["shipping_methods"][0]["tax_lines"][0]["rate"] == 19
    assert cart["payment_collection"]["id"] == collection["id"]  # what the JS SDK reads
    assert cart["payment_collection"]["amount"] == 41.5786

    done = md.store.post(f"/store/carts/{cart_id}/complete")
    assert done.status_code == 200
    body = done.json()
    assert body["type"] == "order"
    order = body["order"]
    assert order["id"].startswith("order_") and isinstance(order["display_id"], int)
    assert order["email"] == "ana@example.com" and order["currency_code"] == "eur"
    assert order["total"] == 41.5786 and order["items"][0]["variant_sku"] == "OCT-S-WHT"
    assert order["shipping_address"]["country_code"] == "de"
    assert stock(md, "OCT-S-WHT") == before - 1

    again = md.store.post(f"/store/carts/{cart_id}/complete").json()
    assert again["type"] == "order" and again["order"]["id"] == order["id"]
    assert stock(md, "OCT-S-WHT") == before - 1
    completed = md.store.get(f"/store/carts/{cart_id}").json()["cart"]
    assert completed["completed_at"] is not None

    listed = md.admin.get("/admin/orders", params={"q": "ana@example.com"}).json()
    assert order["id"] in [o["id"] for o in listed["orders"]]
    one = md.admin.get(f"/admin/orders/{order['id']}")
    assert one.status_code == 200 and one.json()["order"]["display_id"] == order["display_id"]
    assert md.admin.get("/admin/orders/order_nope").status_code == 404
    mine = md.store.get(f"/store/orders/{order['id']}").json()["order"]
    assert mine["display_id"] == order["display_id"] and mine["total"] == 41.5786
    assert md.store.get("/store/orders/order_nope").status_code == 404
    assert httpx.get(f"{md.url}/admin/orders").status_code == 401


def test_order_placed_event_is_emitted(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    order = md.store.post(f"/store/carts/{cart_id}/complete").json()["order"]
    with sqlite3.connect(md.config.events_path) as db:
        rows = db.execute("SELECT event, id, payload FROM events WHERE event='order.placed'")
        found = [(event, id, json.loads(payload)["data"]) for event, id, payload in rows]
    assert ("order.placed", order["id"], {"id": order["id"]}) in found


def test_parallel_completion_makes_exactly_one_order(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    before = stock(md, "OCT-S-WHT")
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: md.store.post(f"/store/carts/{cart_id}/complete"),
                                range(6)))  # fmt: skip
    ids = {a.json()["order"]["id"] for a in answers}
    assert [a.status_code for a in answers] == [200] * 6 and len(ids) == 1
    assert stock(md, "OCT-S-WHT") == before - 1


def test_stock_that_ran_out_refuses_completion_and_keeps_the_cart(md: Medusa) -> None:
    cart_id = cart_with(md, "CTB-1", quantity=2)
    ready(md, cart_id)
    other = cart_with(md, "CTB-1", quantity=stock(md, "CTB-1") - 1)
    ready(md, other)
    assert md.store.post(f"/store/carts/{other}/complete").json()["type"] == "order"
    refused = md.store.post(f"/store/carts/{cart_id}/complete")
    assert refused.status_code == 400
    recorded = json.loads((FIXTURES / "error_cart_add_out_of_stock.json").read_text())
    assert refused.json() == recorded
    cart = md.store.get(f"/store/carts/{cart_id}").json()["cart"]
    assert cart["completed_at"] is None and cart["items"][0]["quantity"] == 2
    assert stock(md, "CTB-1") == 1


def test_completion_needs_shipping_and_payment(md: Medusa) -> None:
    cart_id = cart_with(md)
    no_shipping = md.store.post(f"/store/carts/{cart_id}/complete")
    assert no_shipping.status_code == 400 and no_shipping.json()["type"] == "invalid_data"
    options = md.store.get("/store/shipping-options", params={"cart_id": cart_id}).json()
    option_id = options["shipping_options"][0]["id"]
    md.store.post(f"/store/carts/{cart_id}/shipping-methods", json={"option_id": option_id})
    no_payment = md.store.post(f"/store/carts/{cart_id}/complete")
    assert no_payment.status_code == 400
    assert no_payment.json()["message"] == "Payment sessions are required to complete cart"


def test_a_changed_cart_drops_the_payment_session(md: Medusa) -> None:
    cart_id = cart_with(md)
    collection = ready(md, cart_id)
    line = {"variant_id": md.variant("OCT-M-WHT"), "quantity": 1}
    md.store.post(f"/store/carts/{cart_id}/line-items", json=line).raise_for_status()
    again = md.store.post("/store/payment-collections", json={"cart_id": cart_id}).json()
    assert again["payment_collection"]["id"] == collection["id"]
    assert again["payment_collection"]["payment_sessions"] == []
    assert again["payment_collection"]["amount"] > collection["amount"]


def test_a_region_change_drops_the_shipping_method_and_the_session(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    body = {"region_id": md.region("usd"), "shipping_address": {**ADDRESS, "country_code": "us"}}
    moved = md.store.post(f"/store/carts/{cart_id}", json=body).json()["cart"]
    assert moved["currency_code"] == "usd" and moved["shipping_methods"] == []
    assert moved["payment_collection"]["currency_code"] == "usd"
    assert moved["payment_collection"]["payment_sessions"] == []


def test_payment_providers_of_a_region(md: Medusa) -> None:
    for key in ("eur", "usd"):
        body = md.store.get("/store/payment-providers", params={"region_id": md.region(key)})
        assert body.json()["payment_providers"] == [{"id": "pp_system_default", "is_enabled": True}]
    assert md.store.get("/store/payment-providers").status_code == 400
    unknown = md.store.get("/store/payment-providers", params={"region_id": "reg_nope"})
    assert unknown.status_code == 404


def test_bad_shipping_option_and_provider_are_refused(md: Medusa) -> None:
    cart_id = cart_with(md)
    bad = md.store.post(f"/store/carts/{cart_id}/shipping-methods", json={"option_id": "so_nope"})
    assert bad.status_code == 400 and bad.json()["type"] == "invalid_data"
    collection = md.store.post("/store/payment-collections", json={"cart_id": cart_id}).json()
    pid = collection["payment_collection"]["id"]
    wrong = md.store.post(
        f"/store/payment-collections/{pid}/payment-sessions", json={"provider_id": "pp_stripe"}
    )
    assert wrong.status_code == 404
    assert md.store.get(f"/store/carts/{cart_id}").json()["cart"]["shipping_methods"] == []


def test_usd_shipping_price(md: Medusa) -> None:
    cart_id = cart_with(md, region="usd")
    options = md.store.get("/store/shipping-options", params={"cart_id": cart_id}).json()
    assert options["shipping_options"][0]["amount"] == 5.95


def test_refused_payment_answers_the_cart_with_its_error(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    fault(md, "refuse")
    refused = md.store.post(f"/store/carts/{cart_id}/complete")
    assert refused.status_code == 200
    body = refused.json()
    assert body["type"] == "cart" and body["cart"]["id"] == cart_id
    assert set(body["error"]) == {"message", "name", "type"}
    assert md.store.post(f"/store/carts/{cart_id}/complete").json()["type"] == "order"


def test_lost_answer_then_retry_gives_the_same_order(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    fault(md, "lost")
    assert md.store.post(f"/store/carts/{cart_id}/complete").status_code == 500
    retried = md.store.post(f"/store/carts/{cart_id}/complete").json()
    listed = md.admin.get("/admin/orders", params={"q": "ana@example.com", "limit": 1000}).json()
    assert [o["id"] for o in listed["orders"]].count(retried["order"]["id"]) == 1


def test_parallel_add_to_cart_keeps_every_line(md: Medusa) -> None:
    cart = md.store.post("/store/carts", json={"region_id": md.region("eur")}).json()["cart"]
    skus = ["OCT-S-WHT", "OCT-M-WHT", "LSS-M"] * 8
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda sku: md.store.post(
            f"/store/carts/{cart['id']}/line-items",
            json={"variant_id": md.variant(sku), "quantity": 1}), skus))  # fmt: skip
    assert [a.status_code for a in answers] == [200] * len(skus)
    items = md.store.get(f"/store/carts/{cart['id']}").json()["cart"]["items"]
    assert sorted((i["variant_sku"], i["quantity"]) for i in items) == [
        ("LSS-M", 8), ("OCT-M-WHT", 8), ("OCT-S-WHT", 8)]  # fmt: skip


def test_cart_fields_parameter(md: Medusa) -> None:
    cart_id = cart_with(md, quantity=2)
    plain = md.store.get(f"/store/carts/{cart_id}").json()["cart"]
    assert "variant" not in plain["items"][0] and "total" not in plain["items"][0]
    wanted = md.store.get(
        f"/store/carts/{cart_id}", params={"fields": "*items.variant,+items.total"}
    ).json()["cart"]
    item = wanted["items"][0]
    assert item["variant"]["sku"] == "OCT-S-WHT" and item["total"] == 71.3762
    assert "subtotal" not in item and wanted["total"] == plain["total"]
    slim = md.store.get(f"/store/carts/{cart_id}", params={"fields": "id,total"}).json()["cart"]
    assert slim == {"id": cart_id, "total": plain["total"]}
    bad = md.store.get(f"/store/carts/{cart_id}", params={"foo": "bar"})
    assert bad.status_code == 400


def test_the_admin_order_list_has_medusas_short_default_and_honours_fields(md: Medusa) -> None:
    # Pinned from a real Medusa 2.21.2: the list leaves out the email, the currency, the
    # addresses and the totals but `total` unless `fields` asks for them.
    cart_id = cart_with(md)
    ready(md, cart_id)
    order = md.store.post(f"/store/carts/{cart_id}/complete").json()["order"]
    listed = md.admin.get("/admin/orders", params={"id": order["id"]}).json()["orders"][0]
    assert sorted(listed) == [
        "created_at", "custom_display_id", "display_id", "fulfillment_status", "id", "items",
        "locale", "metadata", "payment_status", "status", "summary", "total", "updated_at",
        "version",
    ]  # fmt: skip
    assert "variant" not in listed["items"][0] and listed["items"][0]["variant_sku"]
    added = md.admin.get("/admin/orders", params={"id": order["id"], "fields": "+email"}).json()
    assert set(added["orders"][0]) == {*listed, "email"}
    named = md.admin.get("/admin/orders", params={"id": order["id"], "fields": "id,email"}).json()
    assert sorted(named["orders"][0]) == [
        "email", "fulfillment_status", "id", "items", "payment_status", "status", "version",
    ]  # fmt: skip


def test_the_admin_order_is_the_store_order_without_email_and_currency(md: Medusa) -> None:
    # Pinned from a real Medusa 2.21.2 (GET /admin/orders/{id} and GET /store/orders/{id}).
    cart_id = cart_with(md)
    ready(md, cart_id)
    order = md.store.post(f"/store/carts/{cart_id}/complete").json()["order"]
    store = md.store.get(f"/store/orders/{order['id']}").json()["order"]
    admin = md.admin.get(f"/admin/orders/{order['id']}").json()["order"]
    assert set(store) - set(admin) == {"email", "currency_code", "discount_subtotal"}
    assert set(admin) - set(store) == {"locale", "metadata"}
    assert "variant" in admin["items"][0]
    asked = md.admin.get(f"/admin/orders/{order['id']}", params={"fields": "+email"}).json()
    assert asked["order"]["email"] == "ana@example.com"
