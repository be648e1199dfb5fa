"""Helpers the page views share."""

from __future__ import annotations

from storefront import i18n, services
from storefront.merge import Localizer


def localizer() -> Localizer:
    """Reading content in the page's locale: its chain, money format and URL builders."""
    svc = services.current()
    table = svc.locale_table()
    client = svc.delivery
    return Localizer(
        chain=table.chain(i18n.page_locale().code),
        money=i18n.money,
        asset_url=client.asset_url,
        product_url=lambda handle: i18n.lurl("product.show", handle=handle),
    )
