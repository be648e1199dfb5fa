"""Link resolution for collection responses: ``includes`` and ``errors``.

Wire facts: docs/reference/contentful-wire.md §1.3 (collection envelope), §4.1 (rich-text nodes).

Links are found in Link fields, arrays of links and rich-text ``data.target`` alike, in the same
locale mode as the items. Depth 1 resolves the items' links, depth 2 the links of those included
entries, and so on up to ``include``. Assets linked from the deepest included entries come
along one level further: two recordings (``cda_entries_locale_star_includes.json`` and
``rich_text_cda_entry_all_node_types.json``, both with the default ``include=1``) include such
assets but not entries at that depth. An item already in ``items`` is never repeated in
``includes``; a target the API cannot see (missing, unpublished on the CDA, archived) is listed
once in ``errors`` as ``notResolvable``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.contentful.cda.matching import link_sys

Item = dict[str, Any]
Lookup = Callable[[str, str], Item | None]  # (linkType, id) -> delivered item or None


def not_resolvable(link_type: str, id: str) -> dict[str, Any]:
    """The ``errors`` entry for a link the API could not resolve."""
    return {
        "sys": {"id": "notResolvable", "type": "error"},
        "details": {"type": "Link", "linkType": link_type, "id": id},
    }


def resolve(
    items: list[Item], depth: int, lookup: Lookup
) -> tuple[dict[str, list[Item]], list[Any]]:
    """``includes`` (only the non-empty types) and ``errors`` for items, ``depth`` levels deep."""
    seen = {(i["sys"].get("type"), i["sys"].get("id")) for i in items if "sys" in i}
    state = _State(lookup, seen)
    frontier = items
    for _ in range(depth):
        frontier = [t for key in _links_of(frontier) if (t := state.visit(key, True)) is not None]
    if depth:
        for key in _links_of(frontier):
            if key[0] == "Asset":
                state.visit(key, False)
    included = {k: v for k, v in state.included.items() if v}
    return included, state.errors


class _State:
    """What one resolution has looked up, included and reported so far."""

    def __init__(self, lookup: Lookup, seen: set[tuple[Any, Any]]) -> None:
        self.lookup, self.seen = lookup, seen
        self.found: dict[tuple[str, str], Item | None] = {}
        self.included: dict[str, list[Item]] = {"Entry": [], "Asset": []}
        self.errors: list[Any] = []

    def visit(self, key: tuple[str, str], report: bool) -> Item | None:
        """Include a link's target once; returns it when newly included (to follow its links)."""
        if key not in self.found:
            self.found[key] = self.lookup(*key)
            if self.found[key] is None and report:
                self.errors.append(not_resolvable(*key))
        target = self.found[key]
        if target is None or key in self.seen:
            return None
        self.seen.add(key)
        self.included[key[0]].append(target)
        return target


def _links_of(items: list[Item]) -> list[tuple[str, str]]:
    keys: dict[tuple[str, str], None] = {}
    for item in items:
        for sys in link_sys(item.get("fields") or {}):
            keys[(str(sys["linkType"]), str(sys["id"]))] = None
    return list(keys)
