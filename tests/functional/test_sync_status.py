"""`storefront sync worker` and `sync status`: the last success and error reach the status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cli.main import main
from tests.functional.sync_helpers import create_product, faults, start


def cli_env(box: Any, settings: Any) -> dict[str, str]:
    return {
        "MEDUSA_URL": settings.medusa_url, "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "CONTENTFUL_SPACE_ID": settings.contentful_space_id,
        "STOREFRONT_DATA_DIR": settings.data_dir,
    }  # fmt: skip


def status(env: dict[str, str]) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["sync", "status", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def test_status_shows_the_last_success_and_the_last_error(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path)
    env = cli_env(box, settings)
    assert status(env)["last_success"] is None
    product_id = create_product(box, "Journal Test Jacket")
    run = CliRunner().invoke(main, ["sync", "worker", "--once"], env=env)
    assert run.exit_code == 0, run.output
    after = status(env)
    assert after["last_success"]["product"] == product_id
    assert after["last_error"] is None and after["depth"] == 0

    create_product(box, "Journal Test Scarf")
    faults(box, "medusa", error_rate=1)  # the worker cannot re-fetch the product
    CliRunner().invoke(main, ["sync", "worker", "--once", "--max-attempts", "1"], env=env)
    faults(box, "medusa", error_rate=0)
    failed = status(env)
    assert failed["last_error"]["outcome"] == "dead-letter"
    assert failed["dead"] >= 1

    text = CliRunner().invoke(main, ["sync", "status"], env=env).output
    assert "last success" in text and "Journal Test" not in text
    assert "UpstreamUnavailable: medusa 50" in text
