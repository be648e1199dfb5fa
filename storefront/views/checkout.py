"""The guest checkout: address, then delivery and payment, then review (``/checkout/...``).

Server-rendered forms that work without JavaScript; every POST carries the CSRF token (checked
app-wide). Each step saves what it can to the Medusa cart and redirects (POST/redirect/GET), so a
reload never resubmits; what the shopper typed is kept in the session until Medusa has it.
Placing the order and the confirmation live in ``views/orders.py``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, g, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from storefront import i18n, rendering, services
from storefront.checkout import flow, lock, payment
from storefront.checkout.forms import AddressForm, country_choices
from storefront.clients.checkout_models import CheckoutCart, ShippingOption
from storefront.clients.errors import UpstreamError, UpstreamRejected

bp = Blueprint("checkout", __name__)


bp.after_request(flow.never_stored)


# -- step 1: email and shipping address ---------------------------------------------------
@bp.get("/checkout")
def address() -> ResponseReturnValue:
    """The address form, filled from what the shopper typed or what the cart already has."""
    found = flow.current_cart()
    lock.lock(found.cart.id)
    return _address_page(found, _remembered_form(found))


@bp.post("/checkout")
def save_address() -> ResponseReturnValue:
    """Check the address; a valid one goes to the Medusa cart, a refused one comes back."""
    found = flow.current_cart()
    lock.lock(found.cart.id)
    form = AddressForm.from_mapping(request.form)
    session[flow.DRAFT_KEY] = {"cart": found.cart.id, **form.values}
    if not form.validate(_countries(found), i18n.page_locale().babel_locale):
        return _address_page(found, form, status=422)
    try:
        flow.client().set_contact(found.cart.id, form.values["email"], form.address())
    except UpstreamRejected:
        form.errors["country_code"] = gettext("We cannot deliver to this address.")
        return _address_page(found, form, status=422)
    except UpstreamError:
        return _address_page(found, form, status=503, problem=_unreachable())
    return redirect(i18n.lurl("checkout.delivery"))


def _remembered_form(found: CheckoutCart) -> AddressForm:
    draft = session.get(flow.DRAFT_KEY)
    if isinstance(draft, dict) and draft.get("cart") == found.cart.id:
        return AddressForm.from_mapping(draft)
    values = asdict(found.address) if found.address else {}
    values["email"] = found.email
    if not values.get("country_code"):
        values["country_code"] = _default_country(_countries(found))
    return AddressForm.from_mapping(values)


def _default_country(countries: tuple[str, ...]) -> str:
    if len(countries) == 1:
        return countries[0]
    territory = (i18n.page_locale().babel_locale.territory or "").lower()
    return territory if territory in countries else ""


def _countries(found: CheckoutCart) -> tuple[str, ...]:
    regions = services.current().regions()  # kept (storefront.kept), like every page's
    region = next((r for r in regions if r.id == found.cart.region_id), None)
    return region.countries if region else ()


def _address_page(
    found: CheckoutCart, form: AddressForm, status: int = 200, problem: str = ""
) -> Response:
    locale = i18n.page_locale().babel_locale
    return _page(
        "checkout_address.html",
        found,
        status,
        form=form,
        countries=country_choices(_countries(found), locale),
        problem=problem,
    )


# -- step 2: delivery and payment -----------------------------------------------------------
@bp.get("/checkout/delivery")
def delivery() -> ResponseReturnValue:
    """The shipping options Medusa offers for the cart and the region's payment methods."""
    found = flow.current_cart()
    if found.address is None or not found.email:
        return redirect(i18n.lurl("checkout.address"))
    chosen = found.shipping_option_id, session.get(flow.PROVIDER_KEY)
    return _delivery_page(found, *chosen)


@bp.post("/checkout/delivery")
def save_delivery() -> ResponseReturnValue:
    """The chosen option becomes the cart's shipping method; the payment method is kept."""
    found = flow.current_cart()
    option_id = request.form.get("shipping_option", "")
    provider_id = request.form.get("payment_provider", "")
    options, providers = _choices(found)
    if option_id not in {o.id for o in options} or provider_id not in payment.usable(providers):
        problem = gettext("Please choose a delivery option and a payment method.")
        return _delivery_page(found, option_id, provider_id, status=422, problem=problem)
    try:
        flow.client().set_shipping(found.cart.id, option_id)
    except UpstreamError:
        return _delivery_page(found, option_id, provider_id, status=503, problem=_unreachable())
    session[flow.PROVIDER_KEY] = provider_id
    return redirect(i18n.lurl("checkout.review"))


def _choices(found: CheckoutCart) -> tuple[tuple[ShippingOption, ...], tuple[str, ...]]:
    checkout = flow.client()
    return checkout.shipping_options(found.cart.id), checkout.payment_providers(
        found.cart.region_id
    )


def _delivery_page(
    found: CheckoutCart,
    option_id: str | None,
    provider_id: object,
    status: int = 200,
    problem: str = "",
) -> Response:
    options, providers = _choices(found)
    currency = found.cart.currency
    return _page(
        "checkout_delivery.html",
        found,
        status,
        options=[payment.shipping_choice(o, currency) for o in options],
        option_id=option_id or (options[0].id if len(options) == 1 else ""),
        providers=[payment.provider_choice(p) for p in providers],
        provider_id=provider_id if isinstance(provider_id, str) else payment.default(providers),
        problem=problem,
    )


# -- step 3: review ---------------------------------------------------------------------------
@bp.get("/checkout/review")
def review() -> ResponseReturnValue:
    """Lines, totals, address, delivery and payment, and the Place order button."""
    found = flow.current_cart()
    if found.address is None or not found.email:
        return redirect(i18n.lurl("checkout.address"))
    provider = session.get(flow.PROVIDER_KEY)
    if not found.shipping_option_id or not isinstance(provider, str):
        return redirect(i18n.lurl("checkout.delivery"))
    return review_page(found, provider)


def review_page(
    found: CheckoutCart, provider: str, status: int = 200, problem: str = ""
) -> Response:
    """The review step (also shown again, with ``problem``, when placing the order failed)."""
    choice = payment.provider_choice(provider)
    shipping = payment.shipping_label(found.shipping_name)
    return _page(
        "checkout_review.html",
        found,
        status,
        payment=choice,
        shipping_label=shipping,
        problem=problem,
    )


# -- shared ------------------------------------------------------------------------------------
def _page(template: str, found: CheckoutCart, status: int, **context: Any) -> Response:
    g.noindex = True
    return rendering.render(
        template,
        status,
        nav=rendering.navigation(),
        found=found,
        summary=flow.cart_summary(found),
        currency_note=lock.currency_note(found.cart.id, found.cart.currency),
        **context,
    )


def _unreachable() -> str:
    return gettext(
        "The shop cannot reach its order system right now. Nothing was lost: please try again "
        "in a moment."
    )
