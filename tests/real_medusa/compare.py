"""Assertions of the contract suite: the sandbox answers like the real Medusa."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx

from tests.shapes import shape_diff

# Differences of the seeds, not of the servers: the real seed sets no pictures and no channel
# description (the sandbox draws its pictures and describes its channel).
SEED_NULLABLE = (
    "products[].thumbnail",
    "product.thumbnail",
    "products[].sales_channels[].description",
    "product.sales_channels[].description",
    "sales_channels[].description",
)


def same_answer(
    real: httpx.Response, fake: httpx.Response, nullable: Iterable[str] = ()
) -> tuple[Any, Any]:
    """Both statuses equal and both JSON bodies of one shape; the two bodies."""
    assert fake.status_code == real.status_code, (
        f"status: real {real.status_code} {real.text[:300]}, "
        f"sandbox {fake.status_code} {fake.text[:300]}"
    )
    real_body, fake_body = real.json(), fake.json()
    diff = shape_diff(real_body, fake_body, nullable=(*SEED_NULLABLE, *nullable))
    assert not diff, "\n".join(line.replace("recorded", "real") for line in diff)
    return real_body, fake_body


def same_error(real: httpx.Response, fake: httpx.Response) -> dict[str, Any]:
    """The same status and the same error body (type and message)."""
    real_body, fake_body = same_answer(real, fake)
    assert fake_body == real_body
    return dict(real_body)


def without_ids(value: Any) -> Any:
    """A JSON value with every id-like and timestamp key dropped (they differ by server)."""
    if isinstance(value, dict):
        return {
            k: without_ids(v)
            for k, v in value.items()
            if not (k == "id" or k.endswith("_id") or k.endswith("_at"))
        }
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


# Found against a real 2.21 in the sandbox's carts, which the checkout work owns: reported there,
# tolerated here so that any other difference still fails.
KNOWN_CART_GAPS = frozenset(
    {
        "$.cart: sandbox has extra keys ['customer']",  # a real 2.21 cart has no `customer` key
        "$.parent: sandbox has extra keys ['customer']",
    }
)
# The real seed has no pictures, so a line item's (and an order line's product's) thumbnail is
# null there.
CART_NULLABLE = (
    "cart.items[].thumbnail",
    "parent.items[].thumbnail",
    "order.items[].thumbnail",
    "order.items[].variant.product.thumbnail",
)


def cart_diff(real: Any, fake: Any) -> list[str]:
    """Shape differences of two cart-carrying bodies, apart from the known gaps."""
    diff = shape_diff(real, fake, nullable=CART_NULLABLE)
    return sorted(set(diff) - KNOWN_CART_GAPS)


def region_in(client: Any, currency: str) -> Any:
    """The client's first region priced in ``currency`` (None when there is none)."""
    return next((r for r in client.regions() if r.currency == currency.lower()), None)
