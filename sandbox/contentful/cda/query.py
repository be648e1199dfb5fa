"""Query parameters of the collection endpoints: parsing and validation.

Wire facts: docs/reference/contentful-wire.md §1.2 (query parameters).

Every mistake becomes a ``QueryError`` carrying Contentful's error id and details; nothing here
raises anything else for any input. Evaluation (filters, order, select) is in ``matching.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.contentful.cda.localize import ALL, Locales

INVALID_QUERY = (
    "The query you sent was invalid. Probably a filter or ordering specification is not "
    "applicable to the type of a field."
)
CONTENT_TYPE_REQUIRED = (
    "A Content Type ID is required. When querying for Entries and involving fields you need to "
    "limit your query to a specific Content Type. Please send a Content Type ID (not the name) as "
    'the URI query parameter "content_type"'
)
OPERATORS = frozenset({"ne", "in", "nin", "exists", "match", "lt", "lte", "gt", "gte", "all"})
SYS_PATHS = frozenset(
    {
        "id",
        "type",
        "createdAt",
        "updatedAt",
        "revision",
        "publishedVersion",
        "contentType.sys.id",
        "environment.sys.id",
    }
)
METADATA_PATHS = frozenset({"tags.sys.id", "concepts.sys.id"})
ASSET_FIELDS = frozenset({"title", "description", "file"})
PLAIN = frozenset(
    {
        "access_token",
        "locale",
        "include",
        "limit",
        "skip",
        "order",
        "select",
        "content_type",
        "query",
        "links_to_entry",
        "links_to_asset",
    }
)
_FILTER = re.compile(r"^(sys|fields|metadata)\.([A-Za-z0-9_.\-]+?)(?:\[([A-Za-z]+)\])?$")
MAX_SELECT = 100

Path = tuple[str, ...]


class QueryError(Exception):
    """A 400 in Contentful's shape: ``InvalidQuery`` or ``BadRequest``."""

    def __init__(self, error_id: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.error_id, self.message, self.details = error_id, message, details


def invalid(name: str, path: list[str], **extra: Any) -> QueryError:
    """An ``InvalidQuery`` naming the offending parameter like the recorded 400."""
    return QueryError(
        "InvalidQuery", INVALID_QUERY, {"errors": [{"name": name, "path": path, **extra}]}
    )


@dataclass(frozen=True)
class Filter:
    """One search condition: a dotted path into the delivered item, an operator, a raw value."""

    path: Path
    op: str
    value: str


@dataclass
class Query:
    """A parsed, validated query on ``/entries`` or ``/assets``."""

    locale: str
    include: int = 1
    limit: int = 100
    skip: int = 0
    content_type: str | None = None
    filters: list[Filter] = field(default_factory=list)
    order: list[tuple[Path, bool]] = field(default_factory=list)  # (path, descending)
    select: list[Path] | None = None
    text: str | None = None
    links_to: tuple[str, str] | None = None  # (linkType, id)


@dataclass(frozen=True)
class Schema:
    """What the query may name: the item type and, for entries, the content type's field ids."""

    item_type: str  # "Entry" or "Asset"
    field_ids: Callable[[str], list[str] | None]  # content type id -> field ids, None if unknown


def parse_query(args: Mapping[str, str], schema: Schema, locales: Locales) -> Query:
    """Parse and validate collection query parameters (raises ``QueryError``)."""
    query = Query(locale=_locale(args.get("locale"), locales))
    query.include = _int(args, "include", 1, 0, 10)
    query.limit = _int(args, "limit", 100, 0, 1000)
    query.skip = _int(args, "skip", 0, 0, None)
    query.content_type = args.get("content_type") or args.get("sys.contentType.sys.id")
    fields = _content_type_fields(query.content_type, schema)
    for key, value in args.items():
        if key not in PLAIN:
            query.filters.append(_filter(key, value, schema, fields))
    query.order = _order(args.get("order"), schema, fields)
    query.select = _select(args.get("select"), schema, fields)
    query.text = args.get("query") or None
    query.links_to = _links_to(args, schema)
    return query


def _locale(value: str | None, locales: Locales) -> str:
    if value is None or value == "":
        return locales.default
    if value == ALL or locales.known(value):
        return value
    raise QueryError("BadRequest", f"Unknown locale: {value}")


def _int(args: Mapping[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    try:
        number = int(raw.strip())
    except ValueError:
        raise invalid("type", [name], value=raw, expected="Integer") from None
    if number < low or (high is not None and number > high):
        raise invalid("range", [name], value=number, min=low, max=high)
    return number


def _content_type_fields(content_type: str | None, schema: Schema) -> list[str] | None:
    if schema.item_type == "Asset":
        return sorted(ASSET_FIELDS)
    if content_type is None:
        return None
    ids = schema.field_ids(content_type)
    if ids is None:
        raise QueryError(
            "InvalidQuery",
            INVALID_QUERY,
            {"errors": [{"name": "unknownContentType", "value": content_type}]},
        )
    return ids


def _filter(key: str, value: str, schema: Schema, fields: list[str] | None) -> Filter:
    match = _FILTER.match(key)
    if match is None:
        raise invalid("unknown", [key])
    root, rest, op = match.group(1), match.group(2), match.group(3) or "eq"
    if op != "eq" and op not in OPERATORS:
        raise invalid("unknownOperator", [key], operator=op)
    _check_path(root, rest, key, schema, fields)
    if op == "exists" and value not in ("true", "false"):
        raise invalid("type", [key], value=value, expected="Boolean")
    return Filter(path=(root, *rest.split(".")), op=op, value=value)


def _check_path(root: str, rest: str, key: str, schema: Schema, fields: list[str] | None) -> None:
    if root == "sys" and rest not in SYS_PATHS:
        raise invalid("unknown", [key])
    if root == "metadata" and rest not in METADATA_PATHS:
        raise invalid("unknown", [key])
    if root == "fields":
        _check_field(rest.split(".")[0], key, schema, fields)


def _check_field(name: str, key: str, schema: Schema, fields: list[str] | None) -> None:
    if fields is None:
        raise QueryError("BadRequest", CONTENT_TYPE_REQUIRED)
    if name not in fields:
        raise invalid("unknown", key.split("."))


def _order(raw: str | None, schema: Schema, fields: list[str] | None) -> list[tuple[Path, bool]]:
    keys: list[tuple[Path, bool]] = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        descending = part.startswith("-")
        dotted = part.lstrip("-")
        root, _, rest = dotted.partition(".")
        if root not in ("sys", "fields") or not rest:
            raise invalid("unknown", ["order", dotted])
        _check_path(root, rest, dotted, schema, fields)
        keys.append(((root, *rest.split(".")), descending))
    return keys


def _select(raw: str | None, schema: Schema, fields: list[str] | None) -> list[Path] | None:
    if raw is None:
        return None
    paths = [tuple(p.strip().split(".")) for p in raw.split(",") if p.strip()]
    if len(paths) > MAX_SELECT:
        raise invalid("size", ["select"], max=MAX_SELECT, value=len(paths))
    for path in paths:
        if path[0] not in ("sys", "fields", "metadata") or len(path) > 2:
            raise invalid("select", ["select", ".".join(path)])
        if path[0] == "fields" and len(path) == 2:
            _check_field(path[1], ".".join(path), schema, fields)
    return paths or None


def _links_to(args: Mapping[str, str], schema: Schema) -> tuple[str, str] | None:
    entry, asset = args.get("links_to_entry"), args.get("links_to_asset")
    if (entry or asset) and schema.item_type != "Entry":
        raise invalid("unknown", ["links_to_entry" if entry else "links_to_asset"])
    if entry and asset:
        raise invalid("unique", ["links_to_entry"])
    if entry:
        return ("Entry", entry)
    return ("Asset", asset) if asset else None
