"""What "Add to cart" asked for: the product, its option values or variant id, the quantity.

Resolves option values to the variant on the server (the page works without JavaScript) and
says, in the shopper's language, why a choice cannot be added: the combination does not exist,
it is sold out, or fewer units are left than asked. ``back()`` returns to the product page with
the choice and quantity kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import request
from flask_babel import gettext, ngettext

from storefront import csrf, i18n, loader, options, params, rendering
from storefront.clients.errors import UpstreamError
from storefront.clients.medusa_models import Product, Variant

MAX_ID = 100


@dataclass(frozen=True)
class Choice:
    """One add-to-cart request."""

    handle: str
    fields: Mapping[str, str]
    quantity: int
    given_variant: str = ""
    product: Product | None = field(default=None, compare=False)

    @classmethod
    def from_form(cls, form: Mapping[str, str], quantity: int) -> Choice:
        """The choice a form posted (the product loaded when a handle is given)."""
        handle = form.get("product", "")[:200]
        product = _load(handle) if handle else None
        given = params.medusa_id(form.get("variant_id")) or ""
        return cls(handle, dict(form), quantity, given, product)

    def chosen(self) -> dict[str, str]:
        """The submitted option values that belong to the product."""
        return options.submitted(self.fields, self.product) if self.product else {}

    def variant(self) -> Variant | None:
        """The variant asked for: by id when given, else by the option values."""
        if self.product is None:
            return None
        if self.given_variant:
            return next((v for v in self.product.variants if v.id == self.given_variant), None)
        return options.resolve(self.product, self.chosen())

    def variant_id(self) -> tuple[str, str]:
        """The variant id to add and "", or "" and why it cannot be added."""
        if self.product is None:  # no product named: the posted id as it is (Medusa checks it)
            ok = bool(self.given_variant) and len(self.given_variant) <= MAX_ID
            return (self.given_variant, "") if ok else ("", gettext("Please choose an option."))
        variant = self.variant()
        if variant is None:
            return "", gettext("That combination is not available. Please choose another.")
        if not variant.in_stock:
            return "", gettext("Sorry, that option is out of stock.")
        if _limited(variant) and self.quantity > (variant.inventory or 0):
            return "", self._fewer_left(variant.inventory or 0)
        return variant.id, ""

    def out_of_stock_message(self) -> str:
        """Medusa refused for stock: fewer left than asked, or none at all."""
        variant = self.variant()
        left = variant.inventory if variant is not None and _limited(variant) else None
        if left:
            return self._fewer_left(left)
        return gettext("Sorry, that option is out of stock.")

    def _fewer_left(self, left: int) -> str:
        return ngettext(
            "Only %(num)d of this option is left: please choose a smaller quantity.",
            "Only %(num)d of this option are left: please choose a smaller quantity.",
            left,
        )

    def back(self) -> str:
        """The product page with this choice and quantity (or where the shopper came from)."""
        if self.product is None:
            return back_to_referrer()
        kept = {options.PREFIX + t: v for t, v in self.chosen().items()}
        if not kept and (variant := self.variant()) is not None:
            titles = [t for t, _ in options.real_options(self.product)]
            kept = {options.PREFIX + t: variant.options[t] for t in titles if t in variant.options}
        return i18n.lurl("product.show", handle=self.product.handle, quantity=self.quantity, **kept)


def back_to_referrer() -> str:
    """The page the visitor came from when it is one of ours, else the catalog (never off-site)."""
    referrer = request.referrer
    if referrer and csrf.is_ours(referrer):
        return params.path_and_query(referrer)
    return i18n.lurl("catalog.index")


def _limited(variant: Variant) -> bool:
    """Whether Medusa counts this variant's units (and refuses more than it has)."""
    return (
        variant.manage_inventory and not variant.allow_backorder and variant.inventory is not None
    )


def _load(handle: str) -> Product | None:
    """The product, or None when it is unknown or Medusa cannot say right now."""
    try:
        product, _ = loader.product_page(
            handle, i18n.page_locale().currency, rendering.is_preview()
        ).value
    except UpstreamError:
        return None
    return product if isinstance(product, Product) else None
