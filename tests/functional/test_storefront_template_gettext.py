"""Templates translate with the request's catalog, bound once (``i18n.template_gettext``).

The bound functions replace Flask-Babel's in every page's context, so they must keep Jinja's
"newstyle" behaviour: text escaped under autoescape, keywords escaped and %-formatted, ``num``
and ``context`` filled in for the plural and contextual forms.
"""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string

from storefront import i18n, rendering

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
        page = render_template_string(STRINGS, m="<b>lino</b>", **i18n.template_gettext())
    assert page == expected + "|1 item"  # a string no catalog holds stays as written


def test_every_page_context_holds_the_bound_functions(app: Flask) -> None:
    with app.test_request_context("/", query_string={"lang": "es-ES"}):
        app.preprocess_request()
        context = rendering.shared_context(())
    assert {"gettext", "ngettext", "pgettext", "npgettext"} <= context.keys()
