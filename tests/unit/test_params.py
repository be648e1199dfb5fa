"""Visitor parameters and URL path segments: odd input is refused, never raised on."""

from __future__ import annotations

import httpx
import pytest

from storefront.clients.base import UnsafeSegment, segment
from storefront.clients.errors import UpstreamNotFound
from storefront.clients.medusa import MedusaStoreClient
from storefront.params import medusa_id, whole_number


@pytest.mark.parametrize(
    "raw", ["\u00b2", "\u00b9", "\u2070", "\u2460", "\u0663", "\uff11", "9" * 5000, "-1", "1e3",
            "", " ", None, "0x10", "+1", "1.5", "101"],
)  # fmt: skip
def test_odd_numbers_are_none(raw: str | None) -> None:
    assert whole_number(raw, 1, 100) is None


def test_whole_numbers_in_range() -> None:
    assert [whole_number(v, 0, 99) for v in ("0", " 7 ", "007", "99")] == [0, 7, 7, 99]


@pytest.mark.parametrize("raw", ["..", ".", "", "a/b", "a b", "x" * 101, "\u00e9", None])
def test_odd_ids_are_none(raw: str | None) -> None:
    assert medusa_id(raw) is None


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_dot_segments_are_refused(value: str) -> None:
    with pytest.raises(UnsafeSegment):
        segment(value)


def test_a_segment_escapes_everything_reserved() -> None:
    assert segment("../a/b?c#d%") == "..%2Fa%2Fb%3Fc%23d%25"


@pytest.mark.parametrize("cart_id", ["..", "."])
def test_a_dot_cart_id_never_reaches_medusa(cart_id: str) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return httpx.Response(200, json={"cart": {}})

    client = MedusaStoreClient("http://medusa.test", "pk", transport=httpx.MockTransport(handler))
    with pytest.raises(UpstreamNotFound):
        client.update_cart_region(cart_id, "reg_1")
    assert sent == []
