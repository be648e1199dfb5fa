"""The demo catalog's invariants and the product pictures drawn from it."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from sandbox.seed.catalog import CATALOG
from sandbox.seed.images import MOTIFS, picture_name, picture_svg

PRODUCTS: list[dict[str, Any]] = CATALOG["products"]
BY_HANDLE = {p["handle"]: p for p in PRODUCTS}
LOCALE_CODES = {locale["code"] for locale in CATALOG["locales"]}
CURRENCIES = {region["currency_code"] for region in CATALOG["regions"]}
CONTENT_FIELDS = {
    "title",
    "subtitle",
    "description",
    "richDescription",
    "seoTitle",
    "seoDescription",
    "careInstructions",
}
TRANSLATED_WORDS = {"optionLabels", "material"}  # Medusa's words, translated per locale
SVG = "{http://www.w3.org/2000/svg}"


def managed_out_of_stock(product: dict[str, Any]) -> bool:
    """Every variant's stock is tracked and at zero."""
    return all(v["manage_inventory"] and v["inventory"] == 0 for v in product["variants"])


def rich_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A rich-text node and all its descendants."""
    found = [node]
    for child in node.get("content", []):
        found.extend(rich_nodes(child))
    return found


def rich_documents() -> list[dict[str, Any]]:
    """Every richDescription in every product and locale."""
    return [
        fields["richDescription"]
        for p in PRODUCTS
        for fields in p.get("content", {}).values()
        if "richDescription" in fields
    ]


# --- Structure ------------------------------------------------------------------------------


def test_catalog_is_plain_json() -> None:
    assert json.loads(json.dumps(CATALOG)) == CATALOG


def test_handles_and_skus_are_unique() -> None:
    handles = Counter(p["handle"] for p in PRODUCTS)
    skus = Counter(v["sku"] for p in PRODUCTS for v in p["variants"])
    assert [h for h, n in handles.items() if n > 1] == []
    assert [s for s, n in skus.items() if n > 1] == []
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", h) for h in handles)


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p["handle"])
def test_variants_match_the_product_options(product: dict[str, Any]) -> None:
    options = {o["title"]: o["values"] for o in product["options"]}
    assert 1 <= len(product["variants"]) <= 6
    combos = set()
    for item in product["variants"]:
        assert set(item["options"]) == set(options)
        assert all(value in options[title] for title, value in item["options"].items())
        assert item["title"] == " / ".join(item["options"][o["title"]] for o in product["options"])
        combos.add(tuple(sorted(item["options"].items())))
    assert len(combos) == len(product["variants"]), "two variants share an option combination"
    used = {(t, v) for item in product["variants"] for t, v in item["options"].items()}
    assert used == {(t, v) for t, values in options.items() for v in values}


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p["handle"])
def test_every_variant_has_a_positive_price_in_every_region_currency(
    product: dict[str, Any],
) -> None:
    for item in product["variants"]:
        assert set(item["prices"]) == CURRENCIES
        assert all(isinstance(a, float) and a > 0 for a in item["prices"].values())
        assert isinstance(item["inventory"], int) and item["inventory"] >= 0
        assert isinstance(item["manage_inventory"], bool)


def test_most_products_price_eur_and_usd_differently() -> None:
    differ = [
        p for p in PRODUCTS if any(v["prices"]["eur"] != v["prices"]["usd"] for v in p["variants"])
    ]
    assert len(differ) > len(PRODUCTS) / 2


def test_referenced_collections_categories_tags_and_types_exist() -> None:
    collections = {c["handle"] for c in CATALOG["collections"]}
    categories = {c["handle"] for c in CATALOG["categories"]}
    for p in PRODUCTS:
        assert p["collection"] in collections, p["handle"]
        assert set(p["categories"]) <= categories, p["handle"]
        assert set(p["tags"]) <= set(CATALOG["tags"]), p["handle"]
        assert p["type"] in CATALOG["types"], p["handle"]
        assert p["status"] in ("published", "draft")


def test_category_parents_exist_and_come_first() -> None:
    seen: set[str] = set()
    for category in CATALOG["categories"]:
        assert category["parent"] is None or category["parent"] in seen, category["handle"]
        assert category["handle"] not in seen
        seen.add(category["handle"])


def test_taxonomy_has_no_duplicates_and_nothing_unused() -> None:
    for key, name in (("collections", "handle"), ("categories", "handle")):
        values = [item[name] for item in CATALOG[key]]
        assert len(values) == len(set(values)), key
    assert len(CATALOG["tags"]) == len(set(CATALOG["tags"]))
    used_collections = {p["collection"] for p in PRODUCTS}
    assert used_collections == {c["handle"] for c in CATALOG["collections"]}
    assert {t for p in PRODUCTS for t in p["tags"]} == set(CATALOG["tags"])


def test_regions_and_shipping_cover_the_same_currencies() -> None:
    assert {"eur", "usd"} == CURRENCIES
    for region in CATALOG["regions"]:
        assert set(region["tax_rates"]) == set(region["countries"])
    for option in CATALOG["shipping_options"]:
        assert set(option["prices"]) == CURRENCIES


# --- The recorded products ------------------------------------------------------------------


def test_the_tshirt_matches_the_recorded_seed() -> None:
    shirt = BY_HANDLE["organic-cotton-tshirt"]
    assert shirt["title"] == "Organic Cotton T-Shirt"
    assert shirt["subtitle"] == "Soft, breathable, GOTS-certified"
    assert shirt["description"] == "A classic crew-neck T-shirt made from 100% organic cotton."
    assert (shirt["material"], shirt["weight"], shirt["type"]) == (
        "100% organic cotton",
        200,
        "T-Shirt",
    )
    assert shirt["status"] == "published"
    assert shirt["collection"] == "summer-essentials"
    assert shirt["categories"] == ["t-shirts", "organic"]
    assert shirt["tags"] == ["organic", "cotton", "summer"]
    assert shirt["options"] == [
        {"title": "Size", "values": ["S", "M", "L"]},
        {"title": "Color", "values": ["White", "Black"]},
    ]
    facts = {
        v["sku"]: (v["options"], v["prices"], v["inventory"], v["manage_inventory"])
        for v in shirt["variants"]
    }
    assert facts == {
        "OCT-S-WHT": ({"Size": "S", "Color": "White"}, {"eur": 29.99, "usd": 29.99}, 100, True),
        "OCT-M-WHT": ({"Size": "M", "Color": "White"}, {"eur": 29.99, "usd": 29.99}, 25, True),
        "OCT-L-BLK": ({"Size": "L", "Color": "Black"}, {"eur": 32.99, "usd": 32.99}, 0, True),
    }


def test_the_tshirt_taxonomy_matches_the_recorded_seed() -> None:
    collections = {c["handle"]: c["title"] for c in CATALOG["collections"]}
    categories = {c["handle"]: (c["name"], c["parent"]) for c in CATALOG["categories"]}
    assert collections["summer-essentials"] == "Summer Essentials"
    assert categories["apparel"] == ("Apparel", None)
    assert categories["t-shirts"] == ("T-Shirts", "apparel")
    assert categories["organic"] == ("Organic", None)


def test_the_tshirt_is_translated_with_rich_text_in_three_locales() -> None:
    content = BY_HANDLE["organic-cotton-tshirt"]["content"]
    assert set(content) == {"en-US", "es-ES", "de-DE"}
    assert content["en-US"]["title"] == "Organic Cotton T-Shirt"
    assert content["es-ES"]["title"] == "Camiseta de Algodón Orgánico"
    assert content["de-DE"]["title"] == "Bio-Baumwoll-T-Shirt"
    for code, fields in content.items():
        assert set(fields) - TRANSLATED_WORDS == CONTENT_FIELDS, code
        kinds = {n["nodeType"] for n in rich_nodes(fields["richDescription"])}
        assert {"heading-2", "unordered-list", "list-item", "paragraph"} <= kinds, code
        marks = [m for n in rich_nodes(fields["richDescription"]) for m in n.get("marks", [])]
        assert {"type": "bold"} in marks, code


def test_other_recorded_products_keep_their_facts() -> None:
    linen, tote, hoodie = (
        BY_HANDLE[h] for h in ("linen-summer-shirt", "canvas-tote-bag", "unreleased-hoodie")
    )
    assert {v["sku"] for v in linen["variants"]} >= {"LSS-M"}
    assert all(v["prices"] == {"eur": 49.0, "usd": 55.0} for v in linen["variants"])
    assert not any(v["manage_inventory"] for v in linen["variants"])
    assert [(v["sku"], v["prices"], v["inventory"]) for v in tote["variants"]] == [
        ("CTB-1", {"eur": 15.5, "usd": 17.0}, 40)
    ]
    assert hoodie["status"] == "draft"


# --- Coverage of the cases the storefront must handle ---------------------------------------


def test_catalog_is_big_enough_and_varied() -> None:
    assert len(PRODUCTS) >= 23
    assert len(CATALOG["collections"]) >= 4
    assert len({c for p in PRODUCTS for c in p["categories"]}) >= 5
    assert sum(p["status"] == "draft" for p in PRODUCTS) >= 1
    assert sum(managed_out_of_stock(p) for p in PRODUCTS) >= 2
    assert sum(not v["manage_inventory"] for p in PRODUCTS for v in p["variants"]) >= 1


def test_content_cases_are_all_present() -> None:
    untranslated = [p for p in PRODUCTS if "content" not in p]
    full = [p for p in PRODUCTS if set(p.get("content", {})) == LOCALE_CODES]
    english_only = [p for p in PRODUCTS if set(p.get("content", {})) == {"en-US"}]
    title_only_es = [
        p
        for p in PRODUCTS
        if "title" in p.get("content", {}).get("es-ES", {})
        and "description" not in p["content"]["es-ES"]
    ]
    assert len(untranslated) >= 3
    assert len(full) >= 10
    assert len(english_only) >= 3
    assert len(title_only_es) >= 2


@pytest.mark.parametrize(
    "product", [p for p in PRODUCTS if "content" in p], ids=lambda p: p["handle"]
)
def test_content_uses_known_locales_and_fields(product: dict[str, Any]) -> None:
    content = product["content"]
    assert "en-US" in content
    assert set(content) <= LOCALE_CODES
    for code, fields in content.items():
        assert set(fields) <= CONTENT_FIELDS | TRANSLATED_WORDS, code
        assert all(v not in (None, "") for v in fields.values()), code
    base = {k: product[k] for k in ("title", "subtitle", "description")}
    assert {k: content["en-US"][k] for k in base} == base


def test_translations_use_proper_accents_and_umlauts() -> None:
    # Guard against ASCII-folded copy ("Algodon", "Grosse") slipping into the demo texts.
    spanish = json.dumps(
        [p["content"].get("es-ES") for p in PRODUCTS if "content" in p], ensure_ascii=False
    )
    german = json.dumps(
        [p["content"].get("de-DE") for p in PRODUCTS if "content" in p], ensure_ascii=False
    )
    assert all(letter in spanish for letter in "áéíóúñ")
    for word in ("Algodon", "Organico", "Ceramica", "Groesse", "Waesche", "fuer "):
        assert word not in spanish and word not in german
    assert all(letter in german for letter in "äöüß")


# --- Locales and rich text ------------------------------------------------------------------


def test_locales_have_one_default_and_valid_fallbacks() -> None:
    locales = CATALOG["locales"]
    defaults = [loc for loc in locales if loc["default"]]
    assert len(defaults) == 1 and defaults[0]["code"] == "en-US"
    assert defaults[0]["fallbackCode"] is None
    assert len(LOCALE_CODES) == len(locales)
    for loc in locales:
        assert loc["fallbackCode"] is None or loc["fallbackCode"] in LOCALE_CODES
        assert loc["fallbackCode"] != loc["code"]


def test_rich_text_nodes_are_well_formed() -> None:
    documents = rich_documents()
    assert len(documents) >= 30
    for document in documents:
        assert document["nodeType"] == "document"
        for node in rich_nodes(document):
            assert isinstance(node["data"], dict)
            if node["nodeType"] == "text":
                assert isinstance(node["value"], str) and node["value"]
                assert isinstance(node["marks"], list)
                assert "content" not in node
            else:
                assert isinstance(node["content"], list) and node["content"]


def test_rich_text_nesting_follows_contentful_rules() -> None:
    allowed = {
        "document": {"paragraph", "heading-2", "unordered-list"},
        "paragraph": {"text"},
        "heading-2": {"text"},
        "unordered-list": {"list-item"},
        "list-item": {"paragraph"},
    }
    for document in rich_documents():
        for node in rich_nodes(document):
            children = {c["nodeType"] for c in node.get("content", [])}
            assert children <= allowed.get(node["nodeType"], set()), node["nodeType"]


# --- Pictures -------------------------------------------------------------------------------


def test_every_product_has_a_distinct_drawable_picture() -> None:
    pairs = [(p["picture"]["background"], p["picture"]["accent"]) for p in PRODUCTS]
    assert len(set(pairs)) == len(pairs)
    assert all(p["picture"]["motif"] in MOTIFS for p in PRODUCTS)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for pair in pairs for c in pair)


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p["handle"])
def test_pictures_parse_as_svg(product: dict[str, Any]) -> None:
    root = ET.fromstring(picture_svg(product))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 800 800"
    assert root.find(f"{SVG}title").text == product["title"]  # type: ignore[union-attr]
    assert len(list(root)) >= 5


def test_picture_is_deterministic_and_sized() -> None:
    shirt = BY_HANDLE["organic-cotton-tshirt"]
    assert picture_svg(shirt) == picture_svg(copy.deepcopy(shirt))
    root = ET.fromstring(picture_svg(shirt, width=400, height=300))
    assert (root.get("width"), root.get("height")) == ("400", "300")
    assert b"#2f6b4f" in picture_svg(shirt)
    assert picture_svg(shirt) != picture_svg(BY_HANDLE["canvas-tote-bag"])


def test_picture_title_is_escaped() -> None:
    product = {"title": 'Salt & Pepper <Mill> "Deluxe"', "picture": {"motif": "mug"}}
    svg = picture_svg(product)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == product["title"]  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == [product["title"]]
    assert b"<Mill>" not in svg and b"&amp;" in svg


def test_bad_picture_spec_falls_back_instead_of_breaking_the_svg() -> None:
    product = {"title": "X", "picture": {"background": '"/><script/>', "motif": "unknown"}}
    root = ET.fromstring(picture_svg(product))
    assert not list(root.iter(f"{SVG}script"))
    assert picture_svg({"title": "No spec"}).startswith(b"<svg")


def test_picture_name_is_the_handle_with_svg_suffix() -> None:
    assert picture_name("organic-cotton-tshirt") == "organic-cotton-tshirt.svg"
