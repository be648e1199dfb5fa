"""What the CMA resource route modules share: collection, item and lifecycle handlers and URLs.

A resource subclasses ``VersionedRoutes`` (or ``PublishableRoutes`` when it can be published),
names its store kind and error type, and fills in the hooks for what differs; ``register_resource``
then adds its standard routes. Handlers take the URL's ``space`` (and ``env``) as keywords they
ignore: the app has already checked them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Flask, Response, request

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.query import paging, select
from sandbox.contentful.cma.validation import check_entry_fields


class VersionedRoutes:
    """List, read, create, create-or-replace and delete one kind of versioned entity."""

    kind: ClassVar[str]
    type_name: ClassVar[str]
    # Entries and assets take the ``sys.*`` / ``fields.*`` query conditions on their collection.
    queryable: ClassVar[bool] = False

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def index(self, **_: str) -> Response:
        """``GET /{resource}``: one page of the (filtered) collection."""
        skip, limit = paging(request.args)
        docs = self.cma.store.all(self.kind)
        if self.queryable:
            docs = select(docs, request.args, self.cma.default_locale())
        return self.cma.collection(docs[skip : skip + limit], len(docs), skip, limit)

    def get(self, id: str, **_: str) -> Response:
        """``GET /{resource}/{id}``."""
        return self.cma.respond(self.cma.get(self.kind, id, self.type_name))

    def create(self, **_: str) -> Response:
        """``POST /{resource}``: a server-made id."""
        return self._create(None)

    def put(self, id: str, **_: str) -> Response:
        """``PUT /{resource}/{id}``: create without a version header, else update."""
        existing = self.cma.store.get(self.kind, id)
        version = self.cma.version()
        if version is None:
            if existing is not None:
                raise lifecycle.version_mismatch()
            self.cma.check_id(id)
            return self._create(id)
        if existing is None:
            raise self.cma.not_found(self.type_name, id)
        lifecycle.check_version(existing, version)
        return self.cma.respond(self._update(existing))

    def delete(self, id: str, **_: str) -> Response:
        """``DELETE /{resource}/{id}``: 204."""
        doc = self.cma.get(self.kind, id, self.type_name)
        self._check_delete(doc)
        self.cma.store.delete(self.kind, id)
        self._deleted(doc)
        return self.cma.no_content()

    # -- hooks ----------------------------------------------------------------------------------
    def _create(self, id: str | None) -> Response:
        """Create the entity from the request body (201); every resource defines it."""
        raise NotImplementedError

    def _update(self, existing: dict[str, Any]) -> dict[str, Any]:
        """Save the request body over an entity whose version matched; every resource defines it."""
        raise NotImplementedError

    def _check_delete(self, doc: dict[str, Any]) -> None:
        """Raise when the entity cannot be deleted now (anything goes by default)."""

    def _deleted(self, doc: dict[str, Any]) -> None:
        """Announce a delete (nothing by default)."""

    def _versioned(self, id: str, required: bool = True) -> dict[str, Any]:
        """The stored entity, after checking the request's version header against it."""
        doc = self.cma.get(self.kind, id, self.type_name)
        lifecycle.check_version(doc, self.cma.version(), required=required)
        return doc


class PublishableRoutes(VersionedRoutes):
    """A versioned entity that also publishes, unpublishes, archives and unarchives."""

    # The endpoint name suffixes of ``PUT`` / ``DELETE /{id}/published``.
    publish_verbs: ClassVar[tuple[str, str]] = ("publish", "unpublish")
    archivable: ClassVar[bool] = True

    def publish(self, id: str, **_: str) -> Response:
        """``PUT /{resource}/{id}/published``: the version header is required."""
        doc = self._versioned(id)
        self._check_publish(doc)
        new = lifecycle.published(doc)
        payload = self._publish_payload(new)
        topic = f"{self.type_name}.publish"
        return self.cma.respond(self.cma.save(self.kind, new, topic, new, payload))

    def unpublish(self, id: str, **_: str) -> Response:
        """``DELETE /{resource}/{id}/published``: the version header is optional."""
        doc = self._versioned(id, required=False)
        self._check_unpublish(doc)
        new = lifecycle.unpublished(doc)
        payload = lifecycle.deleted_payload(new)
        topic = f"{self.type_name}.unpublish"
        return self.cma.respond(self.cma.save(self.kind, new, topic, None, payload))

    def archive(self, id: str, **_: str) -> Response:
        """``PUT /{resource}/{id}/archived``."""
        new = lifecycle.archived(self._versioned(id, required=False))
        return self.cma.respond(self.cma.save(self.kind, new, f"{self.type_name}.archive"))

    def unarchive(self, id: str, **_: str) -> Response:
        """``DELETE /{resource}/{id}/archived``."""
        new = lifecycle.unarchived(self._versioned(id, required=False))
        return self.cma.respond(self.cma.save(self.kind, new, f"{self.type_name}.unarchive"))

    # -- hooks ----------------------------------------------------------------------------------
    def _check_publish(self, doc: dict[str, Any]) -> None:
        """Raise when the entity cannot be published (``lifecycle.published`` checks archiving)."""

    def _publish_payload(self, new: dict[str, Any]) -> dict[str, Any]:
        """The webhook body of a publish."""
        return lifecycle.publish_payload(new)

    def _check_unpublish(self, doc: dict[str, Any]) -> None:
        """Raise when the entity cannot be unpublished (``lifecycle.unpublished`` checks it)."""

    def _check_delete(self, doc: dict[str, Any]) -> None:
        """400 while published."""
        lifecycle.check_deletable(doc)

    def _deleted(self, doc: dict[str, Any]) -> None:
        """Announce ``{Type}.delete`` with the ``Deleted{Type}`` body."""
        self.cma.emit(f"{self.type_name}.delete", doc, lifecycle.deleted_payload(doc))


def register_resource(
    app: Flask, base: str, names: tuple[str, str], routes: VersionedRoutes
) -> None:
    """Add a resource's standard routes; ``names`` are the (plural, singular) endpoint prefixes."""
    plural, one = names
    item = f"{base}/<id>"
    app.add_url_rule(base, f"{plural}_list", routes.index, methods=["GET"])
    app.add_url_rule(base, f"{plural}_create", routes.create, methods=["POST"])
    app.add_url_rule(item, f"{one}_get", routes.get, methods=["GET"])
    app.add_url_rule(item, f"{one}_put", routes.put, methods=["PUT"])
    app.add_url_rule(item, f"{one}_delete", routes.delete, methods=["DELETE"])
    if isinstance(routes, PublishableRoutes):
        _register_lifecycle(app, item, one, routes)


def _register_lifecycle(app: Flask, item: str, one: str, routes: PublishableRoutes) -> None:
    on, off = routes.publish_verbs
    app.add_url_rule(f"{item}/published", f"{one}_{on}", routes.publish, methods=["PUT"])
    app.add_url_rule(f"{item}/published", f"{one}_{off}", routes.unpublish, methods=["DELETE"])
    if routes.archivable:
        app.add_url_rule(f"{item}/archived", f"{one}_archive", routes.archive, methods=["PUT"])
        app.add_url_rule(
            f"{item}/archived", f"{one}_unarchive", routes.unarchive, methods=["DELETE"]
        )


def entity_fields(
    cma: Cma, body: dict[str, Any], field_defs: list[dict[str, Any]]
) -> dict[str, Any]:
    """The body's ``fields`` checked against field definitions and the space's locales (422)."""
    codes = [loc["code"] for loc in cma.locales()]
    return check_entry_fields(body.get("fields", {}), field_defs, codes, cma.default_locale())


def with_metadata(out: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The stored attributes plus the body's ``metadata`` object (tags), when it sent one."""
    if isinstance(body.get("metadata"), dict):
        out["metadata"] = body["metadata"]
    return out
