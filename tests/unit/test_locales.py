"""The locale table: fallback chains, ?lang=/cookie spellings, Accept-Language, selection order."""

from __future__ import annotations

import pytest
from babel import Locale

from config.settings import Settings
from storefront.clients.contentful_models import ContentfulLocale
from storefront.locales import LocaleTable
from tests.conftest import load_fixture


def loc(code: str, fallback: str | None = "en-US", default: bool = False) -> ContentfulLocale:
    return ContentfulLocale(code, f"name of {code}", default, fallback)


STORE_LOCALES = [
    loc("en-US", None, default=True),
    loc("es-ES"),
    loc("de-DE"),
    loc("fr-FR"),
    loc("de-CH", "de-DE"),  # a chain: de-CH -> de-DE -> en-US
    loc("es-MX", "es-ES"),
]


@pytest.fixture
def table() -> LocaleTable:
    return LocaleTable.from_settings(Settings(), STORE_LOCALES)


# -- building -----------------------------------------------------------------------------
def test_table_keeps_contentfuls_order_names_and_fallbacks(table: LocaleTable) -> None:
    assert table.codes == ("en-US", "es-ES", "de-DE", "fr-FR", "de-CH", "es-MX")
    es = table.get("es-ES")
    assert es is not None and (es.name, es.fallback) == ("name of es-ES", "en-US")
    assert table.default.code == "en-US" and len(table) == 6


def test_currencies_follow_the_settings_map(table: LocaleTable) -> None:
    currencies = {info.code: info.currency for info in table}
    assert currencies["en-US"] == "usd"
    assert currencies["es-ES"] == currencies["de-DE"] == currencies["fr-FR"] == "eur"
    # Not in the map: the default locale's currency.
    assert currencies["de-CH"] == currencies["es-MX"] == "usd"


def test_currency_map_keys_match_case_insensitively() -> None:
    table = LocaleTable.build(STORE_LOCALES, {"EN-us": "USD", "es_ES": "eur"}, "en-US")
    assert table.get("en-US").currency == "usd"  # type: ignore[union-attr]


def test_babel_locales(table: LocaleTable) -> None:
    assert table.get("es-ES").babel_locale == Locale("es", "ES")  # type: ignore[union-attr]
    assert table.get("de-CH").babel_locale == Locale("de", "CH")  # type: ignore[union-attr]


def test_recorded_locales_with_codes_babel_does_not_know() -> None:
    (exchange,) = load_fixture("contentful", "cda_locales.json")["interactions"]
    items = exchange["response"]["body"]["items"]
    recorded = [
        ContentfulLocale(i["code"], i["name"], i["default"], i["fallbackCode"]) for i in items
    ]
    table = LocaleTable.build(recorded, {"en-US": "usd"}, "en-US")
    assert table.get("foo").babel_locale == Locale("en", "US")  # type: ignore[union-attr]
    assert table.chain("foo-BB") == ("foo-BB", "en-US") and table.chain("foo") == ("foo",)
    assert table.get("foo").currency == "usd"  # type: ignore[union-attr]


def test_configured_default_wins_when_contentful_has_it() -> None:
    table = LocaleTable.build(STORE_LOCALES, {}, "de-de")
    assert table.default.code == "de-DE"


def test_contentfuls_default_when_the_configured_one_is_missing() -> None:
    locales = [loc("fr-FR", None), loc("it-IT", None, default=True)]
    assert LocaleTable.build(locales, {"fr-FR": "eur"}, "en-US").default.code == "it-IT"


def test_without_contentful_the_configured_locales_are_offered() -> None:
    table = LocaleTable.from_settings(Settings())
    assert table.codes == ("en-US", "es-ES", "de-DE", "fr-FR")
    assert table.default.code == "en-US" and table.chain("es-ES") == ("es-ES",)


def test_an_empty_table_is_refused() -> None:
    with pytest.raises(ValueError):
        LocaleTable([], "en-US")


# -- chains -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "chain"),
    [
        ("en-US", ("en-US",)),
        ("es-ES", ("es-ES", "en-US")),
        ("de-CH", ("de-CH", "de-DE", "en-US")),
        ("es-mx", ("es-MX", "es-ES", "en-US")),
        ("xx-XX", ()),
    ],
)
def test_fallback_chains(table: LocaleTable, code: str, chain: tuple[str, ...]) -> None:
    assert table.chain(code) == chain


def test_chain_stops_at_a_cycle() -> None:
    table = LocaleTable.build([loc("a", "b"), loc("b", "c"), loc("c", "a")], {}, "a")
    assert table.chain("a") == ("a", "b", "c") and table.chain("c") == ("c", "a", "b")


def test_chain_stops_at_a_self_reference_and_unknown_fallback() -> None:
    table = LocaleTable.build([loc("en-US", "en-US"), loc("es-ES", "pt-PT")], {}, "en-US")
    assert table.chain("en-US") == ("en-US",) and table.chain("es-ES") == ("es-ES",)


# -- ?lang= and cookie values -------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("es", "es-ES"),
        ("ES", "es-ES"),
        ("es-ES", "es-ES"),
        ("es_ES", "es-ES"),
        ("es_es", "es-ES"),
        ("ES-es", "es-ES"),
        (" es-es ", "es-ES"),
        ("de", "de-DE"),  # language only: the first de-* in Contentful's order
        ("de-ch", "de-CH"),
        ("DE_CH", "de-CH"),
        ("fr", "fr-FR"),
        ("en", "en-US"),
        ("es-mx", "es-MX"),
    ],
)
def test_resolve_param_spellings(table: LocaleTable, value: str, expected: str) -> None:
    assert table.resolve_param(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "xx",
        "it",
        "de-AT",  # a region we do not offer is unknown, not guessed
        "es-",
        "-es",
        "es--ES",
        "es ES",
        "es;q=1",
        "../../etc/passwd",
        "<script>",
        "es-ES\x00",
        "e" * 100,
        "ü-ÜÜ",
        42,
        ["es"],
    ],
)
def test_resolve_param_rejects_unknown_and_malformed(table: LocaleTable, value: object) -> None:
    assert table.resolve_param(value) is None


def test_exact_language_locale_beats_first_of_language() -> None:
    table = LocaleTable.build([loc("en-US", None), loc("es-ES"), loc("es")], {}, "en-US")
    assert table.resolve_param("ES") == "es"


# -- Accept-Language ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es-ES"),
        ("es", "es-ES"),
        ("fr;q=0.5, de;q=0.7", "de-DE"),  # q-values, not header order
        ("de;q=0.1, fr;q=0.2, es;q=0.3", "es-ES"),
        ("de-AT,de;q=0.9,en;q=0.5", "de-DE"),
        ("de-AT, en;q=0.5", "de-DE"),  # region variant beats a lower-q language
        ("de-ch", "de-CH"),
        ("en-GB,en;q=0.9", "en-US"),
        ("es-AR", "es-ES"),
        ("it-IT, fr;q=0.4", "fr-FR"),  # first acceptable one we offer
        ("es;q=0, fr", "fr-FR"),
        ("es_ES", "es-ES"),
        ("ES-es;q=1.0", "es-ES"),
        ("  fr-FR  ;  q=0.8  ", "fr-FR"),
        ("es-ES" + ",x" * 5000, "es-ES"),
    ],
)
def test_negotiate(table: LocaleTable, header: str, expected: str) -> None:
    assert table.negotiate(header) == expected


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "*",
        "it, pt;q=0.5",
        "es;q=0",
        "es;q=0.0, de;q=0",
        "garbage;;;q=abc, ,",
        "en;q=1.5",
        ";;;",
        "<script>alert(1)</script>",
        "x" * 10000,
        "x," * 5000 + "es",  # only the first few KiB of a huge header are read
        42,
    ],
)
def test_negotiate_without_a_match_is_none(table: LocaleTable, header: object) -> None:
    assert table.negotiate(header) is None


# -- selection order ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        ("es", "de-DE", "fr", "es-ES"),  # ?lang= first
        ("ES_es", None, None, "es-ES"),
        ("zz", "de-DE", "fr", "de-DE"),  # unknown ?lang= falls through to the cookie
        (None, "de_de", "fr", "de-DE"),
        ("", "", "fr;q=0.9, es;q=0.4", "fr-FR"),  # then Accept-Language
        ("bad value", "also bad", "de-AT", "de-DE"),
        (None, None, None, "en-US"),  # then the default
        ("zz", "yy", "it", "en-US"),
        ("x" * 500, "\x00", "*;q=0.1", "en-US"),
    ],
)
def test_select(
    table: LocaleTable, query: object, cookie: object, header: object, expected: str
) -> None:
    assert table.select(query, cookie, header) == expected
    assert table.choose(query, cookie, header) is table.get(expected)


def test_a_new_contentful_locale_is_offered_without_code_changes(table: LocaleTable) -> None:
    assert table.resolve_param("it") is None
    grown = LocaleTable.from_settings(Settings(), [*STORE_LOCALES, loc("it-IT")])
    assert grown.resolve_param("it") == "it-IT" and grown.negotiate("it-CH") == "it-IT"
    assert grown.get("it-IT").currency == "usd" and "it-it" in grown  # type: ignore[union-attr]
