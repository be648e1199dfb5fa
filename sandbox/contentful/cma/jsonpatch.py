"""RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over plain JSON values."""

from __future__ import annotations

import copy
from typing import Any


class PatchError(ValueError):
    """A patch that is malformed or cannot be applied (a failed ``test`` included)."""


def apply_patch(doc: Any, operations: Any) -> Any:
    """A patched deep copy of ``doc``; raises PatchError and leaves ``doc`` untouched."""
    if not isinstance(operations, list):
        raise PatchError("a JSON Patch is a list of operations")
    result = copy.deepcopy(doc)
    for op in operations:
        result = _apply_one(result, op)
    return result


def _apply_one(doc: Any, op: Any) -> Any:
    if not isinstance(op, dict) or not isinstance(op.get("path"), str):
        raise PatchError("each operation needs an op and a path")
    kind, path = op.get("op"), op["path"]
    if kind in ("add", "replace", "test") and "value" not in op:
        raise PatchError(f"{kind} needs a value")
    if kind == "add":
        return _add(doc, path, copy.deepcopy(op["value"]))
    if kind == "remove":
        return _remove(doc, path)[0]
    if kind == "replace":
        return _add(_remove(doc, path)[0], path, copy.deepcopy(op["value"]))
    if kind == "test":
        if _get(doc, path) != op["value"]:
            raise PatchError(f"test failed at {path}")
        return doc
    if kind in ("move", "copy") and isinstance(op.get("from"), str):
        value = _get(doc, op["from"])
        if kind == "move":
            doc = _remove(doc, op["from"])[0]
        return _add(doc, path, copy.deepcopy(value))
    raise PatchError(f"unsupported operation {kind!r}")


def _tokens(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"bad pointer {path!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in path[1:].split("/")]


def _get(doc: Any, path: str) -> Any:
    for token in _tokens(path):
        doc = _child(doc, token)
    return doc


def _child(node: Any, token: str) -> Any:
    if isinstance(node, dict) and token in node:
        return node[token]
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    raise PatchError(f"no member {token!r}")


def _parent(doc: Any, path: str) -> tuple[Any, str]:
    tokens = _tokens(path)
    if not tokens:
        raise PatchError("cannot address the document root here")
    parent = doc
    for token in tokens[:-1]:
        parent = _child(parent, token)
    return parent, tokens[-1]


def _add(doc: Any, path: str, value: Any) -> Any:
    if path == "":
        return value
    parent, last = _parent(doc, path)
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        index = len(parent) if last == "-" else _index(last, len(parent) + 1)
        parent.insert(index, value)
    else:
        raise PatchError(f"cannot add under {path!r}")
    return doc


def _remove(doc: Any, path: str) -> tuple[Any, Any]:
    parent, last = _parent(doc, path)
    if isinstance(parent, dict) and last in parent:
        return doc, parent.pop(last)
    if isinstance(parent, list):
        return doc, parent.pop(_index(last, len(parent)))
    raise PatchError(f"nothing at {path!r}")


def _index(token: str, size: int) -> int:
    if not token.isdigit() or int(token) >= size:
        raise PatchError(f"bad array index {token!r}")
    return int(token)
