"""``storefront import``: rows validated before any write, create or update, idempotent."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from cli.bulk import import_command
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_import
from tests.functional.sync_helpers import admin

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "products.csv"
HEADER = (
    "handle,title,collection,categories,tags,"
    "option1_name,option1_value,sku,price_eur,price_usd,stock"
)


def quiet(title: str = "import") -> Reporter:
    return Reporter(title, fancy=False, stream=io.StringIO())


def products(box: Any) -> dict[str, dict[str, Any]]:
    """Every admin product by handle, with variants, prices and stock."""
    fields = "id,handle,title,status,updated_at,*sales_channels,*tags,*categories,collection_id,"
    fields += "*variants,"
    fields += "*variants.prices,*variants.inventory_items.inventory.location_levels"
    with admin(box) as client:
        body = client.get("/admin/products", params={"limit": "1000", "fields": fields}).json()
    return {p["handle"]: p for p in body["products"]}


def env_for(settings: Any) -> dict[str, str]:
    return {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
    }


def test_bad_rows_are_refused_with_row_numbers_and_nothing_is_written(env: Any) -> None:
    box, settings = env
    before = products(box)
    csv = "\n".join([
        HEADER,
        "good-one,Good One,,,,Size,S,GO-S,10.00,11.00,5",
        "bad-price,Bad Price,,,,Size,S,BP-S,ten,11.00,5",
        "Bad Handle,Oops,,,,Size,S,BH-S,10.00,,1",
        "bad-price,,,,,Size,M,GO-S,10.00,,-3",
    ])  # fmt: skip
    errors = run_import(settings, csv, quiet())
    described = {(e.row, e.column) for e in errors}
    assert (3, "price_eur") in described  # "ten" is not a price
    assert (4, "handle") in described
    assert (5, "sku") in described  # GO-S is already used on row 2
    assert (5, "stock") in described
    assert any(str(e).startswith("row 3, column price_eur: 'ten' is not a price") for e in errors)
    assert products(box).keys() == before.keys()  # not even good-one was created


def test_cli_refuses_a_bad_file_with_exit_1(env: Any, tmp_path: Path) -> None:
    box, settings = env
    path = tmp_path / "bad.csv"
    path.write_text("handle,title,sku\nx,X,X-1\n")  # no price column at all
    result = CliRunner().invoke(import_command, [str(path)], env=env_for(settings))
    assert result.exit_code == 1
    assert "row 1, column price_<currency>: at least one price column is required" in result.output
    assert "nothing was written" in result.output


def test_example_imports_then_a_second_run_changes_nothing(env: Any) -> None:
    box, settings = env
    text = EXAMPLE.read_text()
    first = quiet()
    assert run_import(settings, text, first) == []
    assert first.counts == {"created": 3, "unchanged": 1}  # the T-shirt is the seeded one
    after_first = products(box)
    second = quiet()
    assert run_import(settings, text, second) == []
    assert second.counts == {"unchanged": 4} and not second.failed
    after_second = products(box)
    assert after_second.keys() == after_first.keys()
    assert [p["updated_at"] for p in after_second.values()] == [
        p["updated_at"] for p in after_first.values()
    ]


def test_imported_product_has_relations_prices_stock_and_the_store_channel(env: Any) -> None:
    box, settings = env
    assert run_import(settings, EXAMPLE.read_text(), quiet()) == []
    trousers = products(box)["linen-lounge-trousers"]
    assert trousers["status"] == "published" and trousers["collection_id"]
    assert {t["value"] for t in trousers["tags"]} == {"linen", "summer"}
    assert [c["handle"] for c in trousers["categories"]] == ["apparel"]
    assert len(trousers["sales_channels"]) == 1
    variants = {v["sku"]: v for v in trousers["variants"]}
    assert {p["currency_code"]: p["amount"] for p in variants["LLT-L-IND"]["prices"]} == {
        "eur": 62.0,
        "usd": 68.0,
    }
    levels = variants["LLT-L-IND"]["inventory_items"][0]["inventory"]["location_levels"]
    assert [lv["stocked_quantity"] for lv in levels] == [4]
    store = httpx.get(
        f"{box.urls['medusa']}/store/products",
        params={"handle": "linen-lounge-trousers"},
        headers={"x-publishable-api-key": box.config.publishable_key},
    )
    assert store.json()["count"] == 1  # visible through the storefront's key


def test_changed_rows_update_only_what_changed(env: Any, tmp_path: Path) -> None:
    box, settings = env
    assert run_import(settings, EXAMPLE.read_text(), quiet()) == []
    edited = EXAMPLE.read_text().replace("HBH-LXL,24.00,27.00,18", "HBH-LXL,26.00,27.00,20")
    path = tmp_path / "edited.csv"
    path.write_text(edited)
    result = CliRunner().invoke(import_command, [str(path)], env=env_for(settings))
    assert result.exit_code == 0, result.output
    assert "updated          1" in result.output and "unchanged        3" in result.output
    hat = {v["sku"]: v for v in products(box)["hemp-bucket-hat"]["variants"]}["HBH-LXL"]
    assert {p["currency_code"]: p["amount"] for p in hat["prices"]} == {"eur": 26.0, "usd": 27.0}
    levels = hat["inventory_items"][0]["inventory"]["location_levels"]
    assert [lv["stocked_quantity"] for lv in levels] == [20]


def test_dry_run_writes_nothing(env: Any) -> None:
    box, settings = env
    before = products(box)
    reporter = quiet()
    assert run_import(settings, EXAMPLE.read_text(), reporter, dry_run=True) == []
    assert reporter.counts == {"would create": 3, "unchanged": 1}
    assert products(box).keys() == before.keys()


def test_rows_that_do_not_fit_an_existing_product_are_refused(env: Any) -> None:
    box, settings = env
    csv = "\n".join([
        "handle,title,option1_name,option1_value,option2_name,option2_value,sku,price_eur",
        "organic-cotton-tshirt,,Size,XXL,Color,White,OCT-XXL-WHT,29.99",
        "new-thing,New Thing,,,,,NT-1,5",
    ])  # fmt: skip
    errors = run_import(settings, csv, quiet())
    assert [(e.row, e.column) for e in errors] == [(2, "option1_value")]
    assert "new-thing" not in products(box)
