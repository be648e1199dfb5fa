"""What each read API can see: the CDA sees published snapshots, the Preview API current docs.

Archived entities are invisible to both (an archived entity has no published snapshot, and the
Preview API hides archived drafts as Contentful does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.contentful.common import KIND_ASSET, KIND_CONTENT_TYPE, KIND_ENTRY
from sandbox.store import Store

Doc = dict[str, Any]

KIND_OF_TYPE = {"Entry": KIND_ENTRY, "Asset": KIND_ASSET, "ContentType": KIND_CONTENT_TYPE}


def is_archived(doc: Doc) -> bool:
    """True for an archived entity (the CMA sets ``archivedVersion`` and ``archivedAt``)."""
    sys = doc.get("sys") or {}
    return bool(sys.get("archivedVersion") or sys.get("archivedAt"))


@dataclass
class Source:
    """The documents one API serves, read once per request and memoized."""

    store: Store
    preview: bool
    _all: dict[str, list[Doc]] = field(default_factory=dict)
    _by_id: dict[str, dict[str, Doc]] = field(default_factory=dict)

    def all(self, kind: str) -> list[Doc]:
        """Every visible document of a kind, in creation order."""
        if kind not in self._all:
            docs = self.store.all(kind) if self.preview else self.store.all_published(kind)
            self._all[kind] = [d for d in docs if _usable(d) and not is_archived(d)]
        return self._all[kind]

    def get(self, kind: str, id: str) -> Doc | None:
        """One visible document, or None when missing, unpublished (CDA) or archived."""
        if kind not in self._by_id:
            self._by_id[kind] = {d["sys"]["id"]: d for d in self.all(kind)}
        return self._by_id[kind].get(id)

    def content_type(self, id: str) -> Doc | None:
        """A content type for field metadata; falls back to the draft so drafts still localize."""
        found = self.get(KIND_CONTENT_TYPE, id)
        if found is None:
            found = self.store.get(KIND_CONTENT_TYPE, id)
        return found


def _usable(doc: Any) -> bool:
    # A stored doc without sys.id cannot be addressed; skip it rather than fail the request.
    return isinstance(doc, dict) and isinstance(doc.get("sys"), dict) and "id" in doc["sys"]
