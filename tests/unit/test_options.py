"""Option controls: real options only, choices resolved to variants, junk refused, marks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storefront import options
from storefront.clients.medusa_models import parse_product
from storefront.merge import VariantView, variant_label
from storefront.taxonomy import Place, trail


def _product(variants: list[tuple[dict[str, str], int]], titles: dict[str, list[str]]) -> Any:
    raw = {
        "id": "prod_1", "handle": "tee", "title": "Tee",
        "options": [{"title": t, "values": [{"value": v} for v in vs]} for t, vs in titles.items()],
        "variants": [
            {"id": f"v{n}", "sku": f"S{n}", "manage_inventory": True, "inventory_quantity": stock,
             "variant_rank": n,
             "options": [{"value": v, "option": {"title": t}} for t, v in opts.items()]}
            for n, (opts, stock) in enumerate(variants)
        ],
    }  # fmt: skip
    return parse_product(raw)


TEE = _product(
    [({"Size": "S", "Color": "White"}, 5), ({"Size": "M", "Color": "White"}, 0),
     ({"Size": "L", "Color": "Black"}, 2)],
    {"Size": ["S", "M", "L"], "Color": ["White", "Black"]},
)  # fmt: skip


def _views(product: Any) -> dict[str, VariantView]:
    return {
        v.id: VariantView(v.id, v.sku, v.title, Decimal(1), "1 €",
                          "in_stock" if v.in_stock else "sold_out", v.inventory)
        for v in product.variants
    }  # fmt: skip


def test_choices_resolve_to_the_variant_and_junk_is_refused() -> None:
    assert options.resolve(TEE, {"Size": "L", "Color": "Black"}).sku == "S2"  # type: ignore[union-attr]
    assert options.resolve(TEE, {"Size": "L", "Color": "White"}) is None
    assert options.resolve(TEE, {"Size": "L"}) is None  # a missing choice names nothing
    form = {"option.Size": "M", "option.Color": "<b>", "option.Fit": "Slim", "Size": "S"}
    assert options.submitted(form, TEE) == {"Size": "M"}


def test_marks_follow_the_other_choices_and_labels_translate() -> None:
    labels = {"Size": "Talla", "White": "Blanco"}
    picker = options.picker(TEE, _views(TEE), {"Size": "M"}, lambda w: labels.get(w, w))
    size, color = picker.controls
    assert size.label == "Talla" and [c.label for c in color.choices] == ["Blanco", "Black"]
    assert [(c.value, c.state, c.chosen) for c in size.choices] == [
        ("S", "available", False), ("M", "sold_out", True), ("L", "unavailable", False)
    ]  # fmt: skip
    assert picker.selected is not None and picker.selected.stock == "sold_out"
    default = options.picker(TEE, _views(TEE), {}, str)
    assert default.chosen == {"Size": "S", "Color": "White"}  # the first variant in stock


def test_a_single_variant_or_default_option_gets_no_controls() -> None:
    single = _product([({"Default option": "Default option value"}, 3)],
                      {"Default option": ["Default option value"]})  # fmt: skip
    assert options.real_options(single) == ()
    assert options.resolve(single, {}) is single.variants[0]
    assert variant_label("Default option value", str) == ""
    labels = {"White": "Blanco"}
    assert variant_label("S / White", lambda w: labels.get(w, w)) == "S / Blanco"


def test_category_trail_is_root_first_and_cycle_safe() -> None:
    def place(pid: str, parent: str | None) -> Place:
        return Place("category", pid, pid, pid.upper(), "", "", "", parent)

    chain = [place("a", None), place("b", "a"), place("c", "b")]
    assert [p.id for p in trail(chain, chain[2])] == ["a", "b", "c"]
    loop = [place("x", "y"), place("y", "x")]
    assert [p.id for p in trail(loop, loop[0])] == ["y", "x"]
