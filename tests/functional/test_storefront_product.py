"""The product page: variants with price and stock, add button, care, gallery, rich text."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from sandbox.server import Sandbox
from storefront import purger
from tests.functional.storefront_helpers import (
    CAMPING_MUG,
    LINEN_SHIRT,
    TSHIRT,
    assert_no_traceback,
    edit_entry,
    html,
    product_id,
    set_stock,
    variant_label,
)

PAGE = f"/products/{TSHIRT}"


def stock_class(label: str) -> str:
    found = re.search(r'<span class="stock ([a-z_]+)"[^>]*>\s*([^<]*?)\s*</span>', label)
    assert found, label
    return found.group(1)


def add_button(page: str) -> str:
    found = re.search(r"<button [^>]*data-add[^>]*>", page.split('class="add-to-cart"')[1])
    assert found
    return found.group(0)


def selection(page: str) -> str:
    found = re.search(r'<p class="selection".*?</p>', page, re.S)
    assert found
    return re.sub(r"\s+", " ", found.group(0))


def control(page: str, title: str) -> str:
    found = re.search(rf'<fieldset class="option" data-option="{title}">.*?</fieldset>', page, re.S)
    assert found, f"no control for {title}"
    return found.group(0)


def choice(page: str, title: str, value: str) -> str:
    pattern = (
        rf'<label class="choice ([a-z_]+)">\s*'
        rf'<input type="radio" name="option.{title}" value="{value}"([^>]*)>'
    )
    found = re.search(pattern, control(page, title))
    assert found, f"no {title} {value}"
    return f"{found.group(1)}{' checked' if 'checked' in found.group(2) else ''}"


def test_one_control_per_option_with_the_locales_labels(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=es"))
    size, color = control(page, "Size"), control(page, "Color")
    assert "<legend>Talla</legend>" in size and "<legend>Color</legend>" in color
    assert re.findall(r'class="choice-label">([^<]+)<', color) == ["Blanco", "Negro"]
    assert re.findall(r'class="choice-label">([^<]+)<', size) == ["S", "M", "L"]
    assert choice(page, "Size", "S") == "available checked"  # the first variant in stock
    assert choice(page, "Color", "White") == "available checked"
    assert "29,99" in selection(page) and "in_stock" in selection(page)
    assert "disabled" not in add_button(page)
    assert 'src="/static/product-options.js"' in page and "<script>" not in page


def test_sold_out_and_missing_combinations_are_marked(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=de"))  # chosen: S / White
    assert choice(page, "Color", "Black") == "unavailable"  # S / Black does not exist
    assert choice(page, "Size", "L") == "unavailable"  # L / White neither
    assert "Nicht verfügbar" in control(page, "Color")
    black = html(client.get(f"{PAGE}?lang=de&option.Size=L&option.Color=Black"))
    assert choice(black, "Size", "L") == "sold_out checked"
    assert "Ausverkauft" in selection(black) and "sold_out" in selection(black)
    assert "disabled" in add_button(black)
    missing = html(client.get(f"{PAGE}?lang=en&option.Size=L&option.Color=White"))
    assert "This combination is not available." in selection(missing)
    assert "disabled" in add_button(missing)


def test_the_query_choice_shows_its_price_and_stock(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=en&option.Size=M&option.Color=White"))
    assert choice(page, "Size", "M") == "available checked"
    assert "$29.99" in selection(page) and "In stock" in selection(page)
    junk = html(client.get(f"{PAGE}?lang=en&option.Size=<b>XXL</b>&option.Nope=1"))
    assert choice(junk, "Size", "S") == "available checked" and "<b>XXL" not in junk


def test_a_single_variant_product_has_no_picker_and_no_default(client: Any) -> None:
    for lang, price in (("en", "$17.00"), ("es", "15,50")):
        page = html(client.get(f"/products/canvas-tote-bag?lang={lang}"))
        assert 'class="option"' not in page and "Default" not in page
        assert 'name="variant_id"' in page and 'data-sku="CTB-1"' in page
        assert price in selection(page)


def test_combinations_list_every_variant_with_price_and_stock(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=en"))
    small, large = variant_label(page, "OCT-S-WHT"), variant_label(page, "OCT-L-BLK")
    assert "S / White" in small and "$29.99" in small and stock_class(small) == "in_stock"
    assert "L / Black" in large and "$32.99" in large and stock_class(large) == "sold_out"
    assert "S / Blanco" in variant_label(html(client.get(f"{PAGE}?lang=es")), "OCT-S-WHT")


def test_stock_states_are_localized(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=de"))
    assert "Ausverkauft" in variant_label(page, "OCT-L-BLK")


def test_untracked_stock_is_in_stock(client: Any) -> None:
    page = html(client.get(f"/products/{LINEN_SHIRT}"))
    for sku in ("LSS-S", "LSS-M", "LSS-L"):
        assert stock_class(variant_label(page, sku)) == "in_stock"


def test_all_sold_out_disables_the_add_button(client: Any) -> None:
    page = html(client.get(f"/products/{CAMPING_MUG}"))
    assert "sold_out" in selection(page)
    assert "disabled" in add_button(page)


def test_low_stock_after_the_merchant_lowers_it(app: Flask, client: Any, box: Sandbox) -> None:
    handle = "bamboo-sunglasses"
    page = html(client.get(f"/products/{handle}"))
    assert stock_class(variant_label(page, "BSG-GRY")) == "in_stock"
    set_stock(box, "BSG-GRY", 3)
    set_stock(box, "BSG-BRN", 0)
    purger.for_app(app).purge_product(product_id(box, handle))
    page = html(client.get(f"/products/{handle}?lang=en"))
    grey, brown = variant_label(page, "BSG-GRY"), variant_label(page, "BSG-BRN")
    assert stock_class(grey) == "low" and "Only 3 left" in grey
    assert stock_class(brown) == "sold_out"
    assert "LimitedAvailability" in page and "OutOfStock" in page  # JSON-LD follows


def test_material_and_breadcrumbs_are_localized(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=es"))
    assert "100 % algodón orgánico" in page
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S)
    assert trail and re.findall(r">([^<>]+)</(?:a|span)>", trail.group(0)) == [
        "Inicio", "Esenciales de verano", "Camiseta de Algodón Orgánico"
    ]  # fmt: skip
    assert "100% organic cotton" in html(client.get(f"{PAGE}?lang=en"))
    categories = re.search(r'<p class="categories">(.*?)</p>', page, re.S)
    assert categories and re.findall(r">([^<>]+)</a>", categories.group(1)) == [
        "Camisetas", "Orgánico"
    ]  # fmt: skip
    assert 'href="/categories/t-shirts?lang=es-ES"' in categories.group(1)


def test_care_instructions(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=es"))
    care = re.search(r'<section class="care">(.*?)</section>', page, re.S)
    assert care and "Lavar a máquina en frío a 30 °C" in care.group(1)
    assert 'class="care"' not in html(client.get("/products/linen-napkin-set"))


def test_gallery_has_srcset_on_contentful_assets(client: Any, box: Sandbox) -> None:
    page = html(client.get(PAGE))
    gallery = re.search(r'<div class="gallery">(.*?)</div>', page, re.S)
    assert gallery
    images = re.findall(r"<img [^>]*>", gallery.group(1))
    assert images
    first = images[0]
    src = re.search(r'src="([^"]+)"', first)
    assert src and src.group(1).startswith(box.urls["cda"])
    srcset = re.search(r'srcset="([^"]+)"', first)
    assert srcset
    widths = re.findall(r"w=(\d+)&amp;fm=webp[^ ]* (\d+)w", srcset.group(1))
    assert [(a, b) for a, b in widths if a == b] == [
        ("480", "480"),
        ("800", "800"),
        ("1200", "1200"),
    ]
    assert 'alt="' in first and "sizes=" in first


def test_rich_text_headings_bold_and_lists(client: Any) -> None:
    page = html(client.get(f"{PAGE}?lang=en"))
    rich = re.search(r'<section class="description rich-text">(.*?)</section>', page, re.S)
    assert rich
    body = rich.group(1)
    assert "<h2>Why you&#39;ll love it</h2>" in body or "<h2>Why you'll love it</h2>" in body
    assert "<strong>Everyday comfort, grown responsibly.</strong>" in body
    assert body.count("<li>") == 3 and "<ul>" in body
    assert "<p>True to size." in body and "<strong>M</strong>" in body


def test_unknown_and_hostile_handles_are_a_404(client: Any) -> None:
    for handle in ("nope", "x" * 300, "%3Cscript%3E", "unreleased-hoodie"):
        response = client.get(f"/products/{handle}")
        assert response.status_code == 404, handle
        assert "<script>" not in html(response).split("</head>")[1]
        assert_no_traceback(html(response))


def test_hostile_content_from_the_cms_is_escaped(client: Any, box: Sandbox, app: Flask) -> None:
    handle = "canvas-tote-bag"
    pid = product_id(box, handle)

    def hostile(fields: dict[str, Any]) -> None:
        fields["title"]["en-US"] = '<script>alert("title")</script>'
        fields["seoTitle"] = {"en-US": '"><script>alert("seo")</script>'}
        fields["careInstructions"] = {"en-US": "<img src=x onerror=alert(1)>"}
        fields["richDescription"] = {"en-US": _hostile_document()}

    edit_entry(box, pid, hostile)
    purger.for_app(app).purge_product(pid)
    response = client.get(f"/products/{handle}")
    page = html(response)
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page
    )
    assert "<img src=x" not in page and "onerror=alert" not in page.replace(
        "&lt;img src=x onerror=alert", ""
    )
    assert not re.search(r'href="\s*(javascript|data|vbscript):', page, re.I)
    assert "Click me" in page and "Data link" in page  # the text stays, the link goes
    assert '<a href="https://example.com/ok" rel="noopener nofollow">Safe link</a>' in page
    assert "<h3>&lt;b&gt;Heading&lt;/b&gt;</h3>" in page


def _hostile_document() -> dict[str, Any]:
    def text(value: str) -> dict[str, Any]:
        return {"nodeType": "text", "value": value, "marks": [], "data": {}}

    def link(uri: str, label: str) -> dict[str, Any]:
        return {"nodeType": "hyperlink", "data": {"uri": uri}, "content": [text(label)]}

    paragraph = {
        "nodeType": "paragraph",
        "data": {},
        "content": [
            text("<script>alert('rich')</script>"),
            link("javascript:alert(1)", "Click me"),
            link(" JaVaScRiPt:alert(2)", "Again"),
            link("data:text/html,<script>alert(3)</script>", "Data link"),
            link("https://example.com/ok", "Safe link"),
            text(""),
        ],
    }
    heading = {"nodeType": "heading-3", "data": {}, "content": [text("<b>Heading</b>")]}
    return {"nodeType": "document", "data": {}, "content": [heading, paragraph]}
