"""The odd-input corpus: what visitors (and scanners) type into every parameter is never a 500.

Each value goes into every query, form and path parameter the storefront reads; the answer is a
page, a redirect, a 400 or a 404, and nothing changes upstream.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.functional.storefront_helpers import TSHIRT, assert_no_traceback, csrf_token, html
from tests.functional.test_storefront_cart import add, cart

ORIGIN = {"Origin": "http://localhost"}
# Digits str.isdigit() accepts and int() refuses, numbers int() refuses, ids that fold a path.
ODD = [
    "\u00b2", "\u00b9", "\u2070", "\u2460", "\u0663", "\uff11", "9" * 5000, "1" * 4301,
    "-1", "0", "+1", "1e3", "0x10", "1.5", " ", "", "\x00", "%00", "..", ".", "%2E%2E",
    "../../admin", "a" * 5000, "<script>alert(1)</script>", "null", "[]", "\\", "\ud800x",
]  # fmt: skip


def _safe(value: str) -> str:
    """A value as a URL path segment the test client sends as is."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="%.")


def _form(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _probes(client: Any) -> dict[str, Callable[[str], Any]]:
    """Name -> a request putting the value into one parameter."""
    page = html(client.get(f"/products/{TSHIRT}"))
    token = csrf_token(page)
    variant = page.split('data-sku="OCT-S-WHT"')[0].rsplit('value="', 1)[1].split('"')[0]

    def post(path: str, **form: str) -> Any:
        return client.post(path, data={"csrf_token": token, **form}, headers=ORIGIN)

    return {
        "page": lambda v: client.get("/", query_string={"page": _form(v)}),
        "collection-page": lambda v: client.get(
            "/collections/outdoor", query_string={"page": _form(v)}
        ),
        "lang": lambda v: client.get("/", query_string={"lang": _form(v)}),
        "product": lambda v: client.get(f"/products/{_safe(v)}"),
        "collection": lambda v: client.get(f"/collections/{_safe(v)}"),
        "quantity": lambda v: post("/cart/add", variant_id=variant, quantity=_form(v)),
        "variant": lambda v: post("/cart/add", variant_id=_form(v), quantity="1"),
        "line": lambda v: post(f"/cart/lines/{_safe(v)}", quantity="1"),
        "line-remove": lambda v: post(f"/cart/lines/{_safe(v)}/remove"),
        "accept-language": lambda v: client.get("/", headers={"Accept-Language": _header(v)}),
        "lang-cookie": lambda v: _with_cookie(client, "lang", _header(v)),
        "sitemap": lambda v: client.get("/sitemap.xml", query_string={"page": _form(v)}),
        "preview": lambda v: client.get("/", query_string={"preview": _form(v)}),
    }


def _header(value: str) -> str:
    """A value a header can carry (latin-1, no line breaks)."""
    text = value.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\n", " ").replace("\r", " ").replace("\x00", " ")[:4000]


def _with_cookie(client: Any, name: str, value: str) -> Any:
    client.set_cookie(name, value)
    try:
        return client.get("/")
    finally:
        client.delete_cookie(name)


def test_no_odd_input_is_a_500(client: Any) -> None:
    add(client, "OCT-S-WHT")
    _, before = cart(client)
    statuses: Counter[int] = Counter()
    failures = []
    for name, probe in _probes(client).items():
        for value in ODD:
            response = probe(value)
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append((name, value[:20], response.status_code))
            assert_no_traceback(html(response))
    assert failures == [], failures
    assert set(statuses) <= {200, 302, 308, 400, 404}, statuses
    assert cart(client)[1] == before  # nothing odd changed the cart


@pytest.mark.parametrize("value", ["\u00b2", "\u2460", "9" * 5000, "0"])
def test_odd_page_numbers_are_404s(client: Any, value: str) -> None:
    assert client.get("/", query_string={"page": value}).status_code == 404


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "9" * 5000])
def test_odd_quantities_are_400s(client: Any, value: str) -> None:
    add(client, "OCT-S-WHT")
    page, found = cart(client)
    line = found["OCT-S-WHT"]["line"]
    form = {"csrf_token": csrf_token(page), "quantity": value}
    assert client.post(f"/cart/lines/{line}", data=form, headers=ORIGIN).status_code == 400
    assert client.post("/cart/add", data=form, headers=ORIGIN).status_code in (302, 400)
    assert cart(client)[1]["OCT-S-WHT"]["qty"] == "1"


def test_an_unknown_variant_is_a_message(client: Any) -> None:
    page = html(client.get(f"/products/{TSHIRT}"))
    form = {"csrf_token": csrf_token(page), "variant_id": "variant_unknown", "quantity": "1"}
    response = client.post("/cart/add", data=form, headers=ORIGIN)
    assert response.status_code == 302
    assert "no longer available" in html(client.get(response.headers["Location"]))


@pytest.mark.parametrize("line", ["%2E%2E", "%2e", ".."])
def test_a_dot_segment_line_never_reaches_the_cart(client: Any, line: str) -> None:
    add(client, "OCT-S-WHT")
    page, before = cart(client)
    form = {"csrf_token": csrf_token(page), "quantity": "3"}
    response = client.post(f"/cart/lines/{line}", data=form, headers=ORIGIN)
    assert response.status_code == 404
    assert cart(client)[1] == before


@pytest.mark.parametrize(
    "path",
    ["/%5Cevil.example", "/%09/evil.example", "/%5C%5Cevil.example", "/%2F/evil.example",
     "/%0A/evil.example", "/%2F%2Fevil.example", "/products/%5C%5Cevil.example"],
)  # fmt: skip
def test_no_link_on_a_404_leaves_the_site(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    page = html(response)
    links = re.findall(r'(?:href|content)="([^"]*)"', page)
    assert any("lang=es-ES" in link for link in links)  # the switcher is there
    for link in links:
        target = link.replace("&amp;", "&")
        if target.startswith("/"):
            assert not target.startswith(("//", "/\\")), target
            assert not any(c in target for c in "\\\t\n\r"), target
        else:
            assert not target.startswith("\\"), target
        assert "evil.example" not in urlsplit(target.replace("\\", "/")).netloc, target
