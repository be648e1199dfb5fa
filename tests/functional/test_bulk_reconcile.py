"""``storefront sync reconcile``: finds each kind of planted drift; ``--fix`` removes it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.sync import sync
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_reconcile
from tests.functional.sync_helpers import admin, cma, create_product, entry, start


@pytest.fixture
def env(make_sandbox: Any, tmp_path: Path) -> Any:
    """A seeded sandbox, fully synced, then one drift of each kind planted."""
    box, settings = start(make_sandbox, tmp_path)
    run_reconcile(settings, quiet(), fix=True)  # the seed leaves a few products without entries
    missing = create_product(box, "Never Synced Scarf")
    with cma(box) as client:
        items = client.get("/entries", params={"content_type": "product", "limit": "3"}).json()[
            "items"
        ]
        drifted, orphan = items[0], items[1]
        drifted["fields"]["title"]["en-US"] = "Edited behind sync's back"
        drifted["fields"]["title"]["es-ES"] = "Traducción a conservar"
        headers = {"X-Contentful-Version": str(drifted["sys"]["version"])}
        client.put(
            f"/entries/{drifted['sys']['id']}", json={"fields": drifted["fields"]}, headers=headers
        ).raise_for_status()
    with admin(box) as client:
        client.delete(f"/admin/products/{orphan['sys']['id']}").raise_for_status()
    return (
        box,
        settings,
        {"missing": missing, "drifted": drifted["sys"]["id"], "orphan": orphan["sys"]["id"]},
    )


def quiet() -> Reporter:
    return Reporter("reconcile", fancy=False, stream=io.StringIO())


def test_finds_each_kind_and_fix_removes_it(env: Any) -> None:
    box, settings, planted = env
    found = run_reconcile(settings, quiet())
    assert {(d.kind, d.product_id) for d in found} == {(k, v) for k, v in planted.items()}
    assert next(d for d in found if d.kind == "drifted").detail == "title"
    assert entry(box, planted["missing"]) is None  # listing writes nothing
    fixer = quiet()
    run_reconcile(settings, fixer, fix=True)
    assert not fixer.failed and fixer.done == 3
    assert run_reconcile(settings, quiet()) == []
    fixed = entry(box, planted["drifted"])
    assert fixed is not None and fixed["fields"]["title"]["es-ES"] == "Traducción a conservar"
    assert fixed["fields"]["title"]["en-US"] != "Edited behind sync's back"
    orphan = entry(box, planted["orphan"])
    assert orphan is not None and orphan["sys"].get("archivedVersion")  # archived, recoverable
    assert entry(box, planted["missing"]) is not None


def test_cli_exits_1_while_drift_remains(env: Any) -> None:
    box, settings, planted = env
    env_vars = {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
    }
    listed = CliRunner().invoke(sync, ["reconcile"], env=env_vars)
    assert listed.exit_code == 1 and f"missing  {planted['missing']}" in listed.output
    dry = CliRunner().invoke(sync, ["reconcile", "--fix", "--dry-run"], env=env_vars)
    assert dry.exit_code == 1 and entry(box, planted["missing"]) is None
    fixed = CliRunner().invoke(sync, ["reconcile", "--fix"], env=env_vars)
    assert fixed.exit_code == 0, fixed.output
    clean = CliRunner().invoke(sync, ["reconcile"], env=env_vars)
    assert clean.exit_code == 0 and "reconcile summary" in clean.output


def test_lists_a_slug_clash_and_never_changes_a_slug(env: Any) -> None:
    box, settings, planted = env
    run_reconcile(settings, quiet(), fix=True)
    with cma(box) as client:
        params = {"content_type": "product", "order": "sys.createdAt", "limit": "5"}
        items = client.get("/entries", params=params).json()["items"]
        older, newer = [e for e in items if e["sys"]["id"] != planted["orphan"]][:2]
        for item in (older, newer):
            item["fields"]["slug"] = {"es-ES": "taza-esmaltada"}
            headers = {"X-Contentful-Version": str(item["sys"]["version"])}
            client.put(
                f"/entries/{item['sys']['id']}", json={"fields": item["fields"]}, headers=headers
            ).raise_for_status()
    run_reconcile(settings, quiet(), fix=True)  # lists the clash, changes no slug
    found = [d for d in run_reconcile(settings, quiet()) if d.kind == "slug-clash"]
    assert [(d.entry_id, d.detail) for d in found] == [
        (
            newer["sys"]["id"],
            f"es-ES slug 'taza-esmaltada' is kept by the older {older['sys']['id']}",
        )
    ]
    kept = entry(box, newer["sys"]["id"])
    assert kept is not None and kept["fields"]["slug"] == {"es-ES": "taza-esmaltada"}
    env_vars = {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
    }
    listed = CliRunner().invoke(sync, ["reconcile"], env=env_vars)
    assert listed.exit_code == 1 and "slug-clash" in listed.output
