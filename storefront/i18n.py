"""The page locale: chosen per request, kept by every internal link, remembered by the switcher.

Order: ``?lang=`` → the ``lang`` cookie → ``Accept-Language`` → the default. UI strings come from
the Flask-Babel catalogs in ``translations/``; a locale without a catalog keeps English UI strings
while its content still shows in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from babel.numbers import format_currency
from babel.support import NullTranslations
from flask import Flask, Response, g, has_app_context, request, url_for
from flask_babel import Babel, get_translations
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response as BaseResponse

from storefront import params, services
from storefront.assets import asset_dir
from storefront.locales import LocaleInfo, LocaleTable

COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600
_CHOSEN = "storefront.locale"  # the WSGI environ key of a request's (table, locale) choice
TRANSLATIONS = asset_dir("translations")


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher."""

    code: str
    name: str
    url: str
    current: bool
    short: str = ""  # what a compact switcher shows: "ES", or "EN-GB" beside another English


def init_app(app: Flask) -> None:
    """Install Flask-Babel and the per-request locale selection."""
    Babel(app, locale_selector=_babel_locale, default_translation_directories=str(TRANSLATIONS))
    # Jinja's own newstyle wrappers (escaping, %-formatting, ``num``), over the catalog of
    # ``catalog``: these replace the ones Flask-Babel installed.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: catalog().ugettext(s),
        ngettext=lambda s, p, n: catalog().ungettext(s, p, n),
        pgettext=lambda c, s: catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.before_request(_select_locale)
    app.after_request(_vary)
    app.jinja_env.globals.update(lurl=lurl, page_locale_code=lambda: page_locale().code)


def page_locale() -> LocaleInfo:
    """The locale of the current request."""
    info: LocaleInfo = g.locale
    return info


def lurl(endpoint: str, **values: Any) -> str:
    """``url_for`` that keeps the page's locale in ``?lang=``."""
    values.setdefault("lang", page_locale().code)
    return url_for(endpoint, **values)


def catalog() -> NullTranslations:
    """This request's UI catalog: Flask-Babel's, looked up once per request.

    Flask-Babel's template functions look it up through the request context on every string
    (~8 proxied lookups of ``g`` each; a product page translates ~25): about a fifth of the
    page's rendering after its content arrives. Outside an app context, Flask-Babel's answer.
    """
    if not has_app_context():
        return get_translations()
    held: NullTranslations | None = g.get("ui_catalog")
    if held is None:
        held = g.ui_catalog = get_translations()
    return held


def money(amount: Decimal | float | None, currency: str | None) -> str:
    """Money in the page's locale (``29,99 €`` in es-ES, ``$29.99`` in en-US), rounded."""
    if amount is None or not currency:
        return ""
    return _format_money(Decimal(str(amount)), currency.upper(), page_locale().babel_locale)


@lru_cache(maxsize=4096)
def _format_money(amount: Decimal, currency: str, locale: Locale) -> str:
    # Memoised: babel costs ~14 µs a call and a page formats a price per variant.
    return format_currency(amount, currency, locale=locale)


def language_links() -> list[LanguageLink]:
    """The current page in every locale, for the switcher (through ``/locale/<code>``)."""
    args = {k: v for k, v in request.args.items() if k not in ("lang", "preview")}
    current = page_locale().code
    table = list(services.current().locale_table())
    languages = [info.code.split("-")[0] for info in table]

    def here(code: str) -> str:
        path = page_path(code)
        return f"{path}?{urlencode(args)}" if args else path

    return [
        LanguageLink(info.code, _display_name(info),
                     url_for("locale.switch", code=info.code, next=here(info.code)),
                     info.code == current, _short(info.code, languages))
        for info in table
    ]  # fmt: skip


def page_path(code: str) -> str:
    """The current page's path in locale ``code``: its localized slug there, when it has one."""
    paths: dict[str, str] = g.get("locale_paths") or {}
    return paths.get(code) or params.safe_path(request.path)


def _short(code: str, languages: list[str]) -> str:
    """The language alone ("ES") unless another locale shares it, then the whole code."""
    language = code.split("-")[0]
    return (language if languages.count(language) == 1 else code).upper()


def _display_name(info: LocaleInfo) -> str:
    # The locale's own name for itself ("Deutsch"), so a visitor finds their language.
    name = info.babel_locale.get_display_name(info.babel_locale) or info.name
    return name[:1].upper() + name[1:]


def _select_locale() -> None:
    g.locale = request_locale(request, services.current().locale_table())


def request_locale(req: Request, table: LocaleTable) -> LocaleInfo:
    """The locale a request asks for: the one choice made for both the page cache's key
    (``PageServer``, before Flask) and the page itself, so they can never disagree.

    Made once per request: ``PageServer`` and Flask's request share the WSGI environ.
    """
    held = req.environ.get(_CHOSEN)
    if held is not None and held[0] is table:
        return held[1]
    lang, cookie = req.args.get("lang"), req.cookies.get(COOKIE)
    info = table.choose(lang, cookie, req.headers.get("Accept-Language"))
    req.environ[_CHOSEN] = (table, info)
    return info


def _babel_locale() -> str:
    locale = g.get("locale")
    return str(locale.babel_locale) if locale is not None else "en_US"


def set_locale_cookie(response: BaseResponse, code: str) -> None:
    """Remember the visitor's choice of locale for requests without ``?lang=``."""
    secure = services.current().settings.secure_cookies
    response.set_cookie(
        COOKIE, code, max_age=COOKIE_AGE, samesite="Lax", httponly=True, secure=secure
    )


def _vary(response: Response) -> Response:
    # Without ?lang= the page depends on the cookie and Accept-Language, and a session
    # (cart, preview) changes it too: every cache must keep those copies apart.
    response.vary.update(("Accept-Language", "Cookie"))
    return response
