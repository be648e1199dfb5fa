"""``storefront import`` against a real Medusa 2.21: creates, then finds nothing to write."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.bulk import import_command
from config.settings import Settings
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_import
from tests.real_medusa.servers import Side

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "products.csv"


def settings_for(side: Side) -> Settings:
    """Settings aimed at one server (our code reads nothing else)."""
    return Settings(
        medusa_url=side.url,
        medusa_publishable_key=side.publishable_key,
        medusa_api_key=side.api_key,
        http_timeout=30.0,
    )


def imported(side: Side, text: str) -> dict[str, int]:
    """Run the importer over CSV text; its outcome counts (row errors fail the test)."""
    reporter = Reporter("import", fancy=False, stream=io.StringIO())
    errors = run_import(settings_for(side), text, reporter)
    assert errors == []
    return dict(reporter.counts)


def renamed(text: str, suffix: str) -> str:
    """The CSV with every handle and SKU made unique to this run."""
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {**row, "handle": f"{row['handle']}-{suffix}", "sku": f"{row['sku']}-{suffix}"}
        )
    return out.getvalue()


@pytest.fixture
def fresh_csv(real: Side) -> Iterator[str]:
    """The example CSV under handles no run used before; its products are deleted afterwards."""
    suffix = uuid.uuid4().hex[:8]
    yield renamed(EXAMPLE.read_text(encoding="utf-8"), suffix)
    listed = real.admin.get("/admin/products", params={"q": suffix, "fields": "id,handle"})
    for product in listed.json()["products"]:
        if product["handle"].endswith(suffix):
            real.admin.delete(f"/admin/products/{product['id']}")


def test_import_creates_then_finds_nothing_to_write(real: Side, fresh_csv: str) -> None:
    assert imported(real, fresh_csv) == {"created": 4}
    assert imported(real, fresh_csv) == {"unchanged": 4}


def test_single_variant_product_gets_the_default_option(real: Side, fresh_csv: str) -> None:
    imported(real, fresh_csv)
    handle = next(
        r["handle"] for r in csv.DictReader(io.StringIO(fresh_csv)) if r["sku"].startswith("RWS-")
    )
    region = real.region()["id"]
    product = real.product(
        handle, region_id=region, fields="*variants.calculated_price,+variants.inventory_quantity"
    )
    [variant] = product["variants"]
    assert [o["title"] for o in product["options"]] == ["Default option"]
    assert (variant["calculated_price"]["calculated_amount"], variant["inventory_quantity"]) == (
        12.5,
        150,
    )


def test_example_csv_twice_ends_with_nothing_to_write(real: Side) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    imported(real, text)  # creates or updates, depending on earlier runs against this server
    assert imported(real, text) == {"unchanged": 4}


def test_the_command_a_user_runs(real: Side) -> None:
    env = {"MEDUSA_URL": real.url, "MEDUSA_API_KEY": real.api_key, "STOREFRONT_ENV": "development"}
    runner = CliRunner()
    first = runner.invoke(import_command, [str(EXAMPLE)], env=env)
    assert first.exit_code == 0, first.output
    second = runner.invoke(import_command, [str(EXAMPLE)], env=env)
    assert second.exit_code == 0, second.output
    assert "4/4" in second.output and "unchanged" in second.output
    assert "created" not in second.output and "updated" not in second.output
