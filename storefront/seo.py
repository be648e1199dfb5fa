"""Per-locale SEO: canonical URL, hreflang alternates, Open Graph locales, JSON-LD Product,
CollectionPage and BreadcrumbList."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from storefront.locales import LocaleInfo, LocaleTable
from storefront.merge import ProductView

AVAILABILITY = {
    "in_stock": "https://schema.org/InStock",
    "low": "https://schema.org/LimitedAvailability",
    "sold_out": "https://schema.org/OutOfStock",
}


@dataclass(frozen=True)
class Alternate:
    """One ``<link rel=alternate hreflang>``."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class ProductSeo:
    """What a product page puts in its head."""

    title: str
    description: str
    og_locale: str
    og_alternates: tuple[str, ...]
    json_ld: dict[str, Any]


def localized_url(
    public_url: str, path: str, code: str, keep: Mapping[str, str] | None = None
) -> str:
    """The absolute URL of a path in one locale (``keep``: query args that name the page)."""
    return f"{public_url.rstrip('/')}{path}?{urlencode({**(keep or {}), 'lang': code})}"


def alternates(
    public_url: str,
    path: str,
    table: LocaleTable,
    keep: Mapping[str, str] | None = None,
    paths: Mapping[str, str] | None = None,
) -> list[Alternate]:
    """hreflang links for every locale (``paths``: a locale's own path, its localized slug),
    plus ``x-default`` (the default locale's URL)."""
    own = paths or {}
    links = [
        Alternate(i.code, localized_url(public_url, own.get(i.code, path), i.code, keep))
        for i in table
    ]
    default = table.default.code
    return [*links, Alternate("x-default", localized_url(public_url, own.get(default, path),
                                                          default, keep))]  # fmt: skip


def og_locale(info: LocaleInfo) -> str:
    """Open Graph's locale form: ``es_ES``."""
    return str(info.babel_locale) if info.babel_locale.territory else info.code.replace("-", "_")


def product_seo(
    product: ProductView, page: LocaleInfo, table: LocaleTable, canonical: str
) -> ProductSeo:
    """Title, description, Open Graph locales and JSON-LD for a product page."""
    others = tuple(og_locale(info) for info in table if info.code != page.code)
    return ProductSeo(
        title=product.seo_title,
        description=product.seo_description[:300],
        og_locale=og_locale(page),
        og_alternates=others,
        json_ld=json_ld(product, canonical),
    )


def json_ld(product: ProductView, url: str) -> dict[str, Any]:
    """A schema.org Product with one Offer per priced variant."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.seo_description,
        "url": url,
        "offers": list(_offers(product, url)),
    }
    if product.images:
        data["image"] = [image.url for image in product.images]
    if product.variants:
        data["sku"] = product.variants[0].sku
    return data


def _offers(product: ProductView, url: str) -> Iterable[dict[str, Any]]:
    for variant in product.variants:
        if variant.price is None or not product.currency:
            continue
        yield {
            "@type": "Offer",
            "sku": variant.sku,
            "price": f"{variant.price:.2f}",
            "priceCurrency": product.currency.upper(),
            "availability": AVAILABILITY[variant.stock],
            "url": url,
        }


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: its name and absolute URL."""

    name: str
    url: str


def breadcrumb_list(crumbs: Iterable[Crumb]) -> dict[str, Any]:
    """A schema.org BreadcrumbList, positions from 1."""
    items = [
        {"@type": "ListItem", "position": n, "name": crumb.name, "item": crumb.url}
        for n, crumb in enumerate(crumbs, start=1)
    ]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def collection_page(
    name: str, description: str, url: str, page: LocaleInfo, crumbs: Iterable[Crumb]
) -> list[dict[str, Any]]:
    """JSON-LD for a collection or category page: a CollectionPage and its BreadcrumbList."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "inLanguage": page.code,
    }
    if description:
        data["description"] = description
    return [data, breadcrumb_list(crumbs)]
