"""Store customers: ``POST /store/customers`` (with a registration token) and ``/me``.

The routes join the Store API blueprint, so they need the publishable key like every ``/store``
route. A registered customer has ``has_account: true``; the guest customers carts make by email
stay separate, as in Medusa, where one email can have a guest and a registered customer.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from sandbox.medusa.blueprints import current_store
from sandbox.medusa.common import KIND_CUSTOMER, body_json, check_body, invalid, json_response
from sandbox.medusa.customer_auth import KIND_AUTH_IDENTITY, auth_context, unauthorized
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.store_api import bp

EDITABLE = {"first_name", "last_name", "phone", "company_name", "metadata"}
_VIEW_KEYS = (
    "id", "email", "company_name", "first_name", "last_name", "phone", "metadata",
    "has_account", "default_billing_address_id", "default_shipping_address_id",
    "created_at", "updated_at", "deleted_at",
)  # fmt: skip


def check_fields(body: dict[str, Any]) -> None:
    """400 for a value Medusa's validator refuses (text fields are strings, metadata an object)."""
    for key, value in body.items():
        ok = isinstance(value, dict) if key == "metadata" else isinstance(value, str)
        if key == "email":
            ok = ok and "@" in value
        if value is not None and not ok:
            raise invalid(f"Invalid request: Field '{key}' is invalid")


def customer_view(customer: dict[str, Any]) -> dict[str, Any]:
    """A customer as the Store API prints it (defaults for what a guest record lacks)."""
    view: dict[str, Any] = {key: customer.get(key) for key in _VIEW_KEYS}
    view["has_account"] = bool(customer.get("has_account"))
    view["addresses"] = list(customer.get("addresses") or [])
    return view


@bp.post("/customers")
def create_customer() -> Response:
    """Create the customer of a registration token's identity."""
    context = auth_context()
    if context is None:
        raise unauthorized()
    if context.get("actor_id"):
        raise invalid("Request already authenticated as a customer.")
    body = body_json()
    check_body(body, EDITABLE | {"email"})
    check_fields(body)
    store = current_store()
    with store.transaction():
        identity = store.get(KIND_AUTH_IDENTITY, str(context.get("auth_identity_id")))
        if identity is None:
            raise unauthorized()
        customer = _new_customer(identity, body)
        identity["app_metadata"] = {**identity["app_metadata"], "customer_id": customer["id"]}
        store.put(KIND_AUTH_IDENTITY, identity["id"], identity)
    return json_response({"customer": customer_view(customer)})


@bp.get("/customers/me")
def me() -> Response:
    """The logged-in customer (Bearer token or session cookie)."""
    return json_response({"customer": customer_view(_current())})


@bp.post("/customers/me")
def update_me() -> Response:
    """Change the logged-in customer's names, phone, company or metadata."""
    body = body_json()
    check_body(body, EDITABLE)
    check_fields(body)
    customer = {**_current(), **body, "updated_at": now_iso()}
    current_store().put(KIND_CUSTOMER, customer["id"], customer)
    return json_response({"customer": customer_view(customer)})


def _current() -> dict[str, Any]:
    context = auth_context()
    actor = (context or {}).get("actor_id")
    customer = current_store().get(KIND_CUSTOMER, str(actor)) if actor else None
    if customer is None:
        raise unauthorized()
    return customer


def _new_customer(identity: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    email = str(body.get("email") or identity["email"]).strip().lower()
    if any(
        c.get("email") == email and c.get("has_account") for c in current_store().all(KIND_CUSTOMER)
    ):
        raise invalid("Customer with this email already has an account.")
    now, customer_id = now_iso(), new_id("cus")
    customer: dict[str, Any] = {key: body.get(key) for key in EDITABLE}
    customer.update(id=customer_id, email=email, has_account=True, groups=[], addresses=[])
    customer.update(created_at=now, updated_at=now, deleted_at=None)
    return current_store().put(KIND_CUSTOMER, customer_id, customer)
