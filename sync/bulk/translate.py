"""``storefront translate --to es-ES``: fill one locale of every product, collection and category
entry, by machine.

Only the target locale is written, only where it is empty (unless overwrite), only for localized
text fields (Symbol, Text, RichText) and ``optionLabels`` (each label the target locale lacks).
Archived entries are skipped with a note: they cannot be written and are not shown.
Each entry is read-merge-written like the sync writer: the
whole entry as read with just the target values added, at the version read; a 409 re-reads the
entry and re-checks what is still empty, so a translator's concurrent edit is never overwritten.
Rich text is translated text node by text node: the document keeps its structure, marks and links.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storefront.clients.errors import UpstreamError, UpstreamNotFound
from sync.bulk.entries import all_entries, run_pool
from sync.bulk.progress import Reporter
from sync.bulk.providers import Provider, TranslationError
from sync.bulk.slugfill import SLUG, TITLE, SlugFiller, type_of
from sync.cma import CmaClient, Entity, VersionMismatch, entry_state
from sync.content_model import CATEGORY_TYPE, COLLECTION_TYPE, PRODUCT_TYPE

TEXT_TYPES = ("Symbol", "Text", "RichText")
LABELS = "optionLabels"  # a localized Object of words -> labels, translated label by label
TAXONOMY_TYPES = (COLLECTION_TYPE, CATEGORY_TYPE)  # translated after products, same fields rule
SKIPPED_ARCHIVED = "skipped (archived)"
SYMBOL_MAX = 256  # Contentful's length limit for Symbol fields
MAX_CONFLICTS = 6


class TranslateUsageError(Exception):
    """The request cannot be run (unknown locale or field)."""


@dataclass(frozen=True)
class TranslateOptions:
    """What to translate and how."""

    target: str
    source: str | None = None  # None: the space's default locale
    fields: tuple[str, ...] | None = None  # None: every localized text field
    overwrite: bool = False
    publish: bool = False
    dry_run: bool = False
    concurrency: int = 4
    content_type: str = PRODUCT_TYPE
    taxonomy: bool = True  # collections and categories too


def is_empty(value: Any) -> bool:
    """Missing, blank, or a rich text document without any text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict) and value.get("nodeType") == "document":
        return not any(node.get("value", "").strip() for node in text_nodes(value))
    return False


def text_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every text node of a rich text tree, in document order."""
    if node.get("nodeType") == "text":
        yield node
    for child in node.get("content") or []:
        if isinstance(child, dict):
            yield from text_nodes(child)


def strings_of(value: Any) -> list[str]:
    """The strings a field value needs translated (rich text: each non-blank text node)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and value.get("nodeType") != "document":
        return [str(label) for label in value.values()]
    return [n["value"] for n in text_nodes(value) if str(n.get("value", "")).strip()]


def rebuilt(value: Any, field_type: str, translations: Iterator[str]) -> Any:
    """The value with each string replaced by its translation (whitespace around kept)."""
    if isinstance(value, str):
        text = next(translations)
        return text[:SYMBOL_MAX] if field_type == "Symbol" else text
    if field_type == "Object":
        return {word: next(translations).strip() for word in value}
    document = copy.deepcopy(value)
    for node in text_nodes(document):
        original = str(node.get("value", ""))
        if original.strip():
            lead = original[: len(original) - len(original.lstrip())]
            trail = original[len(original.rstrip()) :]
            node["value"] = f"{lead}{next(translations).strip()}{trail}"
    return document


class Translator:
    """One translate run over every entry of the content type."""

    def __init__(
        self, cma: CmaClient, provider: Provider, reporter: Reporter, options: TranslateOptions
    ) -> None:
        """The provider is shared by the worker threads."""
        self.cma, self.provider, self.reporter, self.options = cma, provider, reporter, options
        self.source = options.source or ""
        self.fields: dict[str, str] = {}  # field id -> type, of the main content type
        self.by_type: dict[str, dict[str, str]] = {}
        self.slugged: set[str] = set()  # the types with a localized slug field
        self.slugs = SlugFiller(options.target, ())

    def run(self) -> None:
        """Check the locales and fields, then translate entry by entry."""
        self.source = self._check_locales()
        self.fields = self._check_fields()
        self.by_type = {self.options.content_type: self.fields}
        entries = all_entries(self.cma, self.options.content_type)
        for content_type in TAXONOMY_TYPES if self.options.taxonomy else ():
            self.by_type[content_type] = self._lenient_fields(content_type)
            entries += all_entries(self.cma, content_type)
        self.slugs = SlugFiller(self.options.target, entries)
        self.reporter.start(len(entries))
        run_pool(self._one, entries, self.options.concurrency)

    def _check_locales(self) -> str:
        body = CmaClient._json(self.cma.request("GET", self.cma.env_path("locales")))
        codes = {i.get("code"): i for i in body.get("items") or [] if isinstance(i, dict)}
        source = self.options.source or next((c for c, i in codes.items() if i.get("default")), "")
        for code in (self.options.target, source):
            if code not in codes:
                raise TranslateUsageError(f"the space has no locale {code!r}")
        if source == self.options.target:
            raise TranslateUsageError("--to and --from name the same locale")
        return str(source)

    def _usable(self, type_id: str) -> dict[str, str]:
        """A content type's translatable fields (id -> type); none when the type is missing."""
        path = self.cma.env_path("content_types", type_id)
        try:
            content_type = CmaClient._json(self.cma.request("GET", path))
        except UpstreamNotFound:
            if type_id == self.options.content_type:
                raise
            return {}
        usable = {
            f["id"]: f["type"]
            for f in content_type.get("fields") or []
            if f.get("localized") and not f.get("disabled")
            and (f.get("type") in TEXT_TYPES or (f["id"] == LABELS and f.get("type") == "Object"))
        }  # fmt: skip
        # A slug is made from the title (slugfill.py), never machine-translated.
        if usable.pop(SLUG, None) and SLUG in (self.options.fields or (SLUG,)):
            self.slugged.add(type_id)
        return usable

    def _lenient_fields(self, type_id: str) -> dict[str, str]:
        """Another type's fields among those asked for (a type without them has nothing to do)."""
        usable = self._usable(type_id)
        wanted = self._wanted(usable)
        return {name: usable[name] for name in wanted if name in usable}

    def _wanted(self, usable: dict[str, str]) -> tuple[str, ...]:
        """The fields asked for (all by default); ``slug`` is filled apart."""
        return tuple(n for n in self.options.fields or tuple(usable) if n != SLUG)

    def _check_fields(self) -> dict[str, str]:
        usable = self._usable(self.options.content_type)
        wanted = self._wanted(usable)
        unknown = [name for name in wanted if name not in usable]
        if unknown:
            allowed = ", ".join(sorted(usable))
            raise TranslateUsageError(
                f"not a localized text field: {', '.join(unknown)} ({allowed})"
            )
        return {name: usable[name] for name in wanted}

    def _fields_of(self, entry: Entity) -> dict[str, str]:
        return self.by_type.get(type_of(entry), self.fields)

    def pending(self, entry: Entity) -> dict[str, Any]:
        """field -> source value, for each field the target locale should get."""
        fields = entry.get("fields") or {}
        todo: dict[str, Any] = {}
        for name, field_type in self._fields_of(entry).items():
            values = fields.get(name) or {}
            source = values.get(self.source)
            if field_type == "Object":
                missing = self._missing_labels(source, values.get(self.options.target))
                if missing:
                    todo[name] = missing
            elif is_empty(source):
                continue
            elif self.options.overwrite or is_empty(values.get(self.options.target)):
                todo[name] = source
        return todo

    def _missing_labels(self, source: Any, target: Any) -> dict[str, str]:
        """The source labels the target locale lacks (all of them with overwrite)."""
        if not isinstance(source, dict):
            return {}
        have = target if isinstance(target, dict) and not self.options.overwrite else {}
        return {
            word: str(label)
            for word, label in source.items()
            if isinstance(label, str) and label.strip() and not str(have.get(word) or "").strip()
        }

    def _one(self, entry: Entity) -> None:
        entry_id = str(entry.get("sys", {}).get("id"))
        if entry_state(entry) == "archived":  # not writable, not shown: note it, go on
            self.reporter.item(entry_id, SKIPPED_ARCHIVED)
            return
        try:
            outcome = self._translate_entry(entry)
        except (UpstreamError, TranslationError) as exc:
            if isinstance(exc, TranslationError) and exc.fatal:
                raise
            self.reporter.item(entry_id, "failed", str(exc))
            return
        self.reporter.item(entry_id, outcome)

    def _translate_entry(self, entry: Entity) -> str:
        memo: dict[str, str] = {}
        for _ in range(MAX_CONFLICTS):
            todo = self.pending(entry)
            slug = type_of(entry) in self.slugged and self.slugs.wanted(entry, TITLE in todo)
            if not todo and not slug:
                return "unchanged"
            if self.options.dry_run:
                return "would translate"
            body = self._body(entry, todo, memo)
            if slug:
                self.slugs.fill(entry, body["fields"])
            try:
                updated = self.cma.update_entry(entry, body)
            except VersionMismatch:
                entry = self.cma.get_entry(str(entry["sys"]["id"])) or entry
                continue
            if self.options.publish:
                self.cma.publish_entry(updated)
                return "translated+published"
            return "translated"
        raise VersionMismatch("contentful", 409, "still conflicting after re-reads")

    def _body(self, entry: Entity, todo: dict[str, Any], memo: dict[str, str]) -> dict[str, Any]:
        """The whole entry as read, plus the target values of `todo`."""
        strings = [s for value in todo.values() for s in strings_of(value)]
        missing = [s for s in dict.fromkeys(strings) if s not in memo]
        if missing:
            answers = self.provider.translate(missing, self.source, self.options.target)
            memo.update(zip(missing, answers, strict=True))
        fields = copy.deepcopy(entry.get("fields") or {})
        types = self._fields_of(entry)
        for name, value in todo.items():
            translations = iter(memo[s] for s in strings_of(value))
            done = rebuilt(value, types[name], translations)
            if types[name] == "Object":  # the labels the target already had stay beside them
                done = {**(fields.get(name) or {}).get(self.options.target, {}), **done}
            fields.setdefault(name, {})[self.options.target] = done
        body: dict[str, Any] = {"fields": fields}
        if "metadata" in entry:
            body["metadata"] = copy.deepcopy(entry["metadata"])
        return body
