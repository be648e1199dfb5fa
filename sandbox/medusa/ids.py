"""Medusa-style ids (``prefix_`` + a 26-character ULID) and timestamps.

Ids for seeded records are derived from a stable key (a handle, a SKU) so the same catalog gives
the same ids on every machine; ids for records created at run time are ordinary time-ordered ULIDs.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime

# Crockford's base32, as ULIDs use it (no I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def new_ulid() -> str:
    """A fresh ULID: 48 bits of milliseconds, then 80 random bits."""
    millis = int(time.time() * 1000)
    return _encode(millis, 10) + _encode(secrets.randbits(80), 16)


def new_id(prefix: str) -> str:
    """A fresh Medusa id such as ``prod_01M8E9A7ND4M4VJPPKDK7SHZJH``."""
    return f"{prefix}_{new_ulid()}"


def seeded_id(prefix: str, *key: object) -> str:
    """A deterministic Medusa id for a seeded record, derived from its prefix and key."""
    text = "\x1f".join([prefix, *(str(part) for part in key)])
    digest = hashlib.sha256(text.encode()).digest()
    # 128 bits fill 26 base32 characters with a leading 0-7, like a real ULID.
    return f"{prefix}_{_encode(int.from_bytes(digest[:16], 'big'), 26)}"


def now_iso() -> str:
    """The current time as Medusa writes it (UTC, milliseconds, Z)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
