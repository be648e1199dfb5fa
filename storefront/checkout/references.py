"""Signed order references: the confirmation URL names an order without exposing its id.

A reference is the order id signed with the app's secret (itsdangerous), so a visitor cannot
open another shopper's confirmation by guessing or editing an id.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

_SALT = "storefront.order-confirmation"
MAX_AGE = 90 * 24 * 3600  # seconds a confirmation link keeps working


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def sign(order_id: str) -> str:
    """The reference of an order for its confirmation URL."""
    return _serializer().dumps(order_id)


def order_id(reference: str) -> str | None:
    """The order id a reference names, or None when it is forged, altered or too old."""
    if len(reference) > 500:
        return None
    try:
        value = _serializer().loads(reference, max_age=MAX_AGE)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
