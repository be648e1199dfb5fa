"""The UI catalogs in translations/: in step with the code, fully translated, and compiled."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from gettext import c2py
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from cli import ui_catalogs

UPDATE = (
    "run `storefront translate update`, translate the new entries, "
    "then `storefront translate compile`"
)
COMPILE = "run `storefront translate compile` and commit the .mo files"
# Flask-Babel formats with keyword arguments, so only named placeholders carry meaning;
# matching bare "%" would misread French "50 % de remise" as a "% d" conversion.
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
# Counts that reach every plural form of en/es/de/fr (fr/es: 0-1, 1_000_000, the rest).
PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 101, 1_000_000)


@dataclass(frozen=True)
class Entry:
    """One catalog entry with babel's str/tuple/list unions flattened to tuples."""

    context: str | None
    ids: tuple[str, ...]  # (msgid,) or (msgid, msgid_plural)
    strings: tuple[str, ...]  # (msgstr,) or every msgstr[n]
    fuzzy: bool

    @property
    def plural(self) -> bool:
        """Whether this is an ngettext entry."""
        return len(self.ids) > 1

    @property
    def key(self) -> tuple[str | None, tuple[str, ...]]:
        """What identifies the entry across the POT, the .po and the .mo."""
        return self.context, self.ids


def as_tuple(value: object) -> tuple[str, ...]:
    """A msgid/msgstr (str, tuple or list, or None) as a tuple of strings."""
    if isinstance(value, (tuple, list)):
        return tuple(str(part) for part in value)
    return (value,) if isinstance(value, str) else ("",)


def entries(catalog: Catalog) -> list[Entry]:
    """Every real entry of a catalog, without the header."""
    return [Entry(m.context, as_tuple(m.id), as_tuple(m.string), m.fuzzy) for m in catalog if m.id]


def keys(catalog: Catalog) -> set[tuple[str | None, tuple[str, ...]]]:
    """The identities of every entry of a catalog."""
    return {entry.key for entry in entries(catalog)}


def describe(found: set[tuple[str | None, tuple[str, ...]]]) -> list[str]:
    """Entry identities as translators see them: "context|msgid / msgid_plural"."""
    return sorted(f"{context}|" * bool(context) + " / ".join(ids) for context, ids in found)


def read_catalog(path: Path) -> Catalog:
    """A .po/.pot file as a babel Catalog; its own header decides language and plurals."""
    with path.open("rb") as handle:
        return read_po(handle)


@cache
def po(language: str) -> Catalog:
    """The committed catalog of one UI language (read once per test run)."""
    return read_catalog(catalog_path(language, "po"))


def catalog_path(language: str, suffix: str) -> Path:
    """translations/<language>/LC_MESSAGES/messages.<suffix>."""
    return ui_catalogs.TRANSLATIONS / language / "LC_MESSAGES" / f"messages.{suffix}"


def is_translated(entry: Entry, num_plurals: int) -> bool:
    """Non-fuzzy, and every form the language needs is non-empty."""
    forms_needed = num_plurals if entry.plural else 1
    return not entry.fuzzy and len(entry.strings) == forms_needed and all(entry.strings)


def placeholder_problem(entry: Entry) -> str | None:
    """Why a msgstr's placeholders differ from its msgid's, or None when they match."""
    wanted = Counter(p for text in entry.ids for p in PLACEHOLDER.findall(text))
    for text in entry.strings:
        got = Counter(PLACEHOLDER.findall(text))
        # Plural forms only need the same names: msgid and msgid_plural both hold %(num)d.
        same = set(got) == set(wanted) if entry.plural else got == wanted
        if not same:
            return f"{text!r} has {sorted(got.elements())}, expected {sorted(wanted.elements())}"
    return None


def test_pot_matches_the_code(tmp_path: Path) -> None:
    fresh = keys(read_catalog(ui_catalogs.extract(tmp_path / "messages.pot")))
    committed = keys(read_catalog(ui_catalogs.POT))
    assert fresh, "extraction found no UI strings: is babel.cfg still pointing at the code?"
    assert fresh == committed, (
        "translations/messages.pot is stale "
        f"(new in the code: {describe(fresh - committed)}, "
        f"gone from the code: {describe(committed - fresh)}); {UPDATE}"
    )


@pytest.mark.parametrize("language", ui_catalogs.UI_LANGUAGES)
def test_catalog_has_exactly_the_pot_strings(language: str) -> None:
    catalog, pot = po(language), keys(read_catalog(ui_catalogs.POT))
    assert str(catalog.locale) == language, f"{language}/messages.po lost its header; {UPDATE}"
    missing, extra = pot - keys(catalog), keys(catalog) - pot
    assert not missing and not extra, (
        f"{language}/messages.po is out of step with messages.pot "
        f"(missing: {describe(missing)}, no longer used: {describe(extra)}); "
        f"{UPDATE}"
    )


@pytest.mark.parametrize("language", ui_catalogs.UI_LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    catalog = po(language)
    bad = [e.ids[0] for e in entries(catalog) if not is_translated(e, catalog.num_plurals)]
    assert not bad, (
        f"{language}/messages.po has empty or fuzzy entries (plural entries need "
        f"{catalog.num_plurals} msgstr[n]): {bad}"
    )


@pytest.mark.parametrize("language", ui_catalogs.UI_LANGUAGES)
def test_placeholders_match_the_msgid(language: str) -> None:
    problems = [
        problem for entry in entries(po(language)) if (problem := placeholder_problem(entry))
    ]
    assert not problems, f"{language}/messages.po: keep the msgid's placeholders: {problems}"


@pytest.mark.parametrize("language", ui_catalogs.UI_LANGUAGES)
def test_compiled_catalog_holds_the_po_entries(language: str) -> None:
    mo_path = catalog_path(language, "mo")
    assert mo_path.is_file(), f"{mo_path} is missing; {COMPILE}"
    with mo_path.open("rb") as handle:
        compiled = read_mo(handle)
    # Entry sets, because looking up a missing id returns the msgid itself (as in English).
    assert keys(compiled) == keys(po(language)), f"{language}/messages.mo is stale; {COMPILE}"


@pytest.mark.parametrize("language", ui_catalogs.UI_LANGUAGES)
def test_compiled_catalog_gives_the_po_strings(language: str) -> None:
    catalog = po(language)
    with catalog_path(language, "mo").open("rb") as handle:
        compiled = Translations(handle)
    stale = [
        (entry.ids[0], got, wanted)
        for entry in entries(catalog)
        for got, wanted in lookups(compiled, entry, catalog.plural_expr)
        if got != wanted
    ]
    assert not stale, (
        f"{language}/messages.mo differs from its .po (id, mo, po): {stale}; {COMPILE}"
    )


def lookups(compiled: Translations, entry: Entry, plural_expr: str) -> Iterator[tuple[str, str]]:
    """(what the .mo answers, what the .po says) for one entry, over every plural form."""
    if not entry.plural:
        msgid = entry.ids[0]
        got = compiled.pgettext(entry.context, msgid) if entry.context else compiled.gettext(msgid)
        yield str(got), entry.strings[0]
        return
    form_of = c2py(plural_expr)  # the .po header's rule picks which msgstr[n] is expected
    for n in PLURAL_SAMPLES:
        args = (entry.ids[0], entry.ids[1], n)
        got = (
            compiled.npgettext(entry.context, *args) if entry.context else compiled.ngettext(*args)
        )
        yield str(got), entry.strings[form_of(n)]
