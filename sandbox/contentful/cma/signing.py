"""Contentful request signing for outgoing webhooks (node-apps-toolkit's algorithm).

Wire facts: docs/reference/contentful-wire.md §3.3 (request verification).

The canonical string is ``METHOD\\npath\\nk:v;k:v\\nbody`` over the lower-cased signed headers
sorted by name, and the signature is hex HMAC-SHA256 of it keyed with the space's signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import quote

SECRET_PATTERN = re.compile(r"^[0-9a-zA-Z+/=_-]{64}$")
_COMPONENT_SAFE = "!*'()"  # what JS encodeURIComponent leaves alone besides letters, digits, -_.~
_URI_SAFE = _COMPONENT_SAFE + ";,/?:@&=+$#"  # and what encodeURI additionally leaves alone


def valid_secret(value: object) -> bool:
    """Whether a value is an acceptable signing secret (exactly 64 allowed characters)."""
    return isinstance(value, str) and SECRET_PATTERN.match(value) is not None


def canonical_path(path: str) -> str:
    """The path as signed: query escaped like encodeURIComponent, then all like encodeURI."""
    parts = path.split("?")
    if len(parts) == 1:
        return quote(parts[0], safe=_URI_SAFE)
    escaped_query = quote(parts[1], safe=_COMPONENT_SAFE)
    return quote(f"{parts[0]}?{escaped_query}", safe=_URI_SAFE)


def canonical_string(method: str, path: str, headers: dict[str, str], body: str) -> str:
    """The exact string that is signed; ``headers`` are the signed ones (any case)."""
    pairs = sorted((k.strip().lower(), v.strip()) for k, v in headers.items())
    joined = ";".join(f"{k}:{v}" for k, v in pairs)
    return f"{method.upper()}\n{canonical_path(path)}\n{joined}\n{body}"


def signature(secret: str, canonical: str) -> str:
    """Hex HMAC-SHA256 of the canonical string."""
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def sign(
    secret: str, method: str, path: str, headers: dict[str, str], body: str, timestamp_ms: int
) -> dict[str, str]:
    """The three signature headers for a request that will carry ``headers`` and ``body``."""
    names = sorted(
        {k.strip().lower() for k in headers}
        | {"x-contentful-timestamp", "x-contentful-signed-headers"}
    )
    signed = {k.strip().lower(): v for k, v in headers.items()}
    signed["x-contentful-timestamp"] = str(timestamp_ms)
    signed["x-contentful-signed-headers"] = ",".join(names)
    return {
        "x-contentful-signature": signature(secret, canonical_string(method, path, signed, body)),
        "x-contentful-signed-headers": signed["x-contentful-signed-headers"],
        "x-contentful-timestamp": signed["x-contentful-timestamp"],
    }
