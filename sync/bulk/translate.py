"""``storefront translate --to es-ES``: fill one locale of every product entry, by machine.

Only the target locale is written, only where it is empty (unless overwrite), only for localized
text fields (Symbol, Text, RichText). Each entry is read-merge-written like the sync writer: the
whole entry as read with just the target values added, at the version read; a 409 re-reads the
entry and re-checks what is still empty, so a translator's concurrent edit is never overwritten.
Rich text is translated text node by text node: the document keeps its structure, marks and links.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storefront.clients.errors import UpstreamError
from sync.bulk.entries import all_entries, run_pool
from sync.bulk.progress import Reporter
from sync.bulk.providers import Provider, TranslationError
from sync.cma import CmaClient, Entity, VersionMismatch
from sync.content_model import PRODUCT_TYPE

TEXT_TYPES = ("Symbol", "Text", "RichText")
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
    return [n["value"] for n in text_nodes(value) if str(n.get("value", "")).strip()]


def rebuilt(value: Any, field_type: str, translations: Iterator[str]) -> Any:
    """The value with each string replaced by its translation (whitespace around kept)."""
    if isinstance(value, str):
        text = next(translations)
        return text[:SYMBOL_MAX] if field_type == "Symbol" else text
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
        self.fields: dict[str, str] = {}  # field id -> type

    def run(self) -> None:
        """Check the locales and fields, then translate entry by entry."""
        self.source = self._check_locales()
        self.fields = self._check_fields()
        entries = all_entries(self.cma, self.options.content_type)
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

    def _check_fields(self) -> dict[str, str]:
        path = self.cma.env_path("content_types", self.options.content_type)
        content_type = CmaClient._json(self.cma.request("GET", path))
        usable = {
            f["id"]: f["type"]
            for f in content_type.get("fields") or []
            if f.get("localized") and f.get("type") in TEXT_TYPES and not f.get("disabled")
        }
        wanted = self.options.fields or tuple(usable)
        unknown = [name for name in wanted if name not in usable]
        if unknown:
            allowed = ", ".join(sorted(usable))
            raise TranslateUsageError(
                f"not a localized text field: {', '.join(unknown)} ({allowed})"
            )
        return {name: usable[name] for name in wanted}

    def pending(self, entry: Entity) -> dict[str, Any]:
        """field -> source value, for each field the target locale should get."""
        fields = entry.get("fields") or {}
        todo = {}
        for name in self.fields:
            values = fields.get(name) or {}
            source = values.get(self.source)
            if is_empty(source):
                continue
            if self.options.overwrite or is_empty(values.get(self.options.target)):
                todo[name] = source
        return todo

    def _one(self, entry: Entity) -> None:
        entry_id = str(entry.get("sys", {}).get("id"))
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
            if not todo:
                return "unchanged"
            if self.options.dry_run:
                return "would translate"
            body = self._body(entry, todo, memo)
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
        for name, value in todo.items():
            translations = iter(memo[s] for s in strings_of(value))
            fields.setdefault(name, {})[self.options.target] = rebuilt(
                value, self.fields[name], translations
            )
        body: dict[str, Any] = {"fields": fields}
        if "metadata" in entry:
            body["metadata"] = copy.deepcopy(entry["metadata"])
        return body
