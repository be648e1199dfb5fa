"""The guest checkout over HTTP against the sandbox: the flow, and each way it can go wrong.

Spanish shopper, T-shirt, German address, standard shipping, manual payment: one order in
Medusa's Admin API with that email, line and currency; stock down; the confirmation in Spanish;
resubmitting makes no second order. Then sold-out lines, refused and failed completions (the
sandbox's fault control), Medusa down, validation, the currency lock and the signed reference.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from flask import Flask

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import (
    TSHIRT,
    BrowserClient,
    admin,
    assert_no_traceback,
    csrf_token,
    html,
    set_faults,
    set_stock,
    storefront,
    variant_id,
)

ADDRESS = {"first_name": "Ana", "last_name": "Muster", "address_1": "Hauptstr. 1",
           "city": "Berlin", "postal_code": "10115", "country_code": "de", "phone": ""}  # fmt: skip
US_ADDRESS = {**ADDRESS, "address_1": "1 Main St", "city": "Springfield", "postal_code": "62704",
              "province": "IL", "country_code": "us"}  # fmt: skip
NBSP = "\xa0"


@pytest.fixture(scope="module")
def app(box: Sandbox) -> Iterator[Flask]:
    """This module's own app: it places orders and changes stock."""
    with storefront(box) as application:
        application.test_client_class = BrowserClient
        yield application


def fault(box: Sandbox, mode: str | None, times: int = 1) -> None:
    """The sandbox Medusa's completion fault (refuse, error, lost) for the next completions."""
    body = {"complete": mode, "times": times}
    httpx.post(f"{box.urls['medusa']}/_sandbox/checkout-faults", json=body).raise_for_status()


def add(client: Any, sku: str = "OCT-S-WHT", lang: str = "es", quantity: int = 1) -> None:
    page = html(client.get(f"/products/{TSHIRT}?lang={lang}"))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, sku),
            "quantity": str(quantity)}  # fmt: skip
    assert client.post(f"/cart/add?lang={lang}", data=form).status_code == 302


def to_review(client: Any, email: str, lang: str = "es", sku: str = "OCT-S-WHT") -> str:
    """Add a line and walk the checkout to the review page; its HTML."""
    add(client, sku, lang)
    page = html(client.get(f"/checkout?lang={lang}"))
    address = US_ADDRESS if lang == "en" else ADDRESS  # English shops in USD: the US region
    form = {"csrf_token": csrf_token(page), "email": email, **address}
    saved = client.post(f"/checkout?lang={lang}", data=form)
    assert saved.status_code == 302 and "/checkout/delivery" in saved.headers["Location"]
    page = html(client.get(f"/checkout/delivery?lang={lang}"))
    option = re.search(r'name="shipping_option" value="([^"]+)"', page)
    assert option, page
    choice = {"csrf_token": csrf_token(page), "shipping_option": option.group(1),
              "payment_provider": "pp_system_default"}  # fmt: skip
    chosen = client.post(f"/checkout/delivery?lang={lang}", data=choice)
    assert chosen.status_code == 302 and "/checkout/review" in chosen.headers["Location"]
    return html(client.get(f"/checkout/review?lang={lang}"))


def place(client: Any, page: str, lang: str = "es") -> Any:
    return client.post(f"/checkout/place?lang={lang}", data={"csrf_token": csrf_token(page)})


def orders_of(box: Sandbox, email: str) -> list[dict[str, Any]]:
    with admin(box) as client:
        fields = "+email,+currency_code,*shipping_address"  # not in Medusa's list default
        params = {"q": email, "limit": 1000, "fields": fields}
        body = client.get("/admin/orders", params=params).json()
    return [o for o in body["orders"] if o["email"] == email]


def stock(box: Sandbox, sku: str) -> int:
    with admin(box) as client:
        items = client.get("/admin/inventory-items", params={"sku": sku}).json()
        levels = items["inventory_items"][0]["location_levels"]
    return sum(lv["stocked_quantity"] - lv["reserved_quantity"] for lv in levels)


def test_spanish_shopper_places_one_order(app: Flask, box: Sandbox) -> None:
    client, email = app.test_client(), "ana.es@example.com"
    before = stock(box, "OCT-S-WHT")
    review = to_review(client, email)
    assert f"4,95{NBSP}€" in review and f"41,58{NBSP}€" in review  # Medusa's 41.5786, rounded
    assert "Pagar contra reembolso o por transferencia" in review and "Alemania" in review
    assert "Envío estándar" in review  # the method's name, which Medusa sends only on request
    placed = place(client, review)
    assert placed.status_code == 302 and "/confirmed" in placed.headers["Location"]
    confirmation = client.get(placed.headers["Location"])
    page = html(confirmation)
    assert confirmation.status_code == 200 and "Gracias por tu pedido" in page
    [order] = orders_of(box, email)
    assert f"#{order['display_id']}" in page and f"41,58{NBSP}€" in page
    assert order["currency_code"] == "eur" and order["shipping_address"]["country_code"] == "de"
    assert [(i["variant_sku"], i["quantity"]) for i in order["items"]] == [("OCT-S-WHT", 1)]
    assert stock(box, "OCT-S-WHT") == before - 1
    assert confirmation.headers["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex' in page
    again = place(client, review)  # the form submitted a second time
    assert again.status_code == 302 and "/confirmed" in again.headers["Location"]
    assert len(orders_of(box, email)) == 1
    cart = html(client.get("/cart?lang=es"))
    assert "Tu cesta está vacía" in cart and 'class="badge"' not in cart


def test_checkout_without_a_cart_goes_to_the_cart(client: Any) -> None:
    for path in ("/checkout", "/checkout/delivery", "/checkout/review"):
        answer = client.get(f"{path}?lang=de")
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/cart")
    assert "Ihr Warenkorb ist leer" in html(client.get("/cart?lang=de"))


def test_cart_page_offers_checkout_or_says_why_not(app: Flask, box: Sandbox) -> None:
    client = app.test_client()
    empty = html(client.get("/cart?lang=en"))
    assert re.search(r"<button[^>]*disabled[^>]*>Checkout</button>", empty)
    add(client, "OCT-M-WHT", "en", quantity=2)
    assert 'href="/checkout?lang=en-US"' in html(client.get("/cart?lang=en"))
    set_stock(box, "OCT-M-WHT", 1)
    try:
        page = html(client.get("/cart?lang=en"))
        assert re.search(r"<button[^>]*disabled[^>]*>Checkout</button>", page)
        assert "Only 1 left" in page and "not available in the quantity" in page
    finally:
        set_stock(box, "OCT-M-WHT", 25)


def test_address_is_validated_in_the_shoppers_language_and_kept(app: Flask) -> None:
    client = app.test_client()
    add(client, lang="de")
    page = html(client.get("/checkout?lang=de"))
    for name, token in (("email", 'autocomplete="email"'), ("first_name", "given-name"),
                        ("address_1", "address-line1"), ("postal_code", "postal-code"),
                        ("country_code", 'autocomplete="country"')):  # fmt: skip
        assert token in page, name
    countries = re.findall(r'<option value="([a-z]{2})"[^>]*>([^<]+)</option>', page)
    assert sorted(countries) == [("de", "Deutschland"), ("es", "Spanien"), ("fr", "Frankreich")]
    form = {**ADDRESS, "csrf_token": csrf_token(page), "email": "ana@", "city": "",
            "postal_code": "1011", "first_name": "Änne <b>"}  # fmt: skip
    refused = client.post("/checkout?lang=de", data=form)
    text = html(refused)
    assert refused.status_code == 422
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in text
    assert "Bitte füllen Sie dieses Feld aus." in text
    assert "gültige Postleitzahl für Deutschland" in text
    assert 'value="ana@"' in text and 'value="Änne &lt;b&gt;"' in text and 'value="1011"' in text
    # What was typed is still there when the shopper comes back to the form.
    assert 'value="Änne &lt;b&gt;"' in html(client.get("/checkout?lang=de"))


def test_a_country_outside_the_region_is_refused(app: Flask) -> None:
    client = app.test_client()
    add(client, lang="es")
    page = html(client.get("/checkout?lang=es"))
    form = {**ADDRESS, "csrf_token": csrf_token(page), "email": "x@example.com",
            "country_code": "us"}  # fmt: skip
    refused = client.post("/checkout?lang=es", data=form)
    assert refused.status_code == 422 and "Elige un país de la lista" in html(refused)


def test_checkout_posts_need_the_csrf_token(app: Flask) -> None:
    client = app.test_client()
    review = to_review(client, "csrf@example.com", lang="en")
    assert client.post("/checkout/place?lang=en", data={}).status_code == 400
    assert client.post("/checkout?lang=en", data={**ADDRESS, "email": "a@b.co"}).status_code == 400
    assert place(client, review, "en").status_code == 302


def test_a_double_click_makes_exactly_one_order(app: Flask, box: Sandbox) -> None:
    first, email = app.test_client(), "double@example.com"
    review = to_review(first, email, lang="en")
    second = app.test_client()
    cookie = first.get_cookie("session")
    assert cookie is not None
    second.set_cookie("session", cookie.value)
    answers: list[Any] = []
    threads = [threading.Thread(target=lambda c=c: answers.append(place(c, review, "en")))
               for c in (first, second)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [302, 302]
    assert all("/confirmed" in a.headers["Location"] for a in answers)
    assert len(orders_of(box, email)) == 1


def test_a_double_click_with_a_shared_redis_cache_makes_one_order(
    box: Sandbox, redis_url: str
) -> None:
    # Two workers sharing Redis: the placing lock lives there, the second click waits its turn.
    with storefront(box, redis_url=redis_url) as one, storefront(box, redis_url=redis_url) as two:
        one.test_client_class = two.test_client_class = BrowserClient
        first, email = one.test_client(), "redis-double@example.com"
        review = to_review(first, email, lang="es")
        second = two.test_client()
        cookie = first.get_cookie("session")
        assert cookie is not None
        second.set_cookie("session", cookie.value)
        answers: list[Any] = []
        threads = [threading.Thread(target=lambda c=c: answers.append(place(c, review)))
                   for c in (first, second)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert all("/confirmed" in a.headers["Location"] for a in answers)
    assert len(orders_of(box, email)) == 1


def test_stock_that_ran_out_names_the_line_and_keeps_the_cart(app: Flask, box: Sandbox) -> None:
    client, email = app.test_client(), "soldout@example.com"
    review = to_review(client, email, lang="en", sku="OCT-M-WHT")
    set_stock(box, "OCT-M-WHT", 0)
    try:
        answer = place(client, review, "en")
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/cart")
        page = html(client.get(answer.headers["Location"]))
        assert "“Organic Cotton T-Shirt (M / White)” sold out while you were checking out" in page
        assert 'data-sku="OCT-M-WHT"' in page and orders_of(box, email) == []
    finally:
        set_stock(box, "OCT-M-WHT", 25)
    assert place(client, html(client.get("/checkout/review?lang=en")), "en").status_code == 302
    assert len(orders_of(box, email)) == 1


@pytest.mark.parametrize(
    ("mode", "status", "message"),
    [
        ("refuse", 409, "es wurde nichts abgebucht"),  # {"type": "cart", "error": ...}
        ("error", 503, "Ihre Bestellung ist noch nicht aufgegeben"),  # a 500 from Medusa
    ],
)
def test_a_failed_completion_keeps_everything_and_a_retry_works(
    app: Flask, box: Sandbox, mode: str, status: int, message: str
) -> None:
    client, email = app.test_client(), f"{mode}@example.com"
    review = to_review(client, email, lang="de")
    fault(box, mode)
    failed = place(client, review, "de")
    page = html(failed)
    assert failed.status_code == status and message in page
    assert_no_traceback(page)
    assert orders_of(box, email) == []
    assert place(client, page, "de").status_code == 302  # "Place order" / "Try again" again
    assert len(orders_of(box, email)) == 1
    assert "Ihr Warenkorb ist leer" in html(client.get("/cart?lang=de"))


def test_a_lost_answer_still_shows_the_one_order(app: Flask, box: Sandbox) -> None:
    client, email = app.test_client(), "lost@example.com"
    review = to_review(client, email, lang="en")
    fault(box, "lost")
    answer = place(client, review, "en")
    assert answer.status_code == 302 and "/confirmed" in answer.headers["Location"]
    assert len(orders_of(box, email)) == 1


def test_medusa_down_at_place_order_is_a_retry_page_not_a_500(app: Flask, box: Sandbox) -> None:
    client, email = app.test_client(), "down@example.com"
    review = to_review(client, email, lang="en")
    set_faults(box, "medusa", error_rate=1.0)
    try:
        down = place(client, review, "en")
        assert down.status_code == 503 and "Try again" in html(down)
        assert_no_traceback(html(down))
    finally:
        set_faults(box, "medusa", error_rate=0.0)
    assert place(client, review, "en").status_code == 302
    assert len(orders_of(box, email)) == 1


def test_checkout_keeps_its_currency_when_the_language_changes(app: Flask) -> None:
    client = app.test_client()
    review = to_review(client, "lock@example.com", lang="es")
    assert f"41,58{NBSP}€" in review
    english = html(client.get("/checkout/review?lang=en"))
    assert "€41.58" in english and "prices stay in euros" in english.lower()
    cart = html(client.get("/cart?lang=en"))
    assert "€29.99" in cart and "$" not in cart.split("<main>")[1].split("</main>")[0]


def test_the_confirmation_needs_its_signed_reference(app: Flask, box: Sandbox) -> None:
    client, email = app.test_client(), "signed@example.com"
    answer = place(client, to_review(client, email, lang="en"), "en")
    location = answer.headers["Location"]
    reference = location.split("/orders/")[1].split("/confirmed")[0]
    [order] = orders_of(box, email)
    assert order["shipping_address"]["province"] == "IL"
    visitor = app.test_client()
    shown = visitor.get(location)
    assert shown.status_code == 200 and "Springfield, IL 62704" in html(shown)
    assert visitor.get(f"/orders/{order['id']}/confirmed").status_code == 404
    forged = reference[:-2] + ("AA" if not reference.endswith("AA") else "BB")
    assert visitor.get(f"/orders/{forged}/confirmed").status_code == 404


def test_steps_cannot_be_skipped_and_choices_are_checked(app: Flask) -> None:
    client = app.test_client()
    add(client, lang="de")
    skipped = client.get("/checkout/review?lang=de")
    assert skipped.status_code == 302 and "/checkout?" in skipped.headers["Location"]
    page = html(client.get("/checkout?lang=de"))
    form = {"csrf_token": csrf_token(page), "email": "steps@example.com", **ADDRESS}
    client.post("/checkout?lang=de", data=form)
    no_delivery = client.get("/checkout/review?lang=de")
    assert "/checkout/delivery" in no_delivery.headers["Location"]
    for option, provider in (("so_nope", "pp_system_default"), ("", "pp_stripe")):
        choice = {"csrf_token": csrf_token(page), "shipping_option": option,
                  "payment_provider": provider}  # fmt: skip
        refused = client.post("/checkout/delivery?lang=de", data=choice)
        assert refused.status_code == 422
        assert "Bitte wählen Sie eine Versandart und eine Zahlungsart." in html(refused)
    delivery = html(client.get("/checkout/delivery?lang=de"))
    assert f"4,95{NBSP}€" in delivery and "Zahlung bei Lieferung oder per Überweisung" in delivery
