"""The cart on Medusa's cart API: add, change, remove, stock refusals, CSRF, signed cookie."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from tests.functional.storefront_helpers import (
    SAME_ORIGIN,
    TSHIRT,
    csrf_token,
    html,
    variant_id,
)

PAGE = f"/products/{TSHIRT}"


def add(client: Any, sku: str, quantity: int = 1, lang: str = "en") -> Any:
    """Add a variant the way the product page's form does."""
    page = html(client.get(f"{PAGE}?lang={lang}"))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, sku)}
    data = {**form, "quantity": str(quantity)}
    return client.post(f"/cart/add?lang={lang}", data=data, headers=SAME_ORIGIN)


def lines(page: str) -> dict[str, dict[str, str]]:
    """SKU -> line details of the cart page."""
    found = {}
    for row in re.findall(r'<tr data-sku="[^"]*">.*?</tr>', page, re.S):
        sku = re.search(r'data-sku="([^"]*)"', row)
        qty = re.search(r'name="quantity" value="(\d+)"', row)
        action = re.search(r'action="/cart/lines/([^/?"]+)\?', row)
        prices = re.findall(r'<td class="price">([^<]*)</td>', row)
        assert sku and qty and action and len(prices) == 2
        found[sku.group(1)] = {"qty": qty.group(1), "line": action.group(1),
                               "unit": prices[0], "total": prices[1]}  # fmt: skip
    return found


def cart(client: Any, lang: str = "en") -> tuple[str, dict[str, dict[str, str]]]:
    page = html(client.get(f"/cart?lang={lang}"))
    return page, lines(page)


def session_of(app: Flask, client: Any) -> dict[str, Any]:
    """The decoded (signed) session cookie of a client."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    data: dict[str, Any] = serializer.loads(cookie.value)
    return data


def test_add_a_variant_and_see_it_in_the_cart(client: Any) -> None:
    response = add(client, "OCT-S-WHT")
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith("/cart?")
    page, found = cart(client)
    assert list(found) == ["OCT-S-WHT"]
    assert found["OCT-S-WHT"]["qty"] == "1" and found["OCT-S-WHT"]["unit"] == "$29.99"
    assert '<td class="price total" colspan="2">$29.99</td>' in page
    assert '<span class="badge">1</span>' in page
    assert "private" in client.get("/cart").headers["Cache-Control"]


def test_cart_in_euros_for_spanish(client: Any) -> None:
    add(client, "OCT-S-WHT", lang="es")
    _, found = cart(client, "es")
    assert found["OCT-S-WHT"]["unit"] == "29,99\xa0€"


def test_change_quantity_and_remove(client: Any) -> None:
    add(client, "OCT-S-WHT")
    add(client, "OCT-L-BLK".replace("L-BLK", "M-WHT"))
    page, found = cart(client)
    line = found["OCT-S-WHT"]["line"]
    token = csrf_token(page)
    client.post(f"/cart/lines/{line}", data={"csrf_token": token, "quantity": "3"})
    _, found = cart(client)
    assert found["OCT-S-WHT"]["qty"] == "3" and found["OCT-S-WHT"]["total"] == "$89.97"
    client.post(f"/cart/lines/{line}/remove", data={"csrf_token": token})
    _, found = cart(client)
    assert list(found) == ["OCT-M-WHT"]
    other = found["OCT-M-WHT"]["line"]
    client.post(f"/cart/lines/{other}", data={"csrf_token": token, "quantity": "0"})
    page, found = cart(client)
    assert found == {} and 'class="badge"' not in page


def test_out_of_stock_add_is_refused_and_nothing_changes(client: Any, app: Flask) -> None:
    add(client, "OCT-S-WHT", quantity=2)
    before = cart(client)[1]
    response = add(client, "OCT-L-BLK")
    assert response.status_code in (302, 303)
    page, after = cart(client)
    assert after == before
    assert "out of stock" in page.lower()


def test_out_of_stock_add_to_an_empty_cart_leaves_it_empty(client: Any) -> None:
    add(client, "OCT-L-BLK")
    page, found = cart(client)
    assert found == {} and "out of stock" in page.lower()


def test_more_than_in_stock_is_refused(client: Any) -> None:
    add(client, "OCT-M-WHT", quantity=1)
    page, found = cart(client)
    line = found["OCT-M-WHT"]["line"]
    client.post(f"/cart/lines/{line}", data={"csrf_token": csrf_token(page), "quantity": "26"})
    page, found = cart(client)
    assert found["OCT-M-WHT"]["qty"] == "1"
    assert "not enough stock" in page.lower()


@pytest.mark.parametrize("quantity", ["abc", "100", "-1", "", "1e3"])
def test_bad_quantity_is_a_400(client: Any, quantity: str) -> None:
    add(client, "OCT-S-WHT")
    page, found = cart(client)
    line = found["OCT-S-WHT"]["line"]
    response = client.post(
        f"/cart/lines/{line}", data={"csrf_token": csrf_token(page), "quantity": quantity}
    )
    assert response.status_code == 400
    assert cart(client)[1]["OCT-S-WHT"]["qty"] == "1"


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_post_without_a_valid_csrf_token_is_refused(client: Any, token: str | None) -> None:
    add(client, "OCT-S-WHT")
    page, before = cart(client)
    line = before["OCT-S-WHT"]["line"]
    variant = variant_id(html(client.get(PAGE)), "OCT-M-WHT")
    form = {} if token is None else {"csrf_token": token}
    posts = [
        client.post("/cart/add", data={**form, "variant_id": variant}),
        client.post(f"/cart/lines/{line}", data={**form, "quantity": "5"}),
        client.post(f"/cart/lines/{line}/remove", data=form),
    ]
    assert [p.status_code for p in posts] == [400, 400, 400]
    assert "Traceback" not in html(posts[0])
    assert cart(client)[1] == before


def test_csrf_token_of_another_session_is_refused(app: Flask, client: Any) -> None:
    other = app.test_client()
    add(other, "OCT-S-WHT")  # the other visitor now has a session and a token bound to it
    foreign = csrf_token(html(other.get(PAGE)))
    page = html(client.get(PAGE))
    for sender in (client, app.test_client()):  # with a session of its own, and without any
        if sender is client:
            add(client, "OCT-M-WHT")
        response = sender.post(
            "/cart/add", data={"csrf_token": foreign, "variant_id": variant_id(page, "OCT-S-WHT")}
        )
        assert response.status_code == 400


def test_anonymous_token_is_refused_from_another_site(client: Any) -> None:
    page = html(client.get(PAGE))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Referer": "https://evil.example/page"}, {"Origin": "null"}):  # fmt: skip
        assert client.post("/cart/add", data=form, headers=headers).status_code == 400
    assert (
        client.post("/cart/add", data=form, headers={"Origin": "http://localhost"}).status_code
        == 302
    )


def test_unknown_line_is_a_404(client: Any) -> None:
    add(client, "OCT-S-WHT")
    page, _ = cart(client)
    response = client.post(
        "/cart/lines/cali_nope", data={"csrf_token": csrf_token(page), "quantity": "2"}
    )
    assert response.status_code == 404


def test_cart_cookie_is_signed_and_a_forged_one_is_ignored(app: Flask, client: Any) -> None:
    add(client, "OCT-S-WHT")
    victim = session_of(app, client)
    assert victim["cart_id"].startswith("cart_")
    # A cookie carrying the victim's cart id, signed with another key, is ignored.
    forger = Flask("forger")
    forger.secret_key = "not-the-shop-secret"
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert serializer is not None
    intruder = app.test_client()
    intruder.set_cookie("session", serializer.dumps({"cart_id": victim["cart_id"]}))
    page, found = cart(intruder)
    assert found == {} and "$29.99" not in page
    # A tampered signed cookie is ignored too.
    cookie = client.get_cookie("session")
    assert cookie is not None
    intruder.set_cookie("session", "x" + cookie.value[1:])
    assert cart(intruder)[1] == {}
    assert cart(client)[1]  # the owner still has the cart


def test_switching_locale_moves_the_cart_to_the_new_currency(client: Any) -> None:
    add(client, "OCT-S-WHT", lang="es")
    assert cart(client, "es")[1]["OCT-S-WHT"]["unit"] == "29,99\xa0€"
    page, found = cart(client, "en")
    assert found["OCT-S-WHT"]["unit"] == "$29.99"
    assert list(found) == ["OCT-S-WHT"] and found["OCT-S-WHT"]["qty"] == "1"
    assert "€" not in re.sub(r'<nav class="language-switcher".*?</nav>', "", page, flags=re.S)
    assert cart(client, "de")[1]["OCT-S-WHT"]["unit"] == "29,99\xa0€"


def test_an_anonymous_post_without_any_origin_header_is_refused(app: Flask) -> None:
    client = app.test_client()
    page = html(client.get(PAGE))
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
    assert client.post("/cart/add", data=form).status_code == 400  # no Origin/Referer/Fetch
    assert client.get_cookie("session") is None
    for headers in ({"Referer": f"http://localhost{PAGE}"}, {"Sec-Fetch-Site": "same-origin"}):
        response = app.test_client().post("/cart/add", data=form, headers=headers)
        assert response.status_code == 302


def test_a_post_from_another_site_is_refused_even_with_the_session_token(client: Any) -> None:
    add(client, "OCT-S-WHT")
    page, before = cart(client)
    line = before["OCT-S-WHT"]["line"]
    form = {"csrf_token": csrf_token(page), "quantity": "4"}
    evil = {"Origin": "https://evil.example"}
    assert client.post(f"/cart/lines/{line}", data=form, headers=evil).status_code == 400
    assert cart(client)[1] == before


def test_the_public_url_is_our_origin_behind_a_proxy(box: Any) -> None:
    from tests.functional.storefront_helpers import storefront

    with storefront(box, public_url="https://shop.example", env="test") as app:
        client = app.test_client()
        page = html(client.get(PAGE))  # the proxy rewrote Host: the app sees "localhost"
        form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
        public = {"Origin": "https://shop.example"}
        assert client.post("/cart/add", data=form, headers=public).status_code == 302
        plain = {"Origin": "http://shop.example"}  # another origin: the scheme differs
        assert app.test_client().post("/cart/add", data=form, headers=plain).status_code == 400


@pytest.mark.parametrize(
    "referrer", ["javascript:alert(1)", "//evil.example/x", "https://evil.example/", "\\\\evil"]
)
def test_error_redirects_never_follow_a_foreign_referrer(app: Flask, referrer: str) -> None:
    client = app.test_client()
    page = html(client.get(PAGE))
    form = {"csrf_token": csrf_token(page), "variant_id": "", "quantity": "1"}  # "choose one"
    response = client.post("/cart/add", data=form, headers={**SAME_ORIGIN, "Referer": referrer})
    location = response.headers.get("Location", "")
    assert response.status_code in (302, 400)
    assert not location or location.startswith("/") and not location.startswith(("//", "/\\"))


def test_error_redirects_go_back_to_our_own_page(app: Flask) -> None:
    client = app.test_client()
    page = html(client.get(PAGE))
    form = {"csrf_token": csrf_token(page), "variant_id": "", "quantity": "1"}
    for referrer, back in ((f"http://localhost{PAGE}?lang=es-ES", f"{PAGE}?lang=es-ES"),
                           ("http://localhost/%5Cevil.example", "/%5Cevil.example"),
                           ("http://localhost//evil.example", "/evil.example")):  # fmt: skip
        headers = {**SAME_ORIGIN, "Referer": referrer}
        response = app.test_client().post("/cart/add", data=form, headers=headers)
        assert (response.status_code, response.headers["Location"]) == (302, back)
