"""``storefront sync all``: every product once, resumable after an interruption, rate-limited."""

from __future__ import annotations

import io
import time
from collections import Counter as Tally
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.sync import sync
from sync.bulk.progress import Reporter
from sync.bulk.runs import checkpoint_for, run_sync_all
from tests.functional.sync_helpers import (
    Counter,
    admin,
    cma,
    create_product,
    entry,
    start,
    stored,
    update_product,
)


class Interrupted(Exception):
    """Raised from the progress hook, as a Ctrl-C would stop the run."""


def quiet(on_item: Any = None) -> Reporter:
    return Reporter("sync all", fancy=False, stream=io.StringIO(), on_item=on_item)


def creates(counter: Counter) -> Tally[str]:
    """Entry creates (create-only PUT answered 201) per entry path."""
    return Tally(
        path for method, path, status, _ in counter.seen if method == "PUT" and status == 201
    )


def without_entry(box: Any) -> list[str]:
    """The ids of the Medusa products that have no entry yet."""
    with admin(box) as client:
        body = client.get("/admin/products", params={"limit": "1000", "fields": "id"}).json()
    return [p["id"] for p in body["products"] if stored(box, p["id"]) is None]


@pytest.fixture
def env(make_sandbox: Any, tmp_path: Path) -> Any:
    """A seeded sandbox plus 8 new products; returns every product id without an entry."""
    box, settings = start(make_sandbox, tmp_path)
    for n in range(8):
        create_product(box, f"Bulk Product {n}", status="published")
    return box, settings, without_entry(box)


def test_interrupted_run_resumes_and_creates_each_entry_once(env: Any) -> None:
    box, settings, ids = env
    counter = Counter()

    def stop_half_way(name: str, outcome: str) -> None:
        if sum(1 for _, _, s, _ in counter.seen if s == 201) >= 5:
            raise Interrupted

    with pytest.raises(Interrupted):
        run_sync_all(settings, quiet(stop_half_way), concurrency=2, event_hooks=counter.hooks)
    assert checkpoint_for(settings).path.exists()
    made_before = sum(creates(counter).values())
    assert 5 <= made_before < len(ids)
    second = quiet()
    run_sync_all(settings, second, concurrency=2, event_hooks=counter.hooks)
    made = creates(counter)
    assert sorted(path.rsplit("/", 1)[-1] for path in made) == sorted(ids)
    assert set(made.values()) == {1}  # every product synced exactly once
    assert second.counts["created"] == len(ids) - made_before
    assert second.counts["done before"] >= made_before and not second.failed
    assert not checkpoint_for(settings).path.exists()  # complete: the next run starts over
    for product_id in ids:
        stored = entry(box, product_id)
        assert stored is not None and stored["fields"]["medusaId"] == {"en-US": product_id}


def test_completed_run_starts_over_and_reports_each_outcome(env: Any) -> None:
    box, settings, ids = env
    first = quiet()
    run_sync_all(settings, first)
    assert first.counts["created"] == len(ids) and first.counts["unchanged"] == first.total - len(
        ids
    )
    update_product(box, ids[0], title="Renamed Bulk Product")
    with cma(box) as client:  # an editor's translation must survive the update
        current = client.get(f"/entries/{ids[0]}").json()
        current["fields"]["title"]["es-ES"] = "Producto"
        headers = {"X-Contentful-Version": str(current["sys"]["version"])}
        client.put(f"/entries/{ids[0]}", json={"fields": current["fields"]}, headers=headers)
    counter = Counter()
    second = quiet()
    run_sync_all(settings, second, event_hooks=counter.hooks)
    assert second.counts["updated"] == 1 and second.counts.get("created", 0) == 0
    assert second.total == first.total  # started over: every product looked at again
    stored = entry(box, ids[0])
    assert stored is not None
    assert stored["fields"]["title"] == {"en-US": "Renamed Bulk Product", "es-ES": "Producto"}
    writes = [m for m, _, _, _ in counter.seen if m != "GET"]
    assert writes == ["PUT"]  # unchanged products cost no request


def test_dry_run_writes_nothing_and_keeps_no_checkpoint(env: Any) -> None:
    box, settings, ids = env
    reporter = quiet()
    run_sync_all(settings, reporter, dry_run=True)
    assert reporter.counts["would create"] == len(ids)
    assert entry(box, ids[0]) is None
    assert not checkpoint_for(settings).path.exists()


def test_cli_command_reports_a_summary(env: Any) -> None:
    box, settings, ids = env
    env_vars = {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
    }
    result = CliRunner().invoke(sync, ["all", "--concurrency", "3"], env=env_vars)
    assert result.exit_code == 0, result.output
    assert "sync all summary" in result.output
    assert f"created          {len(ids)}" in result.output


def test_rate_limit_is_respected(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path, cma_rate_limit=10)
    for n in range(12):
        create_product(box, f"Paced {n}")
    ids = without_entry(box)
    counter = Counter()
    began = time.monotonic()
    run_sync_all(settings, quiet(), concurrency=4, event_hooks=counter.hooks)
    elapsed = time.monotonic() - began
    statuses = [status for _, _, status, _ in counter.seen]
    assert 429 not in statuses  # the shared limiter kept every thread under the limit
    assert sum(creates(counter).values()) == len(ids)
    assert elapsed >= (len(statuses) - 10) / 10  # paced at about 10 requests a second
