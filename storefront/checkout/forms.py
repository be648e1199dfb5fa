"""The checkout's address form: what the shopper typed, checked, with localized messages.

Values are kept exactly as typed (trimmed) so a refused form shows them again; messages are
``lazy_gettext`` so they render in the page's locale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel import Locale
from flask_babel import gettext

from storefront.clients.checkout_models import ADDRESS_FIELDS, OPTIONAL_FIELDS, Address

FIELDS = ("email", *ADDRESS_FIELDS)
REQUIRED = frozenset(FIELDS) - set(OPTIONAL_FIELDS)
MAX_LENGTH = 100
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+?[0-9 ()./-]{5,25}")
# Postal codes of the countries a demo region holds; others only need letters, digits, - and space.
_POSTAL = {
    "de": r"\d{5}", "es": r"\d{5}", "fr": r"\d{5}", "it": r"\d{5}", "us": r"\d{5}(-\d{4})?",
    "at": r"\d{4}", "be": r"\d{4}", "nl": r"\d{4} ?[A-Za-z]{2}", "pt": r"\d{4}-\d{3}",
}  # fmt: skip
_POSTAL_ANY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]{1,9}")


@dataclass
class AddressForm:
    """The typed values and, after ``validate``, one message per refused field."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, str]) -> AddressForm:
        """A form from submitted (or remembered) data; unknown keys are ignored."""
        return cls({name: str(data.get(name, "")).strip()[:500] for name in FIELDS})

    def validate(self, countries: tuple[str, ...], locale: Locale) -> bool:
        """Check every field; True when the form can go to Medusa."""
        self.errors = {}
        for name in FIELDS:
            message = self._check(name, countries, locale)
            if message:
                self.errors[name] = message
        return not self.errors

    def address(self) -> Address:
        """The validated address."""
        values = {name: self.values[name] for name in ADDRESS_FIELDS}
        values["country_code"] = values["country_code"].lower()
        return Address(**values)

    def _check(self, name: str, countries: tuple[str, ...], locale: Locale) -> str | None:
        value = self.values[name]
        if not value:
            return gettext("Please fill in this field.") if name in REQUIRED else None
        if len(value) > MAX_LENGTH:
            return gettext("Please keep this under %(max)d characters.", max=MAX_LENGTH)
        if name == "email" and not _EMAIL.fullmatch(value):
            return gettext("Please enter a valid email address, like name@example.com.")
        if name == "phone" and not _PHONE.fullmatch(value):
            return gettext("Please enter a valid phone number.")
        if name == "country_code" and value.lower() not in countries:
            return gettext("Please choose a country from the list.")
        if name == "postal_code" and not _postal_ok(value, self.values["country_code"].lower()):
            country = locale.territories.get(self.values["country_code"].upper(), "")
            return gettext("Please enter a valid postal code for %(country)s.", country=country)
        return None


def _postal_ok(value: str, country: str) -> bool:
    pattern = _POSTAL.get(country)
    return bool(re.fullmatch(pattern, value) if pattern else _POSTAL_ANY.fullmatch(value))


def country_choices(countries: tuple[str, ...], locale: Locale) -> list[tuple[str, str]]:
    """(code, name in the page's language) for a region's countries, sorted by that name."""
    named = [(code, locale.territories.get(code.upper(), code.upper())) for code in countries]
    return sorted(named, key=lambda pair: pair[1].casefold())
