"""CMA bulk actions: ``POST /bulk_actions/publish`` and ``GET /bulk_actions/actions/{id}``.

Contentful runs a bulk action asynchronously: the POST answers the action with ``sys.status``
``created``, and a client polls the action until it is ``succeeded`` or ``failed``. Here the work
is done on the first poll, so the client's polling path is always exercised. At most 200 items per
action. Publishing is all or nothing: when any item cannot be published (unknown, stale version,
archived, a required field missing), the action fails with ``BulkActionFailed`` naming each bad
item in ``error.details.errors`` and nothing is published.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.lifecycle import CmaError
from sandbox.contentful.cma.publish_checks import PublishedPeers, check_publishable
from sandbox.contentful.common import KIND_ENTRY, link, new_id, now_iso

KIND_BULK_ACTION = "cf:BulkAction"
BASE = "/spaces/<space>/environments/<env>/bulk_actions"
MAX_ITEMS = 200


def register(app: Flask, cma: Cma) -> None:
    """Add the bulk action routes to the CMA app."""
    routes = BulkRoutes(cma)
    app.add_url_rule(f"{BASE}/publish", "bulk_publish", routes.publish, methods=["POST"])
    app.add_url_rule(f"{BASE}/actions/<id>", "bulk_get", routes.get, methods=["GET"])


class BulkRoutes:
    """The handlers; each takes the URL's ``space`` and ``env`` (checked by the app)."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def publish(self, space: str, env: str) -> Response:
        """Create a publish action for up to 200 versioned entry links."""
        items = _items(self.cma.body())
        sys = self._sys()
        action = {
            "sys": sys,
            "action": "publish",
            "payload": {"entities": {"sys": {"type": "Array"}, "items": items}},
            "error": None,
        }
        self.cma.store.put(KIND_BULK_ACTION, sys["id"], action)
        return self.cma.respond(action, 201)

    def get(self, space: str, env: str, id: str) -> Response:
        """The action, run first if it has not been yet."""
        action = self.cma.store.get(KIND_BULK_ACTION, id)
        if action is None:
            raise self.cma.not_found("BulkAction", id)
        if action["sys"]["status"] == "created":
            action = self._run(action)
        return self.cma.respond(action)

    def _sys(self) -> dict[str, Any]:
        now = now_iso()
        return {
            "id": new_id(),
            "type": "BulkAction",
            "status": "created",
            "space": link("Space", self.cma.space),
            "environment": link("Environment", self.cma.env),
            "createdBy": link("User", lifecycle.USER_ID),
            "createdAt": now,
            "updatedAt": now,
        }

    def _run(self, action: dict[str, Any]) -> dict[str, Any]:
        """Check every item, then publish them all, or none."""
        items = action["payload"]["entities"]["items"]
        docs, errors = [], []
        peers = PublishedPeers(self.cma.store)
        for item in items:
            try:
                docs.append(self._checked(item["sys"], peers))
            except CmaError as exc:
                errors.append({"entity": item, "error": exc.body})
        if errors:
            action["error"] = _failure(errors)
            action["sys"]["status"] = "failed"
        else:
            for doc in docs:
                new = lifecycle.published(doc)
                self.cma.save(KIND_ENTRY, new, "Entry.publish", new, lifecycle.publish_payload(new))
            action["sys"]["status"] = "succeeded"
        action["sys"]["updatedAt"] = now_iso()
        self.cma.store.put(KIND_BULK_ACTION, action["sys"]["id"], action)
        return action

    def _checked(self, sys: dict[str, Any], peers: PublishedPeers) -> dict[str, Any]:
        """The entry if it can be published at the linked version (else the CmaError)."""
        doc = self.cma.get(KIND_ENTRY, sys["id"], "Entry")
        lifecycle.check_version(doc, sys.get("version"))
        if lifecycle.is_archived(doc):
            raise lifecycle.bad_request("Cannot publish archived")
        ct = self.cma.active_type(doc["sys"]["contentType"]["sys"]["id"]) or {"fields": []}
        required = [loc["code"] for loc in self.cma.locales() if not loc.get("optional")]
        check_publishable(self.cma.store, doc, ct, required, self.cma.default_locale(), peers)
        return doc


def _items(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The versioned entry links of a publish body (422 for anything else)."""
    entities = body.get("entities")
    items = entities.get("items") if isinstance(entities, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        raise _invalid(["entities", "items"], f"must hold 1 to {MAX_ITEMS} links")
    for index, item in enumerate(items):
        sys = item.get("sys") if isinstance(item, dict) else None
        if not _versioned_entry_link(sys):
            raise _invalid(["entities", "items", index], "must be a versioned Entry link")
    return [{"sys": {**item["sys"]}} for item in items]


def _versioned_entry_link(sys: Any) -> bool:
    return (
        isinstance(sys, dict)
        and sys.get("type") == "Link"
        and sys.get("linkType") == "Entry"
        and isinstance(sys.get("id"), str)
        and isinstance(sys.get("version"), int)
        and not isinstance(sys.get("version"), bool)
    )


def _invalid(path: list[Any], details: str) -> CmaError:
    return lifecycle.validation_failed([{"name": "invalid", "path": path, "details": details}])


def _failure(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "sys": {"type": "Error", "id": "BulkActionFailed"},
        "message": "Bulk action failed",
        "details": {"errors": errors},
    }
