"""Asset file helpers for the CMA and the seed: where bytes are stored, their URL, their size."""

from __future__ import annotations

import base64
import binascii
import re
import struct
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

import httpx

from sandbox.contentful.common import KIND_FILE
from sandbox.store import Store

_SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="(\d+)(?:px)?"[^>]*?\bheight="(\d+)(?:px)?"', re.S)


def file_key(asset_id: str, file_name: str) -> str:
    """The ``KIND_FILE`` id the CDA's ``/_files/`` route looks up."""
    return f"{asset_id}/{file_name}"


def file_url(cda_netloc: str, space: str, asset_id: str, file_name: str) -> str:
    """The protocol-relative ``file.url`` of a processed asset, served by the CDA server."""
    return f"//{cda_netloc}/_files/{space}/{asset_id}/{quote(file_name)}"


def fetch_upload(upload: str, own_urls: list[str], store: Store) -> bytes | None:
    """The bytes behind an upload URL: ``data:`` or a sandbox URL; None for anything else."""
    if upload.startswith("data:"):
        return _data_url(upload)
    parts = urlsplit(upload if "://" in upload else f"http:{upload}")
    if parts.netloc not in {urlsplit(u).netloc for u in own_urls}:
        return None
    if parts.path.startswith("/_files/"):
        _, _, _, asset_id, name = (parts.path.split("/", 4) + ["", ""])[:5]
        doc = store.get(KIND_FILE, file_key(asset_id, unquote(name)))
        return base64.b64decode(doc["data"]) if doc else None
    try:  # another sandbox route (a Medusa image, say): ask it
        response = httpx.get(parts.geturl(), timeout=5)
    except httpx.HTTPError:
        return None
    return response.content if response.status_code == 200 else None


def _data_url(url: str) -> bytes | None:
    header, sep, payload = url[5:].partition(",")
    if not sep:
        return None
    if header.endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            return None
    return unquote_to_bytes(payload)


def image_size(data: bytes, content_type: str) -> tuple[int, int] | None:
    """(width, height) of a PNG or an SVG with explicit sizes; None otherwise."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if "svg" in content_type:
        match = _SVG_SIZE.search(data[:2048])
        if match:
            return int(match.group(1)), int(match.group(2))
    return None
