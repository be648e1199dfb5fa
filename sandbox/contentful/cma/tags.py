"""CMA tags: ``PUT /tags/{id}`` creates (visibility from ``X-Contentful-Tag-Visibility``) or,
with ``X-Contentful-Version``, renames; ``DELETE`` needs the version; list and read.

A tag's ``sys.visibility`` is ``private`` (CMA only) or ``public`` (also on the CDA); it is fixed
at creation, as on Contentful.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.query import paging
from sandbox.contentful.common import KIND_TAG

BASE = "/spaces/<space>/environments/<env>/tags"
VISIBILITIES = ("private", "public")


def register(app: Flask, cma: Cma) -> None:
    """Add the tag routes to the CMA app."""
    r = TagRoutes(cma)
    app.add_url_rule(BASE, "tags_list", r.index, methods=["GET"])
    app.add_url_rule(f"{BASE}/<id>", "tag_get", r.get, methods=["GET"])
    app.add_url_rule(f"{BASE}/<id>", "tag_put", r.put, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>", "tag_delete", r.delete, methods=["DELETE"])


class TagRoutes:
    """The handlers for ``/tags``."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def index(self, **_: str) -> Response:
        """``GET /tags``."""
        skip, limit = paging(request.args)
        docs = self.cma.store.all(KIND_TAG)
        return self.cma.collection(docs[skip : skip + limit], len(docs), skip, limit)

    def get(self, id: str, **_: str) -> Response:
        """``GET /tags/{id}``."""
        return self.cma.respond(self.cma.get(KIND_TAG, id, "Tag"))

    def put(self, id: str, **_: str) -> Response:
        """Create without a version header (201), rename with the current version (200)."""
        existing = self.cma.store.get(KIND_TAG, id)
        version = self.cma.version()
        name = _name(self.cma.body())
        if version is None:
            if existing is not None:
                raise lifecycle.version_mismatch()
            self.cma.check_id(id)
            return self.cma.respond(self._create(id, name), 201)
        if existing is None:
            raise self.cma.not_found("Tag", id)
        lifecycle.check_version(existing, version)
        new = {**lifecycle.saved(existing, {}), "name": name}
        return self.cma.respond(self.cma.store.put(KIND_TAG, id, new))

    def delete(self, id: str, **_: str) -> Response:
        """``DELETE /tags/{id}`` with the current version: 204."""
        lifecycle.check_version(self.cma.get(KIND_TAG, id, "Tag"), self.cma.version())
        self.cma.store.delete(KIND_TAG, id)
        return self.cma.no_content()

    def _create(self, id: str, name: str) -> dict[str, Any]:
        visibility = request.headers.get("X-Contentful-Tag-Visibility", "private")
        if visibility not in VISIBILITIES:
            raise _invalid("visibility", visibility)
        if any(t["name"] == name for t in self.cma.store.all(KIND_TAG)):
            raise _invalid("name", name, "taken")
        sys = {**self.cma.sys_for("Tag", id), "visibility": visibility}
        return self.cma.store.put(KIND_TAG, id, {"name": name, "sys": sys})


def _name(body: dict[str, Any]) -> str:
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 64:
        raise _invalid("name", name)
    return name


def _invalid(path: str, value: Any, name: str = "invalid") -> lifecycle.CmaError:
    return lifecycle.validation_failed(
        [{"name": name, "path": [path], "value": value}], "ValidationFailed"
    )
