"""Add to cart by option values: resolved on the server, refusals keep the shopper's choice."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.functional.storefront_helpers import SAME_ORIGIN, TSHIRT, csrf_token, html
from tests.functional.test_storefront_cart import cart

PAGE = f"/products/{TSHIRT}"


def post(client: Any, lang: str = "en", **fields: str) -> Any:
    """Submit the product form as a browser without JavaScript would."""
    page = html(client.get(f"{PAGE}?lang={lang}"))
    form = {"csrf_token": csrf_token(page), "product": TSHIRT, "quantity": "1", **fields}
    return client.post(f"/cart/add?lang={lang}", data=form, headers=SAME_ORIGIN)


def query(response: Any) -> dict[str, list[str]]:
    location = urlsplit(response.headers["Location"])
    assert location.path == PAGE, location
    return parse_qs(location.query)


def test_size_and_color_chosen_separately_add_the_right_variant(client: Any) -> None:
    response = post(client, **{"option.Size": "M", "option.Color": "White", "action": "add"})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/cart"
    _, found = cart(client)
    assert set(found) == {"OCT-M-WHT"} and found["OCT-M-WHT"]["qty"] == "1"


def test_a_combination_that_does_not_exist_is_refused_and_the_choice_kept(client: Any) -> None:
    response = post(client, lang="es", **{"option.Size": "L", "option.Color": "White"})
    kept = query(response)
    assert kept["option.Size"] == ["L"] and kept["option.Color"] == ["White"]
    page = html(client.get(response.headers["Location"]))
    assert "Esa combinación no está disponible. Elige otra." in page
    assert 'value="L" checked' in page
    _, found = cart(client)
    assert found == {}


def test_a_sold_out_combination_says_so(client: Any) -> None:
    response = post(client, lang="de", **{"option.Size": "L", "option.Color": "Black"})
    page = html(client.get(response.headers["Location"]))
    assert "ausverkauft" in page.lower()


def test_more_than_in_stock_says_how_many_are_left_and_keeps_the_choice(client: Any) -> None:
    fields = {"option.Size": "M", "option.Color": "White", "quantity": "30"}  # 25 in stock
    response = post(client, lang="es", **fields)
    kept = query(response)
    assert kept["quantity"] == ["30"] and kept["option.Size"] == ["M"]
    page = html(client.get(response.headers["Location"]))
    flash = page.split('class="flash flash-error"')[1].split("</p>")[0]
    assert "Solo quedan 25 unidades de esta opción" in flash and "agotad" not in flash.lower()
    assert 'name="quantity" value="30"' in page and 'value="M" checked' in page
    _, found = cart(client)
    assert found == {}


def test_show_price_without_javascript_reloads_with_the_choice(client: Any) -> None:
    response = post(client, **{"option.Size": "L", "option.Color": "Black", "action": "show"})
    page = html(client.get(response.headers["Location"]))
    assert 'value="L" checked' in page and "$32.99" in page.split('class="selection"')[1][:300]
    _, found = cart(client)
    assert found == {}


def test_junk_choices_and_unknown_products_change_nothing(client: Any) -> None:
    response = post(client, **{"option.Size": "<script>", "option.Color": "White"})
    assert query(response)["option.Color"] == ["White"]
    page = html(client.get(PAGE))
    token = csrf_token(page)
    other = client.post(
        "/cart/add", data={"csrf_token": token, "product": "no-such-thing"}, headers=SAME_ORIGIN
    )
    assert other.status_code == 302
    _, found = cart(client)
    assert found == {}
