"""Templates translate with the request's catalog, looked up once per request (``i18n.catalog``).

The functions replace the ones Flask-Babel installs in Jinja, so they must keep Jinja's
"newstyle" behaviour: text escaped under autoescape, keywords escaped and %-formatted, ``num``
and ``context`` filled in for the plural and contextual forms.
"""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string

from storefront import i18n

STRINGS = (
    '{{ _("Material: %(material)s", material=m) }}'
    '|{{ ngettext("Only %(num)d left", "Only %(num)d left", 3) }}'
    '|{{ pgettext("page heading", "Checkout") }}'
    '|{{ npgettext("page heading", "%(num)d item", "%(num)d items", 1) }}'
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es-ES", "Material: &lt;b&gt;lino&lt;/b&gt;|Solo quedan 3 unidades|Finalizar compra"),
        ("de-DE", "Material: &lt;b&gt;lino&lt;/b&gt;|Nur noch 3 Stück auf Lager|Kasse"),
        ("en-US", "Material: &lt;b&gt;lino&lt;/b&gt;|Only 3 left|Checkout"),
    ],
)
def test_strings_are_translated_escaped_and_formatted(app: Flask, lang: str, expected: str) -> None:
    with app.test_request_context("/", query_string={"lang": lang}):
        app.preprocess_request()
        page = render_template_string(STRINGS, m="<b>lino</b>")
    assert page == expected + "|1 item"  # a string no catalog holds stays as written


def test_a_request_looks_its_catalog_up_once(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups = []
    real = i18n.get_translations
    monkeypatch.setattr(i18n, "get_translations", lambda: lookups.append(1) or real())
    with app.test_request_context("/", query_string={"lang": "es-ES"}):
        app.preprocess_request()
        render_template_string(STRINGS, m="x")
        render_template_string(STRINGS, m="y")
    assert len(lookups) == 1
