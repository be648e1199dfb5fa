"""Locale choice (?lang=, cookie, Accept-Language), the switcher, links, Vary, money per region."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox
from storefront import services
from tests.functional.storefront_helpers import (
    NBSP,
    TSHIRT,
    add_locale,
    html,
    storefront,
)

PAGE = f"/products/{TSHIRT}"


def html_lang(page: str) -> str:
    """The ``<html lang>`` value."""
    found = re.search(r'<html lang="([^"]*)">', page)
    assert found, "no <html lang>"
    return found.group(1)


def switcher(page: str) -> dict[str, str]:
    """Locale code -> URL of the language switcher."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S)
    assert nav, "no language switcher"
    found = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"', nav.group(0))
    return {code: url.replace("&amp;", "&") for url, code in found}


def contentful_locales(box: Sandbox) -> list[str]:
    """The locale codes Contentful's CDA lists."""
    url = f"{box.urls['cda']}/spaces/{box.config.space_id}/environments/master/locales"
    headers = {"authorization": f"Bearer {box.config.delivery_token}"}
    body = httpx.get(url, headers=headers, timeout=5).raise_for_status().json()
    return [item["code"] for item in body["items"]]


# -- choosing the locale ------------------------------------------------------------------
@pytest.mark.parametrize("value", ["es", "es-ES", "es_es", "ES-es", "es_ES", " es-es "])
def test_lang_parameter_spellings_select_spanish(client: Any, value: str) -> None:
    page = client.get(PAGE, query_string={"lang": value})
    assert page.status_code == 200
    assert html_lang(html(page)) == "es-ES"
    assert "Camiseta de Algodón Orgánico" in html(page)


def test_lang_parameter_pages_set_no_cookie_and_stay_cacheable(client: Any) -> None:
    first = client.get(f"{PAGE}?lang=de")
    assert html_lang(html(first)) == "de-DE"
    assert first.headers.getlist("Set-Cookie") == []
    assert first.headers["Cache-Control"].startswith("public")


def test_switcher_remembers_the_choice_for_pages_without_lang(client: Any) -> None:
    response = client.get("/locale/de", query_string={"next": f"{PAGE}?lang=es&page=2"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PAGE}?page=2&lang=de-DE"
    assert "no-store" in response.headers["Cache-Control"]
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("lang=de-DE;") for c in cookies), cookies
    second = client.get(PAGE)
    assert html_lang(html(second)) == "de-DE"
    assert "Bio-Baumwoll-T-Shirt" in html(second)


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example",
     "javascript:alert(1)", "", "evil.example"],
)  # fmt: skip
def test_switcher_follows_only_local_paths(client: Any, target: str) -> None:
    response = client.get("/locale/es", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/?lang=es-ES"


def test_switcher_refuses_an_unknown_locale(client: Any) -> None:
    response = client.get("/locale/xx-XX", query_string={"next": PAGE})
    assert response.status_code == 404
    assert response.headers.getlist("Set-Cookie") == []


def test_lang_parameter_beats_cookie_and_accept_language(client: Any) -> None:
    client.set_cookie("lang", "de-DE")
    page = client.get(f"{PAGE}?lang=es", headers={"Accept-Language": "de-DE"})
    assert html_lang(html(page)) == "es-ES"


def test_cookie_beats_accept_language(client: Any) -> None:
    client.set_cookie("lang", "es-ES")
    page = client.get(PAGE, headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert html_lang(html(page)) == "es-ES"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", "de-DE"),
        ("fr-CH, fr;q=0.9, es;q=0.8, en;q=0.7", "es-ES"),
        ("en;q=0.2, es;q=0.9", "es-ES"),
        ("es;q=0, de;q=0.1", "de-DE"),
        ("de", "de-DE"),
        ("ES-ES", "es-ES"),
        ("*", "en-US"),
        ("ja, zh;q=0.8", "en-US"),
    ],
)
def test_accept_language_with_q_values(client: Any, header: str, expected: str) -> None:
    page = client.get(PAGE, headers={"Accept-Language": header})
    assert page.status_code == 200
    assert html_lang(html(page)) == expected


@pytest.mark.parametrize(
    "value",
    ["xx", "fr", "klingon", "<script>", "es-ES-" + "x" * 60, "é", "../../etc", "es;DROP", ""],
)
def test_unknown_or_malformed_lang_falls_back_to_default(client: Any, value: str) -> None:
    page = client.get(PAGE, query_string={"lang": value})
    assert page.status_code == 200
    assert html_lang(html(page)) == "en-US"
    assert not any(c.startswith("lang=") for c in page.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("value", ["zz-ZZ", "<b>", "x" * 500])
def test_unknown_cookie_or_header_falls_back_to_default(client: Any, value: str) -> None:
    client.set_cookie("lang", value)
    page = client.get(PAGE, headers={"Accept-Language": value + ";q=abc,,;;"})
    assert page.status_code == 200
    assert html_lang(html(page)) == "en-US"


def test_huge_accept_language_is_not_an_error(client: Any) -> None:
    header = ", ".join(f"x{i}-YY;q=0.{i % 9 + 1}" for i in range(800)) + ", de;q=0.01"
    page = client.get(PAGE, headers={"Accept-Language": header})
    assert page.status_code == 200


# -- the switcher, links and Vary ---------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [PAGE, "/", "/?page=2", "/collections/summer-essentials", "/cart", "/products/nope"],
)
def test_switcher_on_every_page_lists_every_locale_and_keeps_the_page(
    client: Any, box: Sandbox, path: str
) -> None:
    joiner = "&" if "?" in path else "?"
    page = client.get(f"{path}{joiner}lang=es&utm_source=mail")
    links = switcher(html(page))
    assert list(links) == contentful_locales(box)
    for code, url in links.items():
        parts = httpx.URL(url)
        assert parts.path == f"/locale/{code}"
        target = httpx.URL(parts.params["next"])
        assert target.path == path.split("?")[0]
        assert "lang" not in target.params
        assert target.params["utm_source"] == "mail"
        if "page=2" in path:
            assert target.params["page"] == "2"


def test_switcher_marks_the_current_locale(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=de"))
    current = re.findall(r'hreflang="([^"]*)" lang="[^"]*" data-locale="[^"]*" aria-current', page)
    assert current == ["de-DE"]


def test_switcher_link_switches(client: Any) -> None:
    url = switcher(html(client.get(f"{PAGE}?lang=es")))["de-DE"]
    landed = client.get(url, follow_redirects=True)
    assert landed.request.path == PAGE
    assert html_lang(html(landed)) == "de-DE"


def test_internal_links_keep_the_locale(client: Any) -> None:
    page = re.sub(
        r'<nav class="language-switcher".*?</nav>', "", html(client.get("/?lang=de")), flags=re.S
    )
    hrefs = re.findall(r'<a (?:class="[^"]*" )?href="(/[^"]*)"', page)
    internal = [h for h in hrefs if not h.startswith("/static")]
    assert len(internal) > 10
    for href in internal:
        assert "lang=de-DE" in href.replace("&amp;", "&"), href
    form = re.findall(r'<form[^>]*action="([^"]*)"', html(client.get(f"{PAGE}?lang=de")))
    assert form and all("lang=de-DE" in action for action in form)


@pytest.mark.parametrize("path", [PAGE, "/", "/products/nope", "/cart"])
def test_vary_names_accept_language_and_cookie(client: Any, path: str) -> None:
    vary = {v.strip().lower() for v in client.get(path).headers.get("Vary", "").split(",")}
    assert {"accept-language", "cookie"} <= vary


def test_localized_404_page(client: Any) -> None:
    page = client.get("/products/no-such-thing?lang=es")
    assert page.status_code == 404
    assert html_lang(html(page)) == "es-ES"
    assert "Página no encontrada" in html(page)


# -- money per region ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "cheap", "dear"),
    [
        ("en", "$29.99", "$32.99"),
        ("es", f"29,99{NBSP}€", f"32,99{NBSP}€"),
        ("de", f"29,99{NBSP}€", f"32,99{NBSP}€"),
    ],
)
def test_region_currency_and_money_format(client: Any, lang: str, cheap: str, dear: str) -> None:
    page = html(client.get(f"{PAGE}?lang={lang}"))
    prices = re.findall(r'<span class="price">([^<]*)</span>', page)
    assert prices == [cheap, cheap, dear]
    assert ("USD" if lang == "en" else "EUR") in page  # JSON-LD priceCurrency


def test_listing_prices_follow_the_locale(client: Any) -> None:
    assert "$29.99" in html(client.get("/?lang=en"))
    spanish = html(client.get("/?lang=es"))
    assert f"29,99{NBSP}€" in spanish and "$" not in re.sub(r"<script.*?</script>", "", spanish)


# -- a locale added in Contentful ---------------------------------------------------------
def test_locale_added_through_the_cma_appears_without_a_code_change(
    make_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh sandbox; the app's kept locale list expires at once (LOCALES_TTL 0)."""
    own = make_sandbox()
    with storefront(own) as application:
        client = application.test_client()
        assert "fr-FR" not in switcher(html(client.get(PAGE)))
        add_locale(own, "fr-FR", "French (France)", "en-US")
        monkeypatch.setattr(services, "LOCALES_TTL", 0.0)
        services.current_for(application).kept.forget()
        page = client.get(f"{PAGE}?lang=fr")
        text = html(page)
    assert list(switcher(text)) == ["en-US", "es-ES", "de-DE", "fr-FR"]
    assert html_lang(text) == "fr-FR"
    assert "Organic Cotton T-Shirt" in text  # fr-FR falls back to en-US content
    assert f"29,99{NBSP}€" in text  # fr-FR is priced in the EUR region
    assert 'hreflang="fr-FR"' in text and 'content="fr_FR"' in text
