"""Contentful request signing: the canonical request, signing and verification (pure functions).

The algorithm is Contentful's (node-apps-toolkit ``signRequest``/``verifyRequest``): header names
lower-cased, the signed headers sorted, the query double-encoded, HMAC-SHA256 over
``METHOD\\nPATH\\nheaders\\nbody`` with the space's signing secret, timestamps in milliseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable, Mapping
from urllib.parse import quote

SIGNATURE = "x-contentful-signature"
SIGNED_HEADERS = "x-contentful-signed-headers"
TIMESTAMP = "x-contentful-timestamp"
DEFAULT_TTL_SECONDS = 30
# Timestamps at or before 2020-01-01 are refused: they are seconds, not milliseconds, or forged.
_MIN_TIMESTAMP_MS = 1_577_836_800_000
_MS = re.compile(r"[0-9]{1,15}")  # ASCII digits only: str.isdigit() also accepts "²"
# JavaScript's encodeURIComponent and encodeURI leave these characters unescaped.
_URI_COMPONENT_SAFE = "-_.!~*'()"
_URI_SAFE = _URI_COMPONENT_SAFE + ";,/?:@&=+$#"


class SignatureError(ValueError):
    """The request's signature cannot be accepted."""


class MalformedSignature(SignatureError):
    """The signature headers are missing or malformed."""


class ExpiredSignature(SignatureError):
    """The signature is older than the time-to-live."""


class InvalidSignature(SignatureError):
    """The signature does not match the request."""


def canonical_path(path: str) -> str:
    """The path as Contentful signs it: the query escaped, then the whole URI-encoded."""
    parts = path.split("?")
    if len(parts) == 1:
        return quote(parts[0], safe=_URI_SAFE)
    query = quote(parts[1], safe=_URI_COMPONENT_SAFE)
    return quote(f"{parts[0]}?{query}", safe=_URI_SAFE)


def canonical_request(method: str, path: str, signed: Mapping[str, str], body: bytes | str) -> str:
    """The string that is signed; ``signed`` holds the already-normalised signed headers."""
    header_text = ";".join(f"{name}:{signed[name]}" for name in sorted(signed))
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return f"{method.upper()}\n{canonical_path(path)}\n{header_text}\n{text}"


def sign(
    secret: str,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes | str = "",
    timestamp_ms: int | None = None,
) -> dict[str, str]:
    """The three signature headers for a request, signing every header given."""
    timestamp = str(int(time.time() * 1000) if timestamp_ms is None else timestamp_ms)
    signed = _normalise(headers)
    signed[TIMESTAMP] = timestamp
    signed[SIGNED_HEADERS] = ",".join(sorted({*signed, SIGNED_HEADERS}))
    digest = _digest(secret, canonical_request(method, path, signed, body))
    return {SIGNATURE: digest, SIGNED_HEADERS: signed[SIGNED_HEADERS], TIMESTAMP: timestamp}


def verify(
    secret: str,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes | str,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
    now_ms: int | None = None,
    required: Iterable[str] = (),
) -> None:
    """Accept the request or raise a SignatureError saying why (constant-time comparison).

    `required` names headers the receiver acts on: a signature that leaves one of them out
    would let anyone change it, so it is refused. Beyond Contentful's own check, a timestamp
    more than the TTL in the future is refused too (a signature made ahead would outlive it).
    """
    normal = _normalise(headers)
    signature, names, timestamp = _signature_parts(normal)
    unsigned = sorted({name.lower() for name in required} - set(names))
    if unsigned:
        raise MalformedSignature(f"{', '.join(unsigned)} must be signed")
    now = int(time.time() * 1000) if now_ms is None else now_ms
    if ttl_seconds and now - timestamp >= ttl_seconds * 1000:
        raise ExpiredSignature(f"signature older than {ttl_seconds} s")
    if ttl_seconds and timestamp - now > ttl_seconds * 1000:
        raise ExpiredSignature(f"signature timestamp more than {ttl_seconds} s in the future")
    signed = {name: normal.get(name, "") for name in names}
    signed[TIMESTAMP] = str(timestamp)
    signed[SIGNED_HEADERS] = ",".join(sorted(names))
    expected = _digest(secret, canonical_request(method, path, signed, body))
    # As bytes: compare_digest raises TypeError on a non-ASCII str (headers are latin-1 text).
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise InvalidSignature("signature does not match the request")


def signed_names(headers: Mapping[str, str]) -> set[str]:
    """The (lower-cased) header names a request says its signature covers."""
    return set(_names(_normalise(headers)))


def _names(normal: Mapping[str, str]) -> list[str]:
    return [n.strip().lower() for n in normal.get(SIGNED_HEADERS, "").split(",") if n.strip()]


def _signature_parts(headers: Mapping[str, str]) -> tuple[str, list[str], int]:
    signature = headers.get(SIGNATURE, "")
    names = _names(headers)
    raw_timestamp = headers.get(TIMESTAMP, "")
    if len(signature) != 64 or len(names) < 2 or not _MS.fullmatch(raw_timestamp):
        raise MalformedSignature("missing or malformed signature headers")
    timestamp = int(raw_timestamp)
    if timestamp <= _MIN_TIMESTAMP_MS:
        raise MalformedSignature("timestamp must be milliseconds since the epoch")
    return signature.lower(), names, timestamp


def _normalise(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.strip().lower(): value.strip() for name, value in headers.items()}


def _digest(secret: str, canonical: str) -> str:
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
