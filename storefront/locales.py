"""The locale table and locale negotiation: ?lang= → cookie → Accept-Language → default.

The table is built from Contentful's ``/locales`` (so a locale added there appears without a code
change) plus ``Settings.locale_currencies``. Every lookup is case-insensitive and accepts ``_`` for
``-``; unknown or malformed input gives None (or the default in ``select``), never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError, negotiate_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from config.settings import Settings
from storefront.clients.contentful_models import ContentfulLocale

__all__ = ["LocaleInfo", "LocaleTable"]

# A BCP 47-ish tag: letters, then subtags of letters/digits; "_" is accepted for "-".
_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")
_MAX_TAG = 35  # longer values are not locale codes; refusing them early bounds the work
_MAX_HEADER = 4096  # browsers send a few dozen bytes; ignore the tail of anything huge
_LAST_RESORT_CURRENCY = "usd"


@dataclass(frozen=True)
class LocaleInfo:
    """One storefront locale: Contentful code and name, fallback, babel Locale, currency."""

    code: str  # Contentful's code, e.g. "es-ES"
    name: str
    fallback: str | None  # Contentful's fallbackCode; None means no fallback at all
    babel_locale: Locale
    currency: str  # lower-case ISO 4217, picks the Medusa region

    @property
    def language(self) -> str:
        """The language subtag, lower-case ("es" for "es-ES")."""
        return self.code.split("-")[0].lower()


class LocaleTable:
    """The locales the storefront offers, in Contentful's order, with one default."""

    def __init__(self, locales: Sequence[LocaleInfo], default: str) -> None:
        if not locales:
            raise ValueError("a locale table needs at least one locale")
        self._locales = tuple(locales)
        self._by_lower = {info.code.lower(): info for info in self._locales}
        self._default = self._by_lower.get(default.lower(), self._locales[0])

    @classmethod
    def build(
        cls,
        contentful_locales: Sequence[ContentfulLocale],
        currencies: Mapping[str, str],
        default_locale: str,
    ) -> LocaleTable:
        """A table from Contentful's locale list; without one, from the configured locales."""
        source = list(contentful_locales) or _configured(currencies, default_locale)
        default = _pick_default(source, default_locale)
        fallback_babel = _babel(default.code, Locale("en", "US"))
        default_currency = _currency_of(default.code, currencies) or _first_currency(currencies)
        infos = [
            LocaleInfo(
                code=item.code,
                name=item.name,
                fallback=item.fallback_code,
                babel_locale=_babel(item.code, fallback_babel),
                currency=_currency_of(item.code, currencies) or default_currency,
            )
            for item in source
        ]
        return cls(infos, default.code)

    @classmethod
    def from_settings(
        cls, settings: Settings, contentful_locales: Sequence[ContentfulLocale] = ()
    ) -> LocaleTable:
        """``build`` with the currencies and default locale of ``settings``."""
        return cls.build(contentful_locales, settings.locale_currencies, settings.default_locale)

    @property
    def default(self) -> LocaleInfo:
        """The default locale (the configured one when Contentful has it)."""
        return self._default

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code, in Contentful's order."""
        return tuple(info.code for info in self._locales)

    def __iter__(self) -> Iterator[LocaleInfo]:
        return iter(self._locales)

    def __len__(self) -> int:
        return len(self._locales)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.lower() in self._by_lower

    def get(self, code: str | None) -> LocaleInfo | None:
        """The locale with exactly this code (any case), or None."""
        return self._by_lower.get(code.lower()) if isinstance(code, str) else None

    def chain(self, code: str) -> tuple[str, ...]:
        """``code`` then its fallbacks, stopping at None, an unknown code or a repeat (cycle)."""
        result: list[str] = []
        info = self.get(code)
        while info is not None and info.code not in result:
            result.append(info.code)
            info = self.get(info.fallback)
        return tuple(result)

    def resolve_param(self, value: object) -> str | None:
        """A ?lang= or cookie value as a known code: ``es``, ``es-ES``, ``es_es``, ``ES-es``."""
        tag = _clean_tag(value)
        if tag is None:
            return None
        exact = self._by_lower.get(tag.lower())
        if exact is not None:
            return exact.code
        return self._first_of_language(tag) if "-" not in tag else None

    def negotiate(self, accept_language: object) -> str | None:
        """The best locale for an Accept-Language header (q-values honoured), or None."""
        available = list(self._by_lower)
        for tag in _preferred(accept_language):
            # babel tries the exact tag, its alias (de -> de_DE), then its language part.
            found = negotiate_locale([tag], available, sep="-")
            info = self.get(found) or self.get(self._first_of_language(tag))
            if info is not None:
                return info.code
        return None

    def select(self, query_value: object, cookie_value: object, accept_language: object) -> str:
        """The request's locale: ?lang=, else cookie, else Accept-Language, else the default."""
        return (
            self.resolve_param(query_value)
            or self.resolve_param(cookie_value)
            or self.negotiate(accept_language)
            or self._default.code
        )

    def choose(
        self, query_value: object, cookie_value: object, accept_language: object
    ) -> LocaleInfo:
        """The request's locale as ``select`` picks it: the one choice the page cache and the
        rendered page both make, so a stored page is always in the locale it was rendered in."""
        return self.get(self.select(query_value, cookie_value, accept_language)) or self._default

    def _first_of_language(self, tag: str) -> str | None:
        """The first locale (Contentful's order) whose language is the tag's language."""
        language = tag.split("-")[0].lower()
        return next((info.code for info in self._locales if info.language == language), None)


def _clean_tag(value: object) -> str | None:
    """A well-formed tag with ``-`` separators, or None."""
    if not isinstance(value, str):
        return None
    tag = value.strip()
    if len(tag) > _MAX_TAG or not _TAG.fullmatch(tag):
        return None
    return tag.replace("_", "-")


def _preferred(header: object) -> list[str]:
    """Acceptable language tags from an Accept-Language header, best first."""
    if not isinstance(header, str):
        return []
    try:
        parsed = parse_accept_header(header[:_MAX_HEADER], LanguageAccept)
    except ValueError:
        return []
    # werkzeug keeps q=0 ("not acceptable") entries and the "*" wildcard; drop both.
    tags = (_clean_tag(value) for value, quality in parsed if quality > 0)
    return [tag for tag in tags if tag is not None]


def _configured(currencies: Mapping[str, str], default_locale: str) -> list[ContentfulLocale]:
    """The locales named in settings, for when Contentful's list is unavailable."""
    codes = dict.fromkeys([default_locale, *currencies])
    return [ContentfulLocale(code, code, code == default_locale, None) for code in codes]


def _pick_default(source: Sequence[ContentfulLocale], configured: str) -> ContentfulLocale:
    """The configured default if Contentful has it, else Contentful's default, else the first."""
    by_code = {item.code.lower(): item for item in source}
    flagged = next((item for item in source if item.default), source[0])
    return by_code.get(configured.lower(), flagged)


def _babel(code: str, fallback: Locale) -> Locale:
    """babel's Locale for a Contentful code, its language's, or ``fallback`` (e.g. for "tlh")."""
    for candidate in (code, code.split("-")[0]):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return fallback


def _currency_of(code: str, currencies: Mapping[str, str]) -> str | None:
    lowered = {key.lower(): value.lower() for key, value in currencies.items()}
    return lowered.get(code.lower())


def _first_currency(currencies: Mapping[str, str]) -> str:
    return next(iter(currencies.values()), _LAST_RESORT_CURRENCY).lower()
