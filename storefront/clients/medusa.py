"""Medusa v2 Store API client: products with prices and stock, regions, collections, carts.

One pooled ``httpx.Client`` per instance; httpx clients are thread-safe, so a worker shares one
instance across all its requests. Errors come out as the ``storefront.clients.errors`` tree.
Wire facts (decimal major units, ``raw_*`` twins, unstable variant order):
docs/reference/medusa-v2.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from storefront.clients.base import LIMITS, PooledClient, UnsafeSegment, segment
from storefront.clients.breaker import Breaker
from storefront.clients.errors import (
    OutOfStock,
    RateLimited,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
    header_seconds,
)
from storefront.clients.medusa_models import (
    Cart,
    Category,
    Collection,
    LineItem,
    Product,
    Region,
    Variant,
    parse_cart,
    parse_category,
    parse_collection,
    parse_product,
    parse_region,
)

__all__ = [
    "PRODUCT_FIELDS",
    "Cart",
    "Collection",
    "LineItem",
    "MedusaStoreClient",
    "Product",
    "ProductPage",
    "Region",
    "Variant",
]

SERVICE = "medusa"
# Calculated price needs region_id; stock needs +variants.inventory_quantity; categories and
# metadata are outside the store defaults. All four are in Medusa's store allow-list (recorded).
PRODUCT_FIELDS = "*variants.calculated_price,+variants.inventory_quantity,*categories,+metadata"


@dataclass(frozen=True)
class ProductPage:
    """One page of a product listing, with Medusa's total ``count``."""

    products: tuple[Product, ...]
    count: int
    offset: int
    limit: int


class MedusaStoreClient(PooledClient):
    """Typed access to the Medusa v2 Store API for one publishable key."""

    def __init__(
        self,
        base_url: str,
        publishable_key: str,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
        *,
        retry_delay: float = 0.05,
        sleep: Callable[[float], None] = time.sleep,
        breaker: Breaker | None = None,
    ) -> None:
        self.service = SERVICE
        self.breaker = breaker or Breaker(SERVICE)
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"x-publishable-api-key": publishable_key, "accept": "application/json"},
            timeout=timeout,
            transport=transport,
            limits=LIMITS,
        )
        self._retry_delay = retry_delay
        self._sleep = sleep

    # -- regions ---------------------------------------------------------------------------
    def regions(self) -> tuple[Region, ...]:
        """Every region visible to the key (one request, no cache)."""
        body = self._send("GET", "/store/regions", params={"limit": 1000})
        return tuple(parse_region(item) for item in _list(body, "regions"))

    # -- products --------------------------------------------------------------------------
    def products(
        self,
        region_id: str,
        *,
        handles: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        collection_id: str | None = None,
        category_id: str | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> ProductPage:
        """Published products with prices for ``region_id`` and stock; filters combine."""
        if (handles is not None and not handles) or (ids is not None and not ids):
            return ProductPage((), 0, offset, limit)  # an empty filter matches nothing
        params: list[tuple[str, str | int]] = [
            ("region_id", region_id),
            ("fields", PRODUCT_FIELDS),
            ("limit", limit),
            ("offset", offset),
        ]
        params += [("handle[]", h) for h in handles or ()] + [("id[]", i) for i in ids or ()]
        if collection_id:
            params.append(("collection_id[]", collection_id))
        if category_id:
            params.append(("category_id[]", category_id))
        if q:
            params.append(("q", q))
        body = self._send("GET", "/store/products", params=params)
        products = tuple(parse_product(item) for item in _list(body, "products"))
        return ProductPage(products, _int(body, "count"), _int(body, "offset"), _int(body, "limit"))

    def product_by_handle(self, handle: str, region_id: str) -> Product | None:
        """The published product with this handle, or None (Medusa answers an empty list)."""
        params = {"handle": handle, "region_id": region_id, "fields": PRODUCT_FIELDS}
        items = _list(self._send("GET", "/store/products", params=params), "products")
        return parse_product(items[0]) if items else None

    # -- collections -----------------------------------------------------------------------
    def collections(self) -> tuple[Collection, ...]:
        """Every collection (Medusa's default page is 10, so ask for all)."""
        body = self._send("GET", "/store/collections", params={"limit": 1000})
        return tuple(parse_collection(item) for item in _list(body, "collections"))

    def categories(self) -> tuple[Category, ...]:
        """Every active, public category with its parent's id (Medusa's default page is 50)."""
        params = {"limit": 1000, "fields": "id,name,handle,parent_category_id"}
        body = self._send("GET", "/store/product-categories", params=params)
        return tuple(parse_category(item) for item in _list(body, "product_categories"))

    # -- carts -----------------------------------------------------------------------------
    def create_cart(self, region_id: str, email: str | None = None) -> Cart:
        """A new empty cart in ``region_id`` (the key's one sales channel is picked by Medusa)."""
        payload: dict[str, Any] = {"region_id": region_id}
        if email:
            payload["email"] = email
        return self._cart_of(self._send("POST", "/store/carts", body=payload))

    def cart(self, cart_id: str) -> Cart:
        """The cart with its items and totals; UpstreamNotFound when it does not exist."""
        return self._cart_of(self._send("GET", f"/store/carts/{_seg(cart_id)}"))

    def update_cart_region(self, cart_id: str, region_id: str) -> Cart:
        """Move a cart to another region; Medusa re-prices its lines in that currency."""
        path = f"/store/carts/{_seg(cart_id)}"
        return self._cart_of(self._send("POST", path, body={"region_id": region_id}))

    def add_line_item(self, cart_id: str, variant_id: str, quantity: int) -> Cart:
        """Add a variant; OutOfStock when Medusa reports insufficient inventory."""
        path = f"/store/carts/{_seg(cart_id)}/line-items"
        body = {"variant_id": variant_id, "quantity": quantity}
        return self._cart_of(self._send("POST", path, body=body))

    def update_line_item(self, cart_id: str, line_id: str, quantity: int) -> Cart:
        """Set a line's quantity (Medusa v2 updates with POST)."""
        path = f"/store/carts/{_seg(cart_id)}/line-items/{_seg(line_id)}"
        return self._cart_of(self._send("POST", path, body={"quantity": quantity}))

    def delete_line_item(self, cart_id: str, line_id: str) -> Cart:
        """Remove a line and return the updated cart."""
        path = f"/store/carts/{_seg(cart_id)}/line-items/{_seg(line_id)}"
        body = self._send("DELETE", path)
        # Medusa v2 answers {id, object, deleted, parent: cart}; re-read if the cart is absent.
        cart = body.get("parent") or body.get("cart") if isinstance(body, dict) else None
        return parse_cart(cart) if isinstance(cart, dict) else self.cart(cart_id)

    def _cart_of(self, body: Any) -> Cart:
        cart = body.get("cart") if isinstance(body, dict) else None
        if not isinstance(cart, dict):
            raise UpstreamUnavailable(SERVICE, 200, "response carries no cart")
        return parse_cart(cart)

    # -- transport -------------------------------------------------------------------------
    def send(self, method: str, path: str, *, params: Any = None, body: Any = None) -> Any:
        """One Store API request for a companion client on this pool (checkout): JSON or raise."""
        return self._send(method, path, params=params, body=body)

    def _send(self, method: str, path: str, *, params: Any = None, body: Any = None) -> Any:
        """One request with one quick retry where repeating it is harmless; JSON or raise."""
        for attempt in (1, 2):
            self._admit()
            try:
                response = self._http.request(method, path, params=params, json=body)
            except httpx.TransportError as exc:
                self.breaker.failure(_describe(exc))
                error: UpstreamError = UpstreamUnavailable(SERVICE, None, _describe(exc))
                retry = method == "GET" or isinstance(
                    exc, httpx.ConnectError | httpx.ConnectTimeout
                )
                cause: BaseException | None = exc
            else:
                self._answered(response.status_code)
                if response.status_code < 500:
                    return _decode(response)
                error, retry, cause = _server_error(response), method == "GET", None
            if not retry or attempt == 2:
                raise error from cause
            self._sleep(self._retry_delay)
        raise AssertionError("unreachable")


def _decode(response: httpx.Response) -> Any:
    """The JSON body of a <500 answer, or the matching error."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        if body is None:
            raise UpstreamUnavailable(SERVICE, response.status_code, "malformed JSON response")
        return body
    raise _client_error(response, body if isinstance(body, dict) else {})


def _client_error(response: httpx.Response, body: Mapping[str, Any]) -> UpstreamError:
    """Map a 4xx and Medusa's ``{type, message, code?}`` body onto the error tree."""
    status = response.status_code
    message = str(body.get("message") or response.reason_phrase or "request rejected")
    kind, code = body.get("type"), body.get("code")
    if status == 429:
        return RateLimited(SERVICE, message, header_seconds(response.headers, "retry-after"))
    if code == "insufficient_inventory":
        return OutOfStock(SERVICE, status, message, kind, code)
    # An unknown route is Express's HTML 404, so a 404 without a JSON body lands here too.
    cls = UpstreamNotFound if status == 404 or kind == "not_found" else UpstreamRejected
    return cls(SERVICE, status, message, kind, code)


def _server_error(response: httpx.Response) -> UpstreamUnavailable:
    return UpstreamUnavailable(SERVICE, response.status_code, "server error")


def _describe(exc: httpx.TransportError) -> str:
    return "timed out" if isinstance(exc, httpx.TimeoutException) else "connection failed"


def _list(body: Any, key: str) -> list[dict[str, Any]]:
    items = body.get(key) if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise UpstreamUnavailable(SERVICE, 200, f"response carries no {key} list")
    return [item for item in items if isinstance(item, dict)]


def _int(body: Mapping[str, Any], key: str) -> int:
    value = body.get(key)
    return value if isinstance(value, int) else 0


def _seg(value: str) -> str:
    """One URL path segment: ids may come from visitors, so nothing may escape the segment."""
    try:
        return segment(value)
    except UnsafeSegment as exc:  # no Medusa id is "." or "..": nothing has it
        raise UpstreamNotFound(SERVICE, 404, "not an id", "not_found") from exc
