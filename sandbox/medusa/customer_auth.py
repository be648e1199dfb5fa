"""Customer authentication as Medusa v2 does it: emailpass identities, JWTs and cookie sessions.

``POST /auth/customer/emailpass/register`` makes an auth identity and answers a *registration*
token (``actor_id`` empty) that ``POST /store/customers`` turns into a customer;
``POST /auth/customer/emailpass`` logs in (the token's ``actor_id`` is the customer id once there
is one); ``POST /auth/token/refresh`` re-issues a token with the current actor; ``POST
/auth/session`` with a Bearer token opens an express-session (``connect.sid`` cookie), ``DELETE``
closes it. Passwords are kept as scrypt hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import quote, unquote

from flask import Blueprint, Response, current_app, request

from sandbox.config import SandboxConfig
from sandbox.medusa import auth
from sandbox.medusa.blueprints import current_store
from sandbox.medusa.common import MedusaError, body_json, json_response
from sandbox.medusa.ids import new_id, now_iso

KIND_AUTH_IDENTITY = "md:auth_identity"
KIND_SESSION = "md:session"
SESSION_COOKIE = "connect.sid"
SESSION_TTL = 10 * 3600  # Medusa's default session lifetime: 10 hours
_AUTH_KEYS = ("actor_id", "actor_type", "auth_identity_id", "app_metadata")

bp = Blueprint("medusa_customer_auth", __name__, url_prefix="/auth")


def _config() -> SandboxConfig:
    config: SandboxConfig = current_app.config["MEDUSA_CONTEXT"].config
    return config


def unauthorized() -> MedusaError:
    """Medusa's 401 from its authenticate middleware: a bare ``{"message": "Unauthorized"}``."""
    return MedusaError(401, "", "Unauthorized")


@bp.post("/customer/emailpass/register")
def register() -> Response:
    """A new emailpass identity; answers its registration token."""
    email, password = _credentials(body_json())
    store = current_store()
    with store.transaction():
        if identity_by_email(email) is not None:
            raise MedusaError(401, "unauthorized", "Identity with email already exists")
        identity_id = new_id("authid")
        identity: dict[str, Any] = {"id": identity_id, "email": email, "app_metadata": {}}
        identity.update(password=_hash(password), created_at=now_iso())
        store.put(KIND_AUTH_IDENTITY, identity_id, identity)
    return json_response({"token": token_for(identity)})


@bp.post("/customer/emailpass")
def login() -> Response:
    """``{"email", "password"}`` → ``{"token"}``; 401 when either is wrong."""
    email, password = _credentials(body_json())
    identity = identity_by_email(email)
    if identity is None or not _password_ok(identity["password"], password):
        raise MedusaError(401, "unauthorized", "Invalid email or password")
    return json_response({"token": token_for(identity)})


@bp.post("/token/refresh")
def refresh() -> Response:
    """A fresh token for the caller's identity, with the customer it has now."""
    context = auth_context()
    identity = current_store().get(KIND_AUTH_IDENTITY, str((context or {}).get("auth_identity_id")))
    if identity is None:
        raise unauthorized()
    return json_response({"token": token_for(identity)})


@bp.post("/session")
def open_session() -> Response:
    """Turn the Bearer token into a cookie session; answers the auth context as ``user``."""
    context = _bearer_context()
    if context is None:
        raise unauthorized()
    sid = secrets.token_urlsafe(24)
    session = {"id": sid, "auth_context": context, "expires": time.time() + SESSION_TTL}
    current_store().put(KIND_SESSION, sid, session)
    response = json_response({"user": context})
    response.set_cookie(
        SESSION_COOKIE, quote(_signed(sid), safe=""), max_age=SESSION_TTL, httponly=True
    )
    return response


@bp.delete("/session")
def close_session() -> Response:
    """Forget the cookie's session."""
    sid = _session_id()
    if sid is not None:
        current_store().delete(KIND_SESSION, sid)
    response = json_response({"success": True})
    response.delete_cookie(SESSION_COOKIE)
    return response


def auth_context() -> dict[str, Any] | None:
    """The customer auth context of the request: its Bearer JWT, else its session cookie."""
    context = _bearer_context()
    if context is not None:
        return context
    sid = _session_id()
    session = current_store().get(KIND_SESSION, sid) if sid else None
    if session is None or session["expires"] < time.time():
        return None
    found: dict[str, Any] = session["auth_context"]
    return found


def identity_by_email(email: str) -> dict[str, Any] | None:
    """The emailpass identity of an email address, or None."""
    identities = current_store().all(KIND_AUTH_IDENTITY)
    return next((i for i in identities if i["email"] == email), None)


def token_for(identity: dict[str, Any]) -> str:
    """A customer JWT for an identity (``actor_id`` empty until it has a customer)."""
    customer_id = identity["app_metadata"].get("customer_id", "")
    claims = {"actor_id": customer_id, "actor_type": "customer"}
    claims.update(auth_identity_id=identity["id"], app_metadata=identity["app_metadata"])
    return auth.sign_claims(_config(), claims)


def _bearer_context() -> dict[str, Any] | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    claims = auth.read_claims(_config(), token.strip())
    if claims is None or claims.get("actor_type") != "customer":
        return None
    return {key: claims.get(key) for key in _AUTH_KEYS}


def _credentials(body: dict[str, Any]) -> tuple[str, str]:
    # The emailpass provider's own messages, answered as 401 like every failed authentication.
    for key in ("email", "password"):
        if not isinstance(body.get(key), str) or not body[key]:
            raise MedusaError(401, "unauthorized", f"{key.capitalize()} should be a string")
    return str(body["email"]).strip().lower(), str(body["password"])


def _hash(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"{salt.hex()}:{digest.hex()}"


def _password_ok(stored: str, password: str) -> bool:
    salt, _, digest = stored.partition(":")
    again = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return hmac.compare_digest(again.hex(), digest)


def _signed(sid: str) -> str:
    # express-session's cookie: "s:" + id + "." + HMAC-SHA256 of the id (base64, no padding).
    mac = hmac.new(auth.signing_key(_config()), sid.encode(), hashlib.sha256).digest()
    return f"s:{sid}.{base64.b64encode(mac).decode().rstrip('=')}"


def _session_id() -> str | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    value = unquote(raw)
    sid = value[2:].rpartition(".")[0] if value.startswith("s:") else ""
    return sid if sid and hmac.compare_digest(_signed(sid), value) else None
