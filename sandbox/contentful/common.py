"""What the Contentful stand-ins share: storage kinds, error bodies, auth, links, clocks.

Storage contract (used by the CMA, which writes, and the CDA/Preview, which read):
- ``KIND_*`` names the Store kind of each entity type.
- A stored doc is the entity exactly as the CMA returns it: ``sys`` with ``version``, ``createdAt``,
  ``publishedVersion`` and the rest; ``fields`` keyed by field id then locale code.
- The ``published`` snapshot of an Entry, Asset or ContentType is the CMA entity as it stood right
  after its last publish; it is None when never published or unpublished. The CDA serves
  snapshots, the Preview API serves current docs.
"""

from __future__ import annotations

import json
import secrets
import string
from datetime import UTC, datetime
from typing import Any

from flask import Response, request

KIND_LOCALE = "cf:Locale"
KIND_CONTENT_TYPE = "cf:ContentType"
KIND_ENTRY = "cf:Entry"
KIND_ASSET = "cf:Asset"
KIND_WEBHOOK = "cf:WebhookDefinition"
KIND_TAG = "cf:Tag"
KIND_WEBHOOK_CALL = "cf:WebhookCall"
KIND_FILE = "cf:File"  # binary uploads and seeded pictures: {"contentType", "data" (base64)}

DELIVERY_TYPE = "application/vnd.contentful.delivery.v1+json"
MANAGEMENT_TYPE = "application/vnd.contentful.management.v1+json"

_ID_ALPHABET = string.ascii_letters + string.digits


def new_id(length: int = 22) -> str:
    """A random id in Contentful's style (letters and digits)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


def request_id() -> str:
    """A request id like the ones Contentful puts in error bodies."""
    return secrets.token_hex(16)


def now_iso() -> str:
    """The current time as Contentful writes it (UTC, milliseconds, Z)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def link(link_type: str, id: str) -> dict[str, Any]:
    """A Link object such as ``{"sys": {"type": "Link", "linkType": "Space", "id": ...}}``."""
    return {"sys": {"type": "Link", "linkType": link_type, "id": id}}


def json_response(
    data: Any,
    status: int = 200,
    content_type: str = DELIVERY_TYPE,
    headers: dict[str, str] | None = None,
) -> Response:
    """A JSON response with Contentful's vendor media type."""
    response = Response(json.dumps(data), status=status, content_type=content_type)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def error(
    status: int,
    error_id: str,
    message: str,
    details: dict[str, Any] | None = None,
    content_type: str = DELIVERY_TYPE,
    headers: dict[str, str] | None = None,
) -> Response:
    """An error in Contentful's shape: ``{"sys": {"type": "Error", "id": ...}, "message", ...}``."""
    body: dict[str, Any] = {"sys": {"type": "Error", "id": error_id}, "message": message}
    if details is not None:
        body["details"] = details
    body["requestId"] = request_id()
    return json_response(body, status, content_type, headers)


def bearer_token() -> str | None:
    """The access token of the current request (Authorization header or ``access_token``)."""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.args.get("access_token")


def token_error(content_type: str = DELIVERY_TYPE) -> Response:
    """The 401 Contentful sends for a missing or wrong token."""
    return error(
        401,
        "AccessTokenInvalid",
        "The access token you sent could not be found or is invalid.",
        content_type=content_type,
    )


def not_found(kind: str, id: str, space: str, content_type: str = DELIVERY_TYPE) -> Response:
    """The 404 Contentful sends for an unknown resource."""
    return error(
        404,
        "NotFound",
        "The resource could not be found.",
        {"type": kind, "id": id, "space": space},
        content_type,
    )
