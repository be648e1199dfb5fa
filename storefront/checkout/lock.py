"""The currency lock: once checkout starts, the cart keeps its region whatever the language.

Before checkout the cart follows the page's currency (a Spanish page moves it to EUR); after
``/checkout`` opened, switching language changes only the texts, and the pages say so.
"""

from __future__ import annotations

from babel.numbers import get_currency_name
from flask import session
from flask_babel import gettext

from storefront import i18n

KEY = "checkout_cart"


def lock(cart_id: str) -> None:
    """Keep this cart in its region from now on."""
    session[KEY] = cart_id


def is_locked(cart_id: str) -> bool:
    """True while a checkout of this cart is in progress."""
    return session.get(KEY) == cart_id


def currency_note(cart_id: str, currency: str) -> str:
    """A note for a page in another currency than a locked cart's, else ''."""
    if not is_locked(cart_id) or i18n.page_locale().currency == currency.lower():
        return ""
    name = get_currency_name(currency.upper(), count=2, locale=i18n.page_locale().babel_locale)
    return gettext(
        "Your checkout has started in %(currency)s, so prices stay in %(currency)s. "
        "Changing the language changes only the texts.",
        currency=name,
    )
