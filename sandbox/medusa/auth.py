"""Admin authentication: the secret API key as HTTP Basic, or a JWT from the email/password login.

The JWT is HS256, signed with a key derived from the secret API key, valid 24 hours like
Medusa's. The secret key sent as a Bearer token is refused (401), as Medusa does.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import Any

from flask import request

from sandbox.config import SandboxConfig
from sandbox.medusa.common import MedusaError
from sandbox.medusa.ids import seeded_id

TOKEN_TTL = 86_400


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_key(config: SandboxConfig) -> bytes:
    """The HS256 key: derived from the secret API key, so it changes when the key does."""
    return hashlib.sha256(b"medusa-sandbox-jwt\x00" + config.api_key.encode()).digest()


def issue_token(config: SandboxConfig) -> str:
    """A signed admin JWT like the one ``POST /auth/user/emailpass`` returns."""
    user_id = seeded_id("user", config.admin_email)
    return sign_claims(
        config,
        {
            "actor_id": user_id,
            "actor_type": "user",
            "auth_identity_id": seeded_id("authid", config.admin_email),
            "app_metadata": {"user_id": user_id},
        },
    )


def sign_claims(config: SandboxConfig, claims: dict[str, Any]) -> str:
    """An HS256 JWT of ``claims`` plus ``iat`` and ``exp`` (24 hours)."""
    now = int(time.time())
    claims = {**claims, "iat": now, "exp": now + TOKEN_TTL}
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(signing_key(config), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(signature)}"


def read_claims(config: SandboxConfig, token: str) -> dict[str, Any] | None:
    """The claims of a JWT this sandbox signed and that has not expired, or None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    expected = hmac.new(signing_key(config), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256)
    try:
        if not hmac.compare_digest(expected.digest(), _unb64(parts[2])):
            return None
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(claims, dict) or claims.get("exp", 0) <= time.time():
        return None
    return claims


def verify_token(config: SandboxConfig, token: str) -> dict[str, Any] | None:
    """The claims of a valid, unexpired admin JWT, or None."""
    claims = read_claims(config, token)
    return claims if claims is not None and claims.get("actor_type") == "user" else None


# Medusa's message for a secret key sent as a Bearer token (a message, not a secret).
WRONG_SCHEME_MESSAGE = (
    "A secret API key was passed as a Bearer token. Secret API keys must be sent using HTTP"
    " Basic authentication instead (Authorization: Basic <secret-api-key>)."
)


def require_admin(config: SandboxConfig) -> None:
    """Accept HTTP Basic with the secret key or a valid Bearer JWT; otherwise Medusa's 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "basic" and _basic_user(credentials) == config.api_key:
        return
    if scheme.lower() == "bearer" and verify_token(config, credentials.strip()):
        return
    if scheme.lower() == "bearer" and credentials.strip().startswith("sk_"):
        raise MedusaError(401, "", WRONG_SCHEME_MESSAGE)  # any sk_ token, valid or not (2.21)
    raise MedusaError(401, "", "Unauthorized")


def _basic_user(credentials: str) -> str | None:
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode()
    except (ValueError, binascii.Error):
        return None
    return decoded.partition(":")[0]


def login(config: SandboxConfig, body: dict[str, Any]) -> str:
    """Check an email/password login and return a token (Medusa's 401 when wrong)."""
    email_ok = hmac.compare_digest(str(body.get("email", "")), config.admin_email)
    password_ok = hmac.compare_digest(str(body.get("password", "")), config.admin_password)
    if not (email_ok and password_ok):
        raise MedusaError(401, "unauthorized", "Invalid email or password")
    return issue_token(config)
