"""What Contentful checks when an entry is published, as one 422 ``InvalidEntry``.

Drafts may hold anything their field types allow; a publish (single or in a bulk action) is
refused while a required value is missing, a text value does not match a field's ``regexp``
validation, or a field with ``unique`` has the same value in that locale as another published
entry of the content type. The error shapes follow a Contentful SDK's recorded fixture for
``unique`` (``details`` "Same field value present in other entry", ``conflicting`` links;
labd/contentful-go ``testdata/error_unique_422.json``) and Contentful's validation answer for
``regexp`` (``details`` "Does not match /pattern/"). Whether a validation's own ``message``
replaces that text in the API's answer is not recorded; the sandbox keeps the recorded text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sandbox.contentful.cma.lifecycle import is_archived, validation_failed
from sandbox.contentful.cma.validation import missing_required
from sandbox.contentful.common import KIND_ENTRY, link
from sandbox.store import Store

Doc = dict[str, Any]
UNIQUE_DETAILS = "Same field value present in other entry"
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}


def check_publishable(
    store: Store, doc: Doc, ct: Doc, required_locales: list[str], default: str
) -> None:
    """Raise the 422 listing every problem that keeps ``doc`` from being published."""
    fields = ct.get("fields") or []
    errors = missing_required(doc, fields, required_locales, default)
    errors += list(_regexp_errors(doc, fields))
    errors += list(_unique_errors(doc, fields, store))
    if errors:
        raise validation_failed(errors)


def _regexp_errors(doc: Doc, fields: list[Doc]) -> Iterator[Doc]:
    for field in fields:
        for rule in _rules(field, "regexp"):
            pattern = _compiled(rule)
            for loc, value in _values(doc, field["id"]):
                if isinstance(value, str) and pattern is not None and not pattern.search(value):
                    yield {"name": "regexp", "details": f"Does not match /{pattern.pattern}/",
                           "path": ["fields", field["id"], loc], "value": value}  # fmt: skip


def _unique_errors(doc: Doc, fields: list[Doc], store: Store) -> Iterator[Doc]:
    peers: list[Doc] | None = None  # read once, and only for a unique field with a value
    for field in fields:
        if not any(rule is True for rule in _rules(field, "unique")):
            continue
        for loc, value in _values(doc, field["id"]):
            if value is None:
                continue
            peers = _published_peers(store, doc) if peers is None else peers
            clashing = [p for p in peers if _values_of(p, field["id"]).get(loc) == value]
            if clashing:
                others = [link("Entry", peer["sys"]["id"]) for peer in clashing]
                yield {"name": "unique", "details": UNIQUE_DETAILS,
                       "path": ["fields", field["id"], loc], "value": value,
                       "conflicting": others}  # fmt: skip


def _published_peers(store: Store, doc: Doc) -> list[Doc]:
    """The other published, unarchived entries of ``doc``'s content type."""
    ct_id = doc["sys"]["contentType"]["sys"]["id"]
    return [
        peer
        for peer in store.all_published(KIND_ENTRY)
        if peer["sys"]["id"] != doc["sys"]["id"]
        and peer["sys"].get("contentType", {}).get("sys", {}).get("id") == ct_id
        and not is_archived(peer)
    ]


def _rules(field: Doc, name: str) -> list[Any]:
    validations = field.get("validations") or []
    return [rule[name] for rule in validations if isinstance(rule, dict) and name in rule]


def _compiled(rule: Any) -> re.Pattern[str] | None:
    if not isinstance(rule, dict) or not isinstance(rule.get("pattern"), str):
        return None
    flags = 0
    for letter in rule.get("flags") or "":
        flags |= _FLAGS.get(letter, 0)
    try:
        return re.compile(rule["pattern"], flags)
    except re.error:
        return None  # a pattern Python cannot read is not enforced here


def _values(doc: Doc, field_id: str) -> list[tuple[str, Any]]:
    return list(_values_of(doc, field_id).items())


def _values_of(doc: Doc, field_id: str) -> dict[str, Any]:
    values = (doc.get("fields") or {}).get(field_id)
    return values if isinstance(values, dict) else {}
