"""Cookies are Secure when the shop is served over https (session and language alike)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import (
    TSHIRT,
    csrf_token,
    html,
    storefront,
    variant_id,
)

PAGE = f"/products/{TSHIRT}"


def _cookies(box: Sandbox, public_url: str) -> dict[str, str]:
    """Set-Cookie headers by cookie name, after a language choice and an add to cart."""
    with storefront(box, public_url=public_url) as app:
        client = app.test_client()
        origin = {"Origin": public_url}
        switched = client.get("/locale/es-ES", query_string={"next": PAGE})  # the switcher
        seen = switched.headers.getlist("Set-Cookie")
        page = html(client.get(PAGE))
        form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
        added: Any = client.post("/cart/add", data=form, headers=origin)
        assert added.status_code == 302
        seen += added.headers.getlist("Set-Cookie")
    return {header.split("=", 1)[0]: header for header in seen}


@pytest.mark.parametrize(("public_url", "secure"), [("https://shop.example", True),
                                                    ("http://localhost", False)])  # fmt: skip
def test_cookies_are_secure_over_https(box: Sandbox, public_url: str, secure: bool) -> None:
    cookies = _cookies(box, public_url)
    assert set(cookies) >= {"lang", "session"}
    for header in cookies.values():
        assert ("; Secure" in header) is secure, header
        assert "HttpOnly" in header
