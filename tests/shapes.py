"""Structural comparison for contract tests: same keys and JSON types, values and ids aside."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def json_type(value: Any) -> str:
    """The JSON type name of a value (ints and floats are both 'number')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def shape_diff(
    recorded: Any, actual: Any, path: str = "$", nullable: Iterable[str] = ()
) -> list[str]:
    """Every place where ``actual`` differs in structure from ``recorded``.

    Object keys must match exactly and values must have the same JSON type. Arrays are compared
    element-wise on their first items (when both have one), since counts differ between catalogs.
    Paths listed in ``nullable`` (dotted, ``[]`` for array items) may be null on either side.
    """
    nullable = frozenset(nullable)
    return list(_diff(recorded, actual, path, nullable))


def _diff(recorded: Any, actual: Any, path: str, nullable: frozenset[str]) -> Iterable[str]:
    rtype, atype = json_type(recorded), json_type(actual)
    if rtype != atype:
        if "null" in (rtype, atype) and _normal(path) in nullable:
            return
        yield f"{path}: recorded {rtype}, sandbox {atype}"
        return
    if rtype == "object":
        yield from _diff_keys(recorded, actual, path)
        for key in recorded.keys() & actual.keys():
            yield from _diff(recorded[key], actual[key], f"{path}.{key}", nullable)
    elif rtype == "array" and recorded and actual:
        yield from _diff(recorded[0], actual[0], f"{path}[]", nullable)


def _diff_keys(recorded: dict[str, Any], actual: dict[str, Any], path: str) -> Iterable[str]:
    missing = sorted(recorded.keys() - actual.keys())
    extra = sorted(actual.keys() - recorded.keys())
    if missing:
        yield f"{path}: sandbox lacks keys {missing}"
    if extra:
        yield f"{path}: sandbox has extra keys {extra}"


def _normal(path: str) -> str:
    return path.removeprefix("$.").removeprefix("$")
