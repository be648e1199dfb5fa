"""CMA entity lifecycle: sys blocks, version arithmetic, publish/archive rules, webhook payloads.

Version arithmetic as recorded (docs/reference/contentful-wire.md §2.3, version locking):
create → v1 (locales and webhooks start at 0), every save → +1, publish with v →
``publishedVersion = v`` and ``version = v + 1``, unpublish → +1 without the publish stamps,
archive with v → ``archivedVersion = v`` and ``version = v + 1``.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response

from sandbox.contentful.common import MANAGEMENT_TYPE, json_response, link, now_iso

# The sandbox has one user: every write is made by it.
USER_ID = "sandboxuser0000000000"
_PUBLISH_KEYS = ("publishedVersion", "publishedAt", "publishedBy")
_ARCHIVE_KEYS = ("archivedVersion", "archivedAt", "archivedBy")


class CmaError(Exception):
    """A CMA error answer, raised anywhere below a route and rendered by the app."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("message", body["sys"]["id"]))
        self.status = status
        self.body = body

    def response(self) -> Response:
        """The error as an HTTP response in Contentful's shape."""
        return json_response(self.body, self.status, MANAGEMENT_TYPE)


def bad_request(message: str) -> CmaError:
    """400 BadRequest with the recorded body (sys and message only)."""
    return CmaError(400, {"sys": {"type": "Error", "id": "BadRequest"}, "message": message})


def version_mismatch() -> CmaError:
    """409 VersionMismatch; its recorded body is ``sys`` only."""
    return CmaError(409, {"sys": {"type": "Error", "id": "VersionMismatch"}})


def validation_failed(errors: list[dict[str, Any]], error_id: str = "InvalidEntry") -> CmaError:
    """422 with ``details.errors`` as recorded for InvalidEntry."""
    return CmaError(
        422,
        {
            "sys": {"type": "Error", "id": error_id},
            "message": "Validation error",
            "details": {"errors": errors},
        },
    )


def new_sys(type_: str, id: str, space: str, env: str | None, version: int = 1) -> dict[str, Any]:
    """A fresh ``sys`` block for a created entity."""
    now = now_iso()
    sys: dict[str, Any] = {"id": id, "type": type_, "version": version, "createdAt": now}
    sys["createdBy"] = link("User", USER_ID)
    sys["space"] = link("Space", space)
    if env is not None:
        sys["environment"] = link("Environment", env)
    sys["updatedAt"] = now
    sys["updatedBy"] = link("User", USER_ID)
    return sys


def check_version(doc: dict[str, Any], version: int | None, required: bool = True) -> None:
    """409 unless the client's version equals the current one (or is optional and absent)."""
    if version is None and not required:
        return
    if version != doc["sys"]["version"]:
        raise version_mismatch()


def saved(doc: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The entity after a save: body fields replace the old ones, version + 1."""
    new = {k: v for k, v in body.items() if k != "sys"}
    result = {**new, "sys": _touched(doc["sys"])}
    return result


def _touched(sys: dict[str, Any], bump: int = 1) -> dict[str, Any]:
    sys = copy.deepcopy(sys)
    sys["version"] = sys["version"] + bump
    sys["updatedAt"] = now_iso()
    sys["updatedBy"] = link("User", USER_ID)
    return sys


def is_published(doc: dict[str, Any]) -> bool:
    """Whether the entity currently has a published version."""
    return "publishedVersion" in doc["sys"]


def is_archived(doc: dict[str, Any]) -> bool:
    """Whether the entity is archived."""
    return "archivedVersion" in doc["sys"]


def published(doc: dict[str, Any]) -> dict[str, Any]:
    """The entity after publishing its current version."""
    if is_archived(doc):
        raise bad_request("Cannot publish archived")
    version = doc["sys"]["version"]
    result = copy.deepcopy(doc)
    sys = _touched(doc["sys"])
    now = sys["updatedAt"]
    sys.setdefault("firstPublishedAt", now)
    sys["publishedCounter"] = sys.get("publishedCounter", 0) + 1
    sys.update(publishedAt=now, publishedBy=link("User", USER_ID), publishedVersion=version)
    result["sys"] = sys
    return result


def unpublished(doc: dict[str, Any]) -> dict[str, Any]:
    """The entity after unpublishing (firstPublishedAt and publishedCounter stay)."""
    if not is_published(doc):
        raise bad_request("Not published")
    result = copy.deepcopy(doc)
    result["sys"] = {k: v for k, v in _touched(doc["sys"]).items() if k not in _PUBLISH_KEYS}
    return result


def archived(doc: dict[str, Any]) -> dict[str, Any]:
    """The entity after archiving (only unpublished entities can be archived)."""
    if is_published(doc):
        raise bad_request("Cannot archive published")
    if is_archived(doc):
        raise bad_request("Already archived")
    result = copy.deepcopy(doc)
    sys = _touched(doc["sys"])
    sys.update(
        archivedAt=sys["updatedAt"],
        archivedBy=link("User", USER_ID),
        archivedVersion=doc["sys"]["version"],
    )
    result["sys"] = sys
    return result


def unarchived(doc: dict[str, Any]) -> dict[str, Any]:
    """The entity after unarchiving."""
    if not is_archived(doc):
        raise bad_request("Not archived")
    result = copy.deepcopy(doc)
    result["sys"] = {k: v for k, v in _touched(doc["sys"]).items() if k not in _ARCHIVE_KEYS}
    return result


def check_deletable(doc: dict[str, Any]) -> None:
    """400 for a published entity (the recorded message has the typo)."""
    if is_published(doc):
        raise bad_request("Cannot deleted published")


def publish_payload(doc: dict[str, Any]) -> dict[str, Any]:
    """The webhook body of a publish: the entity with ``sys.revision`` and no version fields."""
    sys = doc["sys"]
    keep = ("type", "id", "space", "environment", "contentType", "createdAt", "updatedAt")
    out_sys = {k: sys[k] for k in keep if k in sys}
    out_sys["revision"] = sys.get("publishedCounter", 1)
    out_sys["createdBy"] = sys.get("createdBy", link("User", USER_ID))
    out_sys["updatedBy"] = sys.get("updatedBy", link("User", USER_ID))
    body = {k: copy.deepcopy(v) for k, v in doc.items() if k != "sys"}
    return {"sys": out_sys, **body}


def deleted_payload(doc: dict[str, Any]) -> dict[str, Any]:
    """The webhook body of an unpublish or delete: ``Deleted<Type>`` with sys only."""
    sys = doc["sys"]
    keep = ("id", "space", "environment", "contentType", "createdAt", "updatedAt")
    out_sys: dict[str, Any] = {"type": f"Deleted{sys['type']}"}
    out_sys.update({k: sys[k] for k in keep if k in sys})
    out_sys["revision"] = sys.get("publishedCounter", 0)
    out_sys["deletedAt"] = now_iso()
    return {"sys": out_sys}
