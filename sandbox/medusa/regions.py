"""Regions and their countries as the Store API shows them, and tax rates per country."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# iso_2 -> (iso_3, num_code, display name): the countries a demo catalog is likely to use.
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "at": ("aut", "040", "Austria"),
    "au": ("aus", "036", "Australia"),
    "be": ("bel", "056", "Belgium"),
    "ca": ("can", "124", "Canada"),
    "ch": ("che", "756", "Switzerland"),
    "cz": ("cze", "203", "Czech Republic"),
    "de": ("deu", "276", "Germany"),
    "dk": ("dnk", "208", "Denmark"),
    "es": ("esp", "724", "Spain"),
    "fi": ("fin", "246", "Finland"),
    "fr": ("fra", "250", "France"),
    "gb": ("gbr", "826", "United Kingdom"),
    "gr": ("grc", "300", "Greece"),
    "ie": ("irl", "372", "Ireland"),
    "it": ("ita", "380", "Italy"),
    "jp": ("jpn", "392", "Japan"),
    "lu": ("lux", "442", "Luxembourg"),
    "mx": ("mex", "484", "Mexico"),
    "nl": ("nld", "528", "Netherlands"),
    "no": ("nor", "578", "Norway"),
    "pl": ("pol", "616", "Poland"),
    "pt": ("prt", "620", "Portugal"),
    "se": ("swe", "752", "Sweden"),
    "us": ("usa", "840", "United States"),
}


def country_view(iso_2: str, region: dict[str, Any]) -> dict[str, Any]:
    """A region's country as Medusa prints it."""
    iso_3, num_code, display = COUNTRIES.get(iso_2, (iso_2 + "x", "000", iso_2.upper()))
    return {
        "iso_2": iso_2,
        "iso_3": iso_3,
        "num_code": num_code,
        "name": display.upper(),
        "display_name": display,
        "region_id": region["id"],
        "metadata": None,
        "created_at": region["created_at"],
        "updated_at": region["updated_at"],
        "deleted_at": None,
    }


def region_view(region: dict[str, Any]) -> dict[str, Any]:
    """A stored region with its countries expanded (projected by the caller)."""
    fields = ("id", "name", "currency_code", "created_at", "updated_at", "deleted_at", "metadata")
    view = {key: region.get(key) for key in fields}
    view["automatic_taxes"] = region.get("automatic_taxes", True)
    view["countries"] = [country_view(code, region) for code in region["countries"]]
    return view


def tax_rate(region: dict[str, Any], country_code: str | None) -> Decimal | None:
    """The default tax rate (percent) of a country in a region, or None when it has none."""
    if not country_code:
        return None
    rate = region.get("tax_rates", {}).get(country_code.lower())
    return None if rate is None else Decimal(str(rate))
