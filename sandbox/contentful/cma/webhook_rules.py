"""Which events a webhook definition wants (topics, filters) and what it sends (transformation)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from sandbox.contentful.common import MANAGEMENT_TYPE

if TYPE_CHECKING:
    from sandbox.contentful.cma.webhook_delivery import Delivery

_MISSING = object()
_TEMPLATE = re.compile(r"\{\s*(/[^}\s]*)\s*\}")


def topic_matches(topics: list[str], topic: str) -> bool:
    """Whether ``Type.action`` is covered by a definition's topics (``*`` on either side)."""
    kind, action = topic.split(".", 1)
    for wanted in topics:
        w_kind, _, w_action = str(wanted).partition(".")
        if w_kind in ("*", kind) and w_action in ("*", action):
            return True
    return False


def filters_pass(filters: list[Any], entity: dict[str, Any]) -> bool:
    """Whether every filter holds for the entity (a missing property makes a filter false)."""
    return all(_holds(f, entity) for f in filters)


def _holds(condition: Any, entity: dict[str, Any]) -> bool:
    if not isinstance(condition, dict) or len(condition) != 1:
        return False
    ((op, args),) = condition.items()
    if op == "not":
        return not _holds(args, entity)
    if not isinstance(args, list) or len(args) != 2 or not isinstance(args[0], dict):
        return False
    value = doc_value(entity, str(args[0].get("doc", "")))
    if value is _MISSING:
        return False
    if op == "equals":
        return bool(value == args[1])
    if op == "in":
        return isinstance(args[1], list) and value in args[1]
    if op == "regexp" and isinstance(args[1], dict):
        return (
            isinstance(value, str) and re.search(str(args[1].get("pattern", "")), value) is not None
        )
    return False


def doc_value(entity: dict[str, Any], path: str) -> Any:
    """The value at a dotted path such as ``sys.contentType.sys.id``, or a missing marker."""
    node: Any = entity
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def transform(transformation: Any, delivery: Delivery) -> tuple[str, str, str]:
    """The (method, content type, body) to send, after an optional transformation."""
    t = transformation if isinstance(transformation, dict) else {}
    method = str(t.get("method") or "POST").upper()
    content_type = str(t.get("contentType") or MANAGEMENT_TYPE)
    if method in ("GET", "DELETE"):
        return method, content_type, ""
    if "body" not in t:
        return method, content_type, json.dumps(delivery.payload)
    context = {"topic": f"ContentManagement.{delivery.topic}", "payload": delivery.payload}
    return method, content_type, json.dumps(_fill(t["body"], context))


def _fill(template: Any, context: dict[str, Any]) -> Any:
    if isinstance(template, dict):
        return {k: _fill(v, context) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, context) for v in template]
    if not isinstance(template, str):
        return template
    whole = _TEMPLATE.fullmatch(template.strip())
    if whole:  # a lone pointer keeps the JSON type of what it points at
        return _pointer(context, whole.group(1))
    return _TEMPLATE.sub(lambda m: _text(_pointer(context, m.group(1))), template)


def _pointer(context: dict[str, Any], pointer: str) -> Any:
    node: Any = context
    for token in pointer.strip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
