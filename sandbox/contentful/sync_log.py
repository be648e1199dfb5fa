"""The change log the Sync API reads: the latest change of each entry and asset, per read API.

Every CMA event on an Entry or Asset moves the entity to a new position of one space-wide
counter, separately for what the CDA sees (publish / unpublish) and what the Preview API sees
(every draft change; archive and delete hide it). A sync token is a position: a delta is every
entity whose latest change lies after it, in the order of those changes. Only the latest change
is kept, as the Sync API reports only an entity's current state.
"""

from __future__ import annotations

from typing import Any

from sandbox.contentful.common import now_iso
from sandbox.store import Store

KIND_SYNC = "cf:SyncChange"
POSITION_META = "cf:sync:position"
APIS = ("cda", "cpa")
_SYNCED_TYPES = frozenset({"Entry", "Asset"})
# topic action -> (CDA change, Preview change); None leaves that API's view as it was.
_CHANGES: dict[str, tuple[str | None, str | None]] = {
    "create": (None, "upsert"),
    "save": (None, "upsert"),
    "publish": ("upsert", "upsert"),
    "unpublish": ("delete", "upsert"),
    "archive": (None, "delete"),
    "unarchive": (None, "upsert"),
    "delete": (None, "delete"),
}


def position(store: Store) -> int:
    """The position of the latest recorded change (0 before any)."""
    return int(store.meta_get(POSITION_META, "0") or 0)


def record(store: Store, topic: str, doc: dict[str, Any]) -> None:
    """Log an Entry/Asset event (``Entry.publish`` …) for the read APIs it changes."""
    type_name, _, action = topic.partition(".")
    sys = doc.get("sys") or {}
    if type_name not in _SYNCED_TYPES or action not in _CHANGES:
        return
    with store.transaction():
        for api, change in zip(APIS, _CHANGES[action], strict=True):
            if change is not None:
                _put(store, api, change, sys)


def _put(store: Store, api: str, change: str, sys: dict[str, Any]) -> None:
    pos = position(store) + 1
    store.meta_set(POSITION_META, str(pos))
    entry: dict[str, Any] = {"api": api, "pos": pos, "change": change, "type": sys["type"]}
    entry["id"] = sys["id"]
    if change == "delete":
        entry["deleted"] = _deleted_sys(sys, api)
    store.put(KIND_SYNC, f"{api}:{sys['type']}:{sys['id']}", entry)


def _deleted_sys(sys: dict[str, Any], api: str) -> dict[str, Any]:
    # The recorded Sync item: type, id, space, revision, createdAt, updatedAt, deletedAt.
    now = now_iso()
    created = sys.get("firstPublishedAt") if api == "cda" else sys.get("createdAt")
    out: dict[str, Any] = {"type": f"Deleted{sys['type']}", "id": sys["id"]}
    out.update(space=sys.get("space"), environment=sys.get("environment"))
    out.update(revision=sys.get("publishedCounter", 0), createdAt=created or now)
    out.update(updatedAt=now, deletedAt=now)
    return out


def changes(store: Store, api: str, after: int, upto: int) -> list[dict[str, Any]]:
    """The latest change of each entity with a position in ``(after, upto]``, oldest first."""
    found = [
        c for c in store.all(KIND_SYNC) if c.get("api") == api and after < int(c["pos"]) <= upto
    ]
    return sorted(found, key=lambda c: int(c["pos"]))
