"""Medusa's ``fields`` query syntax, over a registry of what each entity may show.

``+f`` adds a field to the defaults, ``*rel`` adds a relation with its default fields, ``-f``
removes one, and a bare list (``fields=id,handle``) replaces the defaults; ``id`` is always kept.
Fields or relations the registry does not list (unknown, or outside the allow-list such as
``sales_channels`` on the Store API) are silently dropped, as Medusa does.

A registry entity is written as a line of members: ``name`` (a default field), ``name?`` (only
on request), ``name:entity`` (a relation, shown by default) or ``name:entity?``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# field name -> None for a plain field, or the sub-selection of a relation
Selection = dict[str, Any]


@dataclass(frozen=True)
class Member:
    """One field or relation of an entity."""

    name: str
    entity: str | None
    default: bool


class Registry:
    """The entities one API exposes, with their default and optional members."""

    def __init__(self, specs: dict[str, str]) -> None:
        self.members = {name: _parse(spec) for name, spec in specs.items()}

    def default(self, entity: str) -> Selection:
        """The selection an entity gets when nothing is asked for."""
        selection: Selection = {}
        for member in self.members[entity].values():
            if member.default:
                selection[member.name] = self.default(member.entity) if member.entity else None
        return selection

    def select(self, entity: str, fields: str | None) -> Selection:
        """The selection a ``fields`` parameter asks for."""
        tokens = [token.strip() for token in (fields or "").split(",") if token.strip()]
        replaces = any(token[0] not in "+-*" for token in tokens)
        selection: Selection = {"id": None} if replaces else self.default(entity)
        for token in tokens:
            path = token.lstrip("+-*").split(".")
            if token[0] == "-":
                _remove(selection, path)
            else:
                self._add(entity, selection, path)
        selection.setdefault("id", None)
        return selection

    def _add(self, entity: str, selection: Selection, path: list[str]) -> None:
        if path[0] == "*":
            for member in self.members[entity].values():
                if member.entity is None:
                    selection[member.name] = None
            return
        found = self.members[entity].get(path[0])
        if found is None:
            return  # unknown or not allowed here: dropped without an error
        if found.entity is None:
            if len(path) == 1:
                selection[found.name] = None
            return
        current = selection.get(found.name)
        if len(path) == 1:
            # `*rel` is the relation's own fields: what the defaults nest under it stays, but a
            # replacing list gets no deeper relations (a real 2.21 lists options without values).
            own = self.own_fields(found.entity)
            selection[found.name] = {**own, **current} if isinstance(current, dict) else own
            return
        if not isinstance(current, dict):  # `*a.b` alone shows only a's id beside b
            has_id = "id" in self.members[found.entity]
            selection[found.name] = {"id": None} if has_id else self.own_fields(found.entity)
        self._add(found.entity, selection[found.name], path[1:])

    def own_fields(self, entity: str) -> Selection:
        """What ``*entity`` shows: its default fields, and ``{id}`` of each relation it belongs to.

        A belongs-to relation is one with a ``<name>_id`` field (``option_id`` -> ``option``).
        """
        members = self.members[entity]
        selection: Selection = {}
        for member in members.values():
            if member.default and member.entity is None:
                selection[member.name] = None
            elif member.default and f"{member.name}_id" in members:
                selection[member.name] = {"id": None}
        return selection


def _parse(spec: str) -> dict[str, Member]:
    members: dict[str, Member] = {}
    for word in spec.split():
        default = not word.endswith("?")
        name, _, entity = word.rstrip("?").partition(":")
        members[name] = Member(name, entity or None, default)
    return members


def _remove(selection: Selection, path: list[str]) -> None:
    if len(path) == 1:
        if path[0] != "id":
            selection.pop(path[0], None)
        return
    sub = selection.get(path[0])
    if isinstance(sub, dict):
        _remove(sub, path[1:])


def project(value: Any, selection: Selection | None) -> Any:
    """Keep only the selected keys of a built object (lists are projected item by item)."""
    if selection is None:
        return value
    if isinstance(value, list):
        return [project(item, selection) for item in value]
    if not isinstance(value, dict):
        return value
    return {key: project(item, selection[key]) for key, item in value.items() if key in selection}


def wants(selection: Selection, *path: str) -> bool:
    """Whether a selection reaches down the given path."""
    current: Any = selection
    for name in path:
        if not isinstance(current, dict) or name not in current:
            return False
        current = current[name]
    return True
