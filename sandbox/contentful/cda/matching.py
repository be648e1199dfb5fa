"""A parsed query applied to delivered items: which match, in what order, with which fields.

Matching covers the ``fields.*``/``sys.*`` filters, full text (``query``, ``[match]``) and
incoming links (``links_to_*``); ``order`` sorts, ``select`` projects.

Filters and order look at the *locale-resolved* item: the value a reader of that locale gets,
fallback included (for ``locale=*`` the default locale's view). Contentful does not document
whether its filters see fallback values; this is the sandbox's choice (wire facts:
docs/reference/contentful-wire.md §1.2, query parameters, and §7, not verified).
Query values are compared in the type of the stored value: numbers as numbers, booleans as
``true``/``false``, ISO dates as instants, other text as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sandbox.contentful.cda.query import Filter, Path, Query

Item = dict[str, Any]


def values_at(item: Any, path: Path) -> list[Any]:
    """Every value at a dotted path; arrays along the way are flattened (any-element match)."""
    current = [item]
    for key in path:
        step: list[Any] = []
        for value in current:
            if isinstance(value, dict) and key in value:
                step.extend(_flat(value[key]))
        current = step
    return current


def _flat(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def matches(view: Item, flt: Filter) -> bool:
    """True when the locale-resolved item satisfies one filter."""
    found = values_at(view, flt.path)
    wanted = flt.value.split(",") if flt.op in ("in", "nin", "all") else [flt.value]
    if flt.op == "exists":
        return bool(found) == (flt.value == "true")
    if flt.op == "ne":
        return not any(_equal(v, flt.value) for v in found)
    if flt.op == "nin":
        return not any(_equal(v, w) for v in found for w in wanted)
    if flt.op == "all":
        return all(any(_equal(v, w) for v in found) for w in wanted)
    if flt.op == "match":
        return any(text_matches(_text(v), flt.value) for v in found)
    if flt.op in ("lt", "lte", "gt", "gte"):
        return any(_compare(v, flt.value, flt.op) for v in found)
    return any(_equal(v, w) for v in found for w in wanted)  # eq and in


def _equal(stored: Any, raw: str) -> bool:
    if isinstance(stored, bool):
        return raw.lower() == str(stored).lower()
    if isinstance(stored, int | float):
        number = _number(raw)
        return number is not None and number == stored
    if isinstance(stored, str):
        return stored == raw
    return False


def _number(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


def _instant(raw: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    # Dates without a zone compare as UTC so that mixed values still order.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _compare(stored: Any, raw: str, op: str) -> bool:
    pair: tuple[Any, Any] | None = None
    if isinstance(stored, int | float) and not isinstance(stored, bool):
        number = _number(raw)
        pair = None if number is None else (stored, number)
    elif isinstance(stored, str):
        left, right = _instant(stored), _instant(raw)
        pair = (left, right) if left and right else (stored, raw)
    if pair is None:
        return False
    a, b = pair
    return {"lt": a < b, "lte": a <= b, "gt": a > b, "gte": a >= b}[op]


def _text(value: Any) -> str:
    return " ".join(_strings(value))


def _strings(value: Any) -> Iterator[str]:
    # Rich text keeps its words in text nodes' "value"; links and node types are not content.
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict) and value.get("sys", {}).get("type") != "Link":
        if value.get("nodeType") == "text":
            yield str(value.get("value", ""))
        else:
            for key, item in value.items():
                if key not in ("nodeType", "sys", "data"):
                    yield from _strings(item)


def text_matches(text: str, needle: str) -> bool:
    """Full-text match: every word of ``needle`` occurs in ``text`` (case-insensitive)."""
    haystack = text.casefold()
    words = needle.casefold().split()
    return bool(words) and all(word in haystack for word in words)


def links_to(raw_fields: dict[str, Any], link_type: str, id: str) -> bool:
    """True when any locale of any field links to the given Entry or Asset."""
    return any(s.get("linkType") == link_type and s.get("id") == id for s in link_sys(raw_fields))


def link_sys(value: Any) -> Iterator[dict[str, Any]]:
    """The ``sys`` of every Entry/Asset Link inside a value (arrays, rich text, per locale)."""
    if isinstance(value, list):
        for item in value:
            yield from link_sys(item)
    elif isinstance(value, dict):
        sys = value.get("sys")
        if isinstance(sys, dict) and sys.get("type") == "Link":
            if sys.get("linkType") in ("Entry", "Asset") and isinstance(sys.get("id"), str):
                yield sys
            return
        for item in value.values():
            yield from link_sys(item)


def select_query(view: Item, query: Query) -> bool:
    """True when a locale-resolved item passes every filter and the full-text query."""
    if query.text and not text_matches(_text(view.get("fields", {})), query.text):
        return False
    return all(matches(view, flt) for flt in query.filters)


def ordered(pairs: list[tuple[Item, Any]], order: list[tuple[Path, bool]]) -> list[Any]:
    """Sort (view, payload) pairs by the order keys; missing values sort last either way."""
    result = list(pairs)
    for path, descending in reversed(order):
        keyed = [(_sort_value(view, path), (view, payload)) for view, payload in result]
        present = [(k, pair) for k, pair in keyed if k is not None]
        present.sort(key=lambda kp: kp[0], reverse=descending)
        result = [pair for _, pair in present] + [pair for k, pair in keyed if k is None]
    return [payload for _, payload in result]


def _sort_value(view: Item, path: Path) -> tuple[int, Any] | None:
    found = values_at(view, path)
    if not found or isinstance(found[0], dict | list):
        return None
    value = found[0]
    if isinstance(value, bool | int | float):
        return (0, float(value))
    return (1, str(value).casefold())


def project(item: Item, select: Iterable[Path] | None) -> Item:
    """Keep only the selected properties (``sys``, ``fields``, ``fields.name`` ...)."""
    if select is None:
        return item
    paths = list(select)
    whole = {p[0] for p in paths if len(p) == 1 and p[0] in item}
    out: Item = {key: item[key] for key in item if key in whole}
    for root, name in (p for p in paths if len(p) == 2 and p[0] not in whole):
        source = item.get(root)
        if isinstance(source, dict):
            part = out.setdefault(root, {})
            if name in source:
                part[name] = source[name]
    return out
