"""``/tags`` and ``/tags/{id}`` on the CDA and Preview API: the public tags only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.contentful.cda.query import invalid
from sandbox.contentful.cda.reader import Reader
from sandbox.contentful.cda.shapes import collection
from sandbox.contentful.common import KIND_TAG

_PARAMS = frozenset({"access_token", "limit", "skip", "sys.id", "sys.id[in]", "name"})


def public_tags(reader: Reader) -> list[dict[str, Any]]:
    """Every public tag in creation order (private tags exist for the CMA only)."""
    tags = reader.source.store.all(KIND_TAG)
    return [t for t in tags if t.get("sys", {}).get("visibility") == "public"]


def tag_list(reader: Reader, args: Mapping[str, str]) -> dict[str, Any]:
    """``GET /tags`` (filters ``sys.id``, ``sys.id[in]``, ``name``; ``limit``, ``skip``)."""
    for key in args:
        if key not in _PARAMS:
            raise invalid("unknown", [key])
    tags = public_tags(reader)
    ids = args.get("sys.id[in]", args.get("sys.id"))
    if ids is not None:
        tags = [t for t in tags if t["sys"]["id"] in ids.split(",")]
    if "name" in args:
        tags = [t for t in tags if t["name"] == args["name"]]
    skip, limit = _int(args, "skip", 0, None), _int(args, "limit", 100, 1000)
    return collection(tags[skip : skip + limit], len(tags), skip, limit)


def tag_one(reader: Reader, id: str) -> dict[str, Any] | None:
    """``GET /tags/{id}``, or None for an unknown or private tag."""
    return next((t for t in public_tags(reader) if t["sys"]["id"] == id), None)


def _int(args: Mapping[str, str], name: str, default: int, high: int | None) -> int:
    raw = args.get(name, str(default))
    if not raw.isdigit() or (high is not None and int(raw) > high):
        raise invalid("range", [name], value=raw)
    return int(raw)
