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

import functools
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


class PublishedPeers:
    """The published, unarchived entries by content type, read from the store at most once.

    A bulk action shares one, so checking its 200 items reads the published entries once, not
    200 times. The entries are the ones published before the action: items of the same action
    are not each other's peers (how Contentful treats two clashing items of one action is not
    recorded).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._by_type: dict[str, list[Doc]] | None = None

    def of(self, doc: Doc) -> list[Doc]:
        """The other published entries of ``doc``'s content type."""
        if self._by_type is None:
            self._by_type = _by_type(self._store.all_published(KIND_ENTRY))
        same_type = self._by_type.get(_type_id(doc), [])
        return [peer for peer in same_type if peer["sys"]["id"] != doc["sys"]["id"]]


def check_publishable(
    store: Store,
    doc: Doc,
    ct: Doc,
    required_locales: list[str],
    default: str,
    peers: PublishedPeers | None = None,
) -> None:
    """Raise the 422 listing every problem that keeps ``doc`` from being published."""
    fields = ct.get("fields") or []
    errors = missing_required(doc, fields, required_locales, default)
    errors += list(_regexp_errors(doc, fields))
    errors += list(_unique_errors(doc, fields, peers or PublishedPeers(store)))
    if errors:
        raise validation_failed(errors)


def _regexp_errors(doc: Doc, fields: list[Doc]) -> Iterator[Doc]:
    for field in fields:
        for rule in _rules(field, "regexp"):
            pattern = _pattern(rule)
            for loc, value in _values_of(doc, field["id"]).items():
                if isinstance(value, str) and pattern is not None and not pattern.search(value):
                    yield {"name": "regexp", "details": f"Does not match /{pattern.pattern}/",
                           "path": ["fields", field["id"], loc], "value": value}  # fmt: skip


def _unique_errors(doc: Doc, fields: list[Doc], peers: PublishedPeers) -> Iterator[Doc]:
    same_type: list[Doc] | None = None  # asked once, and only for a unique field with a value
    for field in fields:
        if not any(rule is True for rule in _rules(field, "unique")):
            continue
        for loc, value in _values_of(doc, field["id"]).items():
            if value is None:
                continue
            same_type = peers.of(doc) if same_type is None else same_type
            clashing = [p for p in same_type if _values_of(p, field["id"]).get(loc) == value]
            if clashing:
                others = [link("Entry", peer["sys"]["id"]) for peer in clashing]
                yield {"name": "unique", "details": UNIQUE_DETAILS,
                       "path": ["fields", field["id"], loc], "value": value,
                       "conflicting": others}  # fmt: skip


def _by_type(published: list[Doc]) -> dict[str, list[Doc]]:
    by_type: dict[str, list[Doc]] = {}
    for entry in published:
        if not is_archived(entry):
            by_type.setdefault(_type_id(entry), []).append(entry)
    return by_type


def _type_id(entry: Doc) -> str:
    return str(entry["sys"].get("contentType", {}).get("sys", {}).get("id", ""))


def _rules(field: Doc, name: str) -> list[Any]:
    validations = field.get("validations") or []
    return [rule[name] for rule in validations if isinstance(rule, dict) and name in rule]


def _pattern(rule: Any) -> re.Pattern[str] | None:
    if not isinstance(rule, dict) or not isinstance(rule.get("pattern"), str):
        return None
    letters = rule.get("flags")
    return _compiled(rule["pattern"], letters if isinstance(letters, str) else "")


@functools.lru_cache(maxsize=256)  # a bulk action checks the same few patterns 200 times
def _compiled(pattern: str, letters: str) -> re.Pattern[str] | None:
    flags = 0
    for letter in letters:
        flags |= _FLAGS.get(letter, 0)
    try:
        return re.compile(pattern, flags)
    except re.error:
        return None  # a pattern Python cannot read is not enforced here


def _values_of(doc: Doc, field_id: str) -> dict[str, Any]:
    values = (doc.get("fields") or {}).get(field_id)
    return values if isinstance(values, dict) else {}
