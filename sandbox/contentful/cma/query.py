"""Collection queries on the CMA: filters on sys and fields, order, skip and limit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sandbox.contentful.cma.lifecycle import CmaError
from sandbox.contentful.common import new_id

_OPERATORS = ("ne", "in", "nin", "exists", "lt", "lte", "gt", "gte", "match")
_PAGING = {"limit", "skip", "order", "content_type", "locale", "select", "include", "access_token"}
MAX_LIMIT = 1000
_NEEDS_TYPE = (
    "A Content Type ID is required. When querying for Entries and involving fields you need to "
    "limit your query to a specific Content Type. Please send a Content Type ID (not the name) "
    'as the URI query parameter "content_type"'
)


def invalid_query(message: str, name: str, path: str) -> CmaError:
    """400 InvalidQuery in the recorded shape."""
    return CmaError(
        400,
        {
            "sys": {"type": "Error", "id": "InvalidQuery"},
            "message": message,
            "details": {"errors": [{"name": name, "path": [path]}]},
        },
    )


def paging(args: Mapping[str, str]) -> tuple[int, int]:
    """(skip, limit) from the query, 400 InvalidQuery when out of range."""
    try:
        skip, limit = int(args.get("skip", 0)), int(args.get("limit", 100))
    except ValueError:
        raise invalid_query("The query you sent was invalid.", "type", "limit") from None
    if skip < 0 or not 0 <= limit <= MAX_LIMIT:
        raise invalid_query("The query you sent was invalid.", "range", "limit")
    return skip, limit


def select(
    docs: list[dict[str, Any]], args: Mapping[str, str], default_locale: str
) -> list[dict[str, Any]]:
    """The documents matching every ``sys.*`` / ``fields.*`` condition, in the requested order."""
    conditions = [_condition(k, v, default_locale) for k, v in args.items() if k not in _PAGING]
    if any(k.startswith("fields.") for k in args) and "content_type" not in args:
        raise CmaError(
            400,
            {
                "sys": {"type": "Error", "id": "BadRequest"},
                "message": _NEEDS_TYPE,
                "requestId": new_id(32),
            },
        )
    if "content_type" in args:
        conditions.append(
            _condition("sys.contentType.sys.id", args["content_type"], default_locale)
        )
    matched = [d for d in docs if all(test(d) for test in conditions)]
    return _ordered(matched, args.get("order", ""), default_locale)


def _condition(key: str, raw: str, locale: str) -> Callable[[dict[str, Any]], bool]:
    path, _, op = key.partition("[")
    op = op.rstrip("]")
    if not (path.startswith("sys.") or path.startswith("fields.")) or (op and op not in _OPERATORS):
        raise invalid_query("The query you sent was invalid.", "unknown", key)
    getter = _getter(path, locale)
    return lambda doc: _test(getter(doc), op, raw)


def _getter(path: str, locale: str) -> Callable[[dict[str, Any]], Any]:
    parts = path.split(".")
    if parts[0] == "fields":
        parts = [*parts[:2], locale, *parts[2:]]  # the CMA filters on the default locale
    if (
        parts[:2] in (["sys", "contentType"], ["sys", "space"], ["sys", "environment"])
        and len(parts) == 3
    ):
        parts = [*parts[:2], "sys", parts[2]]

    def get(doc: dict[str, Any]) -> Any:
        node: Any = doc
        for part in parts:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    return get


def _test(value: Any, op: str, raw: str) -> bool:
    if op == "exists":
        return (value is not None) == (raw.lower() == "true")
    if op in ("in", "nin"):
        hit = _any_equal(value, raw.split(","))
        return hit if op == "in" else not hit
    if op in ("lt", "lte", "gt", "gte"):
        return _compare(value, op, raw)
    if op == "match":
        return isinstance(value, str) and raw.lower() in value.lower()
    equal = _any_equal(value, [raw])
    return not equal if op == "ne" else equal


def _any_equal(value: Any, wanted: list[str]) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(_text(v) in wanted for v in values if v is not None)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(value: Any, op: str, raw: str) -> bool:
    if value is None:
        return False
    left: Any = value
    right: Any = raw
    if not isinstance(value, str):  # numbers compare as numbers, dates as ISO strings
        try:
            left, right = float(value), float(raw)
        except (TypeError, ValueError):
            return False
    return bool({"lt": left < right, "lte": left <= right, "gt": left > right,
                 "gte": left >= right}[op])  # fmt: skip


def _ordered(docs: list[dict[str, Any]], order: str, locale: str) -> list[dict[str, Any]]:
    for key in reversed([k for k in order.split(",") if k]):
        desc = key.startswith("-")
        getter = _getter(key.lstrip("-"), locale)
        present = [d for d in docs if getter(d) is not None]
        absent = [d for d in docs if getter(d) is None]
        present.sort(key=lambda d: _sort_key(getter(d)), reverse=desc)
        docs = present + absent
    return docs


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    return (1, _text(value))
