"""``translate --to``: an empty localized ``slug`` gets one made from the entry's title there.

python-slugify transliterates ("Camiseta de Algodón Orgánico" -> ``camiseta-de-algodon-organico``),
so every slug made here passes the content type's validation. A slug a translator set is never
replaced (not even with ``--overwrite``); one another entry of the type already has in the locale
gets ``-2``, ``-3``... so the publish is not refused for breaking ``unique``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from slugify import slugify

SLUG = "slug"
TITLE = "title"
MAX_SLUG = 200  # the storefront's limit for a URL segment


def slug_from(title: str) -> str:
    """The slug of a title: ASCII lowercase words joined by single hyphens (may be empty)."""
    return str(slugify(title, max_length=MAX_SLUG, word_boundary=True))


def type_of(entry: dict[str, Any]) -> str:
    """The content type id of a CMA entry."""
    return str(((entry.get("sys") or {}).get("contentType") or {}).get("sys", {}).get("id"))


class SlugFiller:
    """Unique slugs per content type in one locale, shared by the translate worker threads."""

    def __init__(self, locale: str, entries: Iterable[dict[str, Any]]) -> None:
        """Remember the slugs the entries already have in ``locale``."""
        self.locale = locale
        self._lock = threading.Lock()
        self._taken: dict[str, set[str]] = {}
        self._chosen: dict[str, str] = {}  # entry id -> its new slug (a 409 retry reuses it)
        for entry in entries:
            slug = ((entry.get("fields") or {}).get(SLUG) or {}).get(locale)
            if isinstance(slug, str) and slug:
                self._taken.setdefault(type_of(entry), set()).add(slug)

    def wanted(self, entry: dict[str, Any], title_coming: bool) -> bool:
        """True when the entry lacks a slug here and will have a title to make one from."""
        fields = entry.get("fields") or {}
        if ((fields.get(SLUG) or {}).get(self.locale) or "").strip():
            return False
        title = (fields.get(TITLE) or {}).get(self.locale)
        return title_coming or (isinstance(title, str) and bool(slug_from(title)))

    def fill(self, entry: dict[str, Any], fields: dict[str, Any]) -> None:
        """Set ``fields.slug`` in the locale from ``fields.title`` there, when it has none."""
        if ((fields.get(SLUG) or {}).get(self.locale) or "").strip():
            return
        title = (fields.get(TITLE) or {}).get(self.locale)
        base = slug_from(title) if isinstance(title, str) else ""
        if base:
            fields.setdefault(SLUG, {})[self.locale] = self._reserve(entry, base)

    def _reserve(self, entry: dict[str, Any], base: str) -> str:
        entry_id = str((entry.get("sys") or {}).get("id"))
        with self._lock:
            if entry_id in self._chosen:
                return self._chosen[entry_id]
            taken = self._taken.setdefault(type_of(entry), set())
            candidate, number = base, 2
            while candidate in taken:
                suffix = f"-{number}"
                candidate, number = f"{base[: MAX_SLUG - len(suffix)]}{suffix}", number + 1
            taken.add(candidate)
            self._chosen[entry_id] = candidate
            return candidate
