"""Asset bytes with the Images API parameters, served by the CDA server.

Wire facts: docs/reference/contentful-wire.md §5 (Images API).

Asset ``file.url`` is ``//{cda host:port}/_files/{space}/{asset_id}/{fileName}``. The parameters
``w h fm q fit f r bg fl`` are validated like the Images API (a bad value is a 400) but the bytes
are served as stored: the seeded pictures are SVG, which scales in the browser.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable, Mapping

from flask import Response, request

from sandbox.contentful.common import KIND_FILE, error
from sandbox.store import Store

FORMATS = frozenset({"jpg", "png", "webp", "gif", "avif", "tiff"})
FITS = frozenset({"pad", "fill", "scale", "crop", "thumb"})
FOCUS = frozenset(
    {
        "center",
        "top",
        "right",
        "left",
        "bottom",
        "top_right",
        "top_left",
        "bottom_right",
        "bottom_left",
        "face",
        "faces",
    }
)
FLAGS = frozenset({"progressive", "png8"})
_COLOR = re.compile(r"^rgb:[0-9a-fA-F]{6}$")
IMAGE_CACHE = "public, max-age=31536000"  # files are immutable per URL, as on the images CDN


def _int_in(low: int, high: int | None) -> Callable[[str], bool]:
    def check(raw: str) -> bool:
        return raw.isdigit() and int(raw) >= low and (high is None or int(raw) <= high)

    return check


CHECKS: dict[str, Callable[[str], bool]] = {
    "w": _int_in(1, 4000),
    "h": _int_in(1, 4000),
    "q": _int_in(0, 100),
    "r": lambda raw: raw == "max" or _int_in(0, None)(raw),
    "fm": FORMATS.__contains__,
    "fit": FITS.__contains__,
    "f": FOCUS.__contains__,
    "fl": FLAGS.__contains__,
    "bg": lambda raw: bool(_COLOR.match(raw)),
}


def bad_parameter(args: Mapping[str, str]) -> str | None:
    """The first Images API parameter with an invalid value, or None."""
    for name, check in CHECKS.items():
        if name in args and not check(args[name]):
            return name
    return None


def serve_file(store: Store, space: str, expected_space: str, asset_id: str, name: str) -> Response:
    """The stored bytes of one asset file, or Contentful's 404/400 error bodies."""
    doc = store.get(KIND_FILE, f"{asset_id}/{name}") if space == expected_space else None
    if doc is None:
        return error(404, "NotFound", "The resource could not be found.")
    bad = bad_parameter(request.args)
    if bad is not None:
        return error(400, "BadRequest", f"Invalid value for the image parameter '{bad}'.")
    try:
        data = base64.b64decode(str(doc.get("data", "")), validate=True)
    except (binascii.Error, ValueError):
        return error(404, "NotFound", "The resource could not be found.")
    return _bytes_response(data, str(doc.get("contentType") or "application/octet-stream"))


def _bytes_response(data: bytes, content_type: str) -> Response:
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    response = Response(data, content_type=content_type)
    response.headers["Cache-Control"] = IMAGE_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.set_etag(etag)
    if request.if_none_match.contains_weak(etag):
        response.status_code = 304
        response.set_data(b"")
    return response
