"""Checks of CMA bodies against content types and locales (422 answers), and field defaults."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sandbox.contentful.cma.lifecycle import validation_failed

FIELD_TYPES = (
    "Symbol", "Text", "Integer", "Number", "Boolean", "Date", "Location",
    "Object", "RichText", "Link", "Array", "ResourceLink",
)  # fmt: skip
# Objects and arrays nested in one field value (a rich-text list level is four). Contentful does
# not document its own limit; the sandbox's copies and walks recurse once or twice per level, so
# it refuses deeper values with a 422 rather than failing with a RecursionError.
MAX_NESTING = 420
_FIELD_DEFAULTS: dict[str, Any] = {
    "localized": False, "required": False, "disabled": False, "omitted": False, "validations": [],
}  # fmt: skip


def content_type_fields(fields: Any) -> list[dict[str, Any]]:
    """The fields of a content type body with Contentful's defaults filled in (422 if malformed)."""
    if not isinstance(fields, list):
        raise validation_failed([_err("type", ["fields"], fields)], "ValidationFailed")
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for i, field in enumerate(fields):
        problem = _field_problem(field, seen)
        if problem:
            errors.append(_err(problem, ["fields", i], field))
            continue
        seen.add(field["id"])
        out.append({**field, **{k: field.get(k, v) for k, v in _FIELD_DEFAULTS.items()}})
    if errors:
        raise validation_failed(errors, "ValidationFailed")
    return out


def _field_problem(field: Any, seen: set[str]) -> str | None:
    if not isinstance(field, dict) or not isinstance(field.get("id"), str) or not field["id"]:
        return "required"
    if field.get("type") not in FIELD_TYPES or not isinstance(field.get("name", ""), str):
        return "in"
    if field["type"] == "Link" and field.get("linkType") not in ("Entry", "Asset"):
        return "in"
    if field["type"] == "Array" and not isinstance(field.get("items"), dict):
        return "required"
    return "unique" if field["id"] in seen else None


def check_entry_fields(
    fields: Any, ct_fields: list[dict[str, Any]], locales: list[str], default: str
) -> dict[str, Any]:
    """Entry ``fields`` without null values; 422 InvalidEntry on any unknown or mistyped value."""
    if not isinstance(fields, dict):
        raise validation_failed([_err("type", ["fields"], fields)])
    by_id = {f["id"]: f for f in ct_fields}
    errors = list(_field_errors(fields, by_id, locales, default))
    if errors:
        raise validation_failed(errors)
    return {
        fid: {loc: v for loc, v in values.items() if v is not None}
        for fid, values in fields.items()
        if any(v is not None for v in values.values())
    }


def _field_errors(
    fields: dict[str, Any], by_id: dict[str, dict[str, Any]], locales: list[str], default: str
) -> Iterator[dict[str, Any]]:
    for fid, values in fields.items():
        field = by_id.get(fid)
        if field is None or not isinstance(values, dict):
            yield {**_err("unknown", ["fields", fid], values), "details": f'"{fid}" is unknown'}
            continue
        for loc, value in values.items():
            path = ["fields", fid, loc]
            if loc not in locales or (not field["localized"] and loc != default):
                yield _err("unknown", path, value)
            elif nesting(value) > MAX_NESTING:  # first: a type error would echo the value
                yield {"name": "nesting", "path": path, "max": MAX_NESTING,
                       "details": f"Value nested deeper than {MAX_NESTING} levels"}  # fmt: skip
            elif value is not None and not value_ok(field, value):
                yield {**_err("type", path, value), "type": field["type"]}


def missing_required(
    doc: dict[str, Any], ct_fields: list[dict[str, Any]], required_locales: list[str], default: str
) -> list[dict[str, Any]]:
    """The ``required`` errors: a required field without a value in the default or a
    non-optional locale."""
    errors = []
    for field in ct_fields:
        if not field.get("required") or field.get("omitted") or field.get("disabled"):
            continue
        values = doc.get("fields", {}).get(field["id"], {})
        for loc in required_locales if field["localized"] else [default]:
            if values.get(loc) is None:
                errors.append({"name": "required", "path": ["fields", field["id"], loc]})
    return errors


def value_ok(field: dict[str, Any], value: Any) -> bool:
    """Whether a value has the JSON type the field's type demands."""
    if field["type"] == "Array":
        items = field.get("items") or {}
        return isinstance(value, list) and all(value_ok(items, v) for v in value)
    check = _CHECKS.get(field["type"])
    if field["type"] == "Link":
        return _is_link(value, field.get("linkType"))
    return check is not None and check(value)


def nesting(value: Any) -> int:
    """How deep objects and arrays nest in `value` (0 for a scalar), without recursing."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        )
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def _is_link(value: Any, link_type: Any) -> bool:
    sys = value.get("sys") if isinstance(value, dict) else None
    return (
        isinstance(sys, dict)
        and sys.get("type") == "Link"
        and sys.get("linkType") == link_type
        and isinstance(sys.get("id"), str)
    )


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "Symbol": lambda v: isinstance(v, str) and len(v) <= 256,
    "Text": lambda v: isinstance(v, str),
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Number": _is_number,
    "Boolean": lambda v: isinstance(v, bool),
    "Date": _is_date,
    "Location": lambda v: (
        isinstance(v, dict) and _is_number(v.get("lat")) and _is_number(v.get("lon"))
    ),
    "Object": lambda v: isinstance(v, dict | list),
    "RichText": lambda v: isinstance(v, dict) and v.get("nodeType") == "document",
    "ResourceLink": lambda v: isinstance(v, dict) and isinstance(v.get("sys"), dict),
}


def _err(name: str, path: list[Any], value: Any) -> dict[str, Any]:
    return {"name": name, "path": path, "value": value}
