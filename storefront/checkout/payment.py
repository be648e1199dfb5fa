"""How delivery options and payment providers are named and offered in the shopper's language.

Medusa names a provider only by id. ``pp_system_default`` (manual payment, what a fresh Medusa
has) completes on the server alone; providers that need a client-side widget (cards, wallets)
are listed but cannot be chosen here yet, so the page never assumes there is just one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from storefront import i18n
from storefront.clients.checkout_models import ShippingOption

SERVER_SIDE = ("pp_system_default",)


@dataclass(frozen=True)
class Choice:
    """One radio button: value, label, a line of detail, the price, whether it can be chosen."""

    id: str
    label: str
    detail: str
    price: str = ""
    usable: bool = True


def usable(providers: tuple[str, ...]) -> set[str]:
    """The providers an order can be placed with from this storefront."""
    return {p for p in providers if p in SERVER_SIDE}


def default(providers: tuple[str, ...]) -> str:
    """The provider to preselect: the first usable one."""
    return next((p for p in providers if p in SERVER_SIDE), "")


def provider_choice(provider_id: str) -> Choice:
    """A payment provider named in the page's language."""
    if provider_id == "pp_system_default":
        return Choice(
            provider_id,
            gettext("Pay on delivery or by bank transfer"),
            gettext("Nothing is charged now: we send you the payment details with your order."),
        )
    name = provider_id.removeprefix("pp_").split("_")[0].replace("-", " ").title()
    return Choice(provider_id, name, gettext("Not available in this shop yet."), usable=False)


def shipping_choice(option: ShippingOption, currency: str) -> Choice:
    """A shipping option with its price in the locale's money format."""
    label, detail = _known_option(option.name) or (option.name, option.type_description)
    price = i18n.money(option.amount, currency) if option.amount else gettext("Free")
    return Choice(option.id, label, detail, price)


def _known_option(name: str) -> tuple[str, str] | None:
    # The demo's (and the reference seed's) options get translated; a merchant's own options
    # show Medusa's names as they are.
    if name == "Standard Shipping":
        return gettext("Standard shipping"), gettext("Ships in 2–3 days")
    if name == "Express Shipping":
        return gettext("Express shipping"), gettext("Ships the next working day")
    return None


def shipping_label(name: str | None) -> str:
    """The name of a cart's shipping method in the page's language, when it is a known one."""
    known = _known_option(name or "")
    return known[0] if known else name or ""
