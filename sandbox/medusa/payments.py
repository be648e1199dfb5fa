"""Payment providers, payment collections and sessions, as Medusa 2.21's Store API has them.

A fresh Medusa has one provider, ``pp_system_default`` (manual payment), which authorizes every
session. A cart's collection lives inside the cart document (``cart["payment_collection"]``) with
an index record per collection id; any change of the cart total updates the amount and drops the
sessions, as Medusa's ``refreshPaymentCollectionForCartWorkflow`` does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.medusa.common import KIND_REGION, dec, invalid, not_found, num, raw
from sandbox.medusa.ids import new_id, now_iso
from sandbox.store import Store

ZERO = Decimal(0)
KIND_PAYMENT_COLLECTION = "md:payment_collection"  # {"id", "cart_id"}: collection -> its cart
SYSTEM_PROVIDER = "pp_system_default"


def region_providers(region: dict[str, Any]) -> list[str]:
    """The payment provider ids of a region (regions seeded before providers existed get the
    system provider, as a fresh Medusa gives every region)."""
    providers = region.get("payment_providers")
    return [SYSTEM_PROVIDER] if providers is None else list(providers)


def providers_view(store: Store, region_id: str) -> list[dict[str, Any]]:
    """``payment_providers[]`` of ``GET /store/payment-providers?region_id=``."""
    region = store.get(KIND_REGION, region_id)
    if region is None:
        raise not_found(f"Region with id: {region_id} was not found")
    return [{"id": pid, "is_enabled": True} for pid in region_providers(region)]


def new_collection(store: Store, cart: dict[str, Any], total: Decimal) -> dict[str, Any]:
    """A fresh, unpaid payment collection for a cart (indexed by its id)."""
    now = now_iso()
    collection = {
        "id": new_id("pay_col"),
        "currency_code": cart["currency_code"],
        "region_id": cart["region_id"],
        "amount": str(total),
        "status": "not_paid",
        "completed_at": None,
        "metadata": None,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "payment_sessions": [],
    }
    store.put(
        KIND_PAYMENT_COLLECTION, collection["id"], {"id": collection["id"], "cart_id": cart["id"]}
    )
    return collection


def cart_id_of(store: Store, collection_id: str) -> str:
    """The cart a payment collection belongs to, or Medusa's 404."""
    index = store.get(KIND_PAYMENT_COLLECTION, collection_id)
    if index is None:
        raise not_found(f"Payment collection with id: {collection_id} was not found")
    return str(index["cart_id"])


def start_session(collection: dict[str, Any], region: dict[str, Any], body: dict[str, Any]) -> None:
    """Replace the collection's sessions with one for the chosen provider."""
    provider = body.get("provider_id")
    if not isinstance(provider, str) or not provider:
        raise invalid("Invalid request: Field 'provider_id' is required")
    if provider not in region_providers(region):
        raise not_found(f"Payment provider with id: {provider} was not found")
    now = now_iso()
    collection["payment_sessions"] = [
        {
            "id": new_id("payses"),
            "currency_code": collection["currency_code"],
            "amount": collection["amount"],
            "provider_id": provider,
            "data": body.get("data") if isinstance(body.get("data"), dict) else {},
            "context": {},
            "status": "pending",
            "authorized_at": None,
            "payment_collection_id": collection["id"],
            "payment": None,
            "metadata": {},
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
    ]
    collection["updated_at"] = now


def refresh(cart: dict[str, Any], total: Decimal) -> None:
    """Keep a cart's collection at the cart total; a changed total drops the sessions."""
    collection = cart.get("payment_collection")
    if collection and dec(collection["amount"]) != total:
        collection.update(amount=str(total), payment_sessions=[], updated_at=now_iso())


def change_currency(cart: dict[str, Any], currency: str) -> None:
    """A cart moved to another currency: its collection follows, without its sessions."""
    collection = cart.get("payment_collection")
    if collection and collection["currency_code"] != currency:
        collection.update(currency_code=currency, region_id=cart["region_id"], payment_sessions=[])


def authorize(collection: dict[str, Any]) -> None:
    """Authorize a collection's sessions at completion (the system provider authorizes all):
    each gets its payment, the collection its authorized amount."""
    now = now_iso()
    collection.update(status="authorized", authorized_amount=collection["amount"], updated_at=now)
    for session in collection["payment_sessions"]:
        session.update(status="authorized", authorized_at=now, updated_at=now)
        session["payment"] = {"id": new_id("pay")}


def collection_view(collection: dict[str, Any]) -> dict[str, Any]:
    """A payment collection as a Store API cart prints it (``cart.payment_collection``)."""
    amount = dec(collection["amount"])
    head = {key: collection.get(key) for key in _CART_COLLECTION_KEYS}
    authorized = collection.get("authorized_amount")
    # Unauthorized, a real 2.21 prints the three amounts as null; authorized, as numbers.
    paid = {"authorized": dec(authorized), "captured": ZERO, "refunded": ZERO} if authorized else {}
    view: dict[str, Any] = {**head, "raw_amount": raw(amount)}
    for name in ("authorized", "captured", "refunded"):
        value = paid.get(name)
        view[f"raw_{name}_amount"] = None if value is None else raw(value)
    view.update(payment_sessions=_sessions_view(collection), amount=num(amount))
    for name in ("authorized", "captured", "refunded"):
        value = paid.get(name)
        view[f"{name}_amount"] = None if value is None else num(value)
    return view


def collection_reply(collection: dict[str, Any]) -> dict[str, Any]:
    """The ``payment_collection`` of the collection and session routes: a real 2.21 prints only
    its id, currency, amount and sessions there."""
    return {
        "id": collection["id"],
        "currency_code": collection["currency_code"],
        "amount": num(dec(collection["amount"])),
        "payment_sessions": _sessions_view(collection),
    }


_CART_COLLECTION_KEYS = (
    "id", "currency_code", "completed_at", "status", "metadata", "created_at", "updated_at",
    "deleted_at",
)  # fmt: skip


def _sessions_view(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"payment": None, **s, "amount": num(dec(s["amount"])), "raw_amount": raw(dec(s["amount"]))}
        for s in collection["payment_sessions"]
    ]
