"""Locales and the fallback chain, as the CDA applies them.

Wire facts: docs/reference/contentful-wire.md §1.5 (locales and fallback).

For ``locale=L`` a field's value is the stored value for L, else for L's ``fallbackCode``, and so
on; when the chain ends (``fallbackCode: null``) the field is omitted. A stored ``""`` is a value
and stops the walk. Non-localized fields are served from the default locale. ``locale=*`` applies
no fallback: every delivered locale that stores a value appears, keyed by code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sandbox.contentful.common import KIND_LOCALE
from sandbox.store import Store

ALL = "*"

# An empty space still has a default locale in Contentful; serve one until the CMA stores any.
_IMPLICIT_DEFAULT: dict[str, Any] = {
    "code": "en-US",
    "name": "English (United States)",
    "default": True,
    "fallbackCode": None,
    "contentDeliveryApi": True,
    "sys": {"id": "en-US", "type": "Locale", "version": 1},
}


@dataclass(frozen=True)
class Locales:
    """The delivered locales of the environment, with the default code."""

    items: tuple[dict[str, Any], ...]
    default: str

    @property
    def codes(self) -> list[str]:
        """Every delivered locale code, in stored order."""
        return [str(loc["code"]) for loc in self.items]

    def known(self, code: str) -> bool:
        """True when ``code`` is a delivered locale."""
        return code in self.codes

    def chain(self, code: str) -> list[str]:
        """``code`` followed by its fallbacks, in order; stops at null or a repeat."""
        fallbacks = {str(loc["code"]): loc.get("fallbackCode") for loc in self.items}
        chain: list[str] = []
        current: Any = code
        while isinstance(current, str) and current in fallbacks and current not in chain:
            chain.append(current)
            current = fallbacks[current]
        return chain


def load_locales(store: Store) -> Locales:
    """The locales the delivery APIs serve (those with ``contentDeliveryApi`` not false)."""
    by_code: dict[str, dict[str, Any]] = {}
    for doc in store.all(KIND_LOCALE):
        if isinstance(doc, dict) and isinstance(doc.get("code"), str):
            by_code.setdefault(doc["code"], doc)  # a code is unique; keep the first if not
    items = tuple(d for d in by_code.values() if d.get("contentDeliveryApi", True) is not False)
    if not items:
        items = (_IMPLICIT_DEFAULT,)
    default = next((d for d in items if d.get("default")), items[0])
    return Locales(items=items, default=str(default["code"]))


def localize_fields(
    fields: dict[str, Any], locale: str, locales: Locales, ct_fields: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """CMA ``fields[field][locale]`` to the delivered fields for ``locale`` (a code or ``*``)."""
    meta = {str(f.get("id")): f for f in ct_fields if isinstance(f, dict)}
    out: dict[str, Any] = {}
    for name, by_locale in fields.items():
        spec = meta.get(name, {})
        if spec.get("omitted") or not isinstance(by_locale, dict):
            continue
        localized = spec.get("localized", True) is not False
        value = _value_for(by_locale, locale, locales, localized)
        if value is not None:
            out[name] = value
    return out


def _value_for(by_locale: dict[str, Any], locale: str, locales: Locales, localized: bool) -> Any:
    if locale == ALL:
        codes = locales.codes if localized else [locales.default]
        kept = {c: by_locale[c] for c in codes if by_locale.get(c) is not None}
        return kept or None
    for code in locales.chain(locale) if localized else [locales.default]:
        if by_locale.get(code) is not None:
            return by_locale[code]
    return None
