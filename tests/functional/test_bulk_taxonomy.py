"""Bulk commands cover collections, categories and option labels; translate skips archived."""

from __future__ import annotations

import io
from typing import Any

from sandbox.medusa.ids import seeded_id
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_reconcile, run_sync_all, run_translate_entries
from sync.bulk.translate import SKIPPED_ARCHIVED, TranslateOptions
from tests.functional.sync_helpers import admin, cma, entry

LIGHTING = seeded_id("pcat", "lighting")  # seeded without a Spanish title
TSHIRT = seeded_id("prod", "organic-cotton-tshirt")


def quiet(title: str) -> Reporter:
    return Reporter(title, fancy=False, stream=io.StringIO())


def _new_collection(box: Any, title: str) -> str:
    with admin(box) as client:
        return str(
            client.post("/admin/collections", json={"title": title}).json()["collection"]["id"]
        )


def _archive(box: Any, entry_id: str) -> None:
    current = entry(box, entry_id)
    assert current is not None
    with cma(box) as client:
        version = current["sys"]["version"]
        if current["sys"].get("publishedVersion"):
            answer = client.delete(f"/entries/{entry_id}/published",
                                   headers={"X-Contentful-Version": str(version)})  # fmt: skip
            version = answer.json()["sys"]["version"]
        client.put(f"/entries/{entry_id}/archived", headers={"X-Contentful-Version": str(version)}
                   ).raise_for_status()  # fmt: skip


def test_sync_all_creates_missing_collection_entries_and_leaves_the_seeded_ones(env: Any) -> None:
    box, settings = env
    collection_id = _new_collection(box, "Night Owls")
    reporter = quiet("sync all")
    run_sync_all(settings, reporter, concurrency=2)
    assert not reporter.failed, reporter.failures
    # Seeded entries (products with labels and material, collections, categories with their
    # parent links) hold what sync would write: nothing to update, only missing ones created.
    assert reporter.counts["updated"] == 0 and reporter.counts["created"] >= 1
    assert (entry(box, collection_id) or {})["fields"]["title"] == {"en-US": "Night Owls"}


def test_reconcile_finds_a_missing_collection_and_fix_creates_it(env: Any) -> None:
    box, settings = env
    collection_id = _new_collection(box, "Early Birds")
    drift = run_reconcile(settings, quiet("reconcile"))
    taxonomy = [(d.kind, d.product_id) for d in drift if not d.product_id.startswith("prod_")]
    assert taxonomy == [("missing", collection_id)]  # products without content are missing too
    assert {d.kind for d in drift} == {"missing"}  # seeded entries have not drifted
    run_reconcile(settings, quiet("reconcile"), fix=True)
    assert entry(box, collection_id) is not None
    assert run_reconcile(settings, quiet("reconcile")) == []


def test_translate_fills_category_titles_and_missing_labels_and_skips_archived(env: Any) -> None:
    box, settings = env
    accessories = seeded_id("pcol", "accessories")
    _archive(box, accessories)
    with cma(box) as client:  # a label the translator has not done yet
        current = client.get(f"/entries/{TSHIRT}").json()
        current["fields"]["optionLabels"]["es-ES"].pop("Black")
        client.put(f"/entries/{TSHIRT}", json={"fields": current["fields"]},
                   headers={"X-Contentful-Version": str(current["sys"]["version"])}
                   ).raise_for_status()  # fmt: skip
    reporter = quiet("translate")
    run_translate_entries(settings, reporter, TranslateOptions("es-ES"), "pseudo")
    assert not reporter.failed, reporter.failures
    assert reporter.counts[SKIPPED_ARCHIVED] == 1
    lighting = (entry(box, LIGHTING) or {})["fields"]["title"]
    assert lighting["en-US"] == "Lighting" and lighting["es-ES"] not in ("", "Lighting")
    labels = (entry(box, TSHIRT) or {})["fields"]["optionLabels"]
    assert labels["es-ES"]["Size"] == "Talla"  # the translator's label stays
    assert labels["es-ES"]["Black"] and labels["es-ES"]["Black"] != "Negro"  # filled by machine
    assert labels["en-US"]["Black"] == "Black"
    assert (entry(box, accessories) or {})["fields"]["title"].get("es-ES") == "Accesorios"
