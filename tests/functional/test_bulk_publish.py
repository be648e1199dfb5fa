"""``storefront publish``: drafts and changed entries (only changed with --changed), in bulk."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from cli.bulk import publish_command
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_publish
from sync.cma import entry_state
from tests.functional.sync_helpers import Counter, cma, start


@pytest.fixture
def env(make_sandbox: Any, tmp_path: Path) -> Any:
    """A seeded sandbox with two published entries edited and two new drafts."""
    box, settings = start(make_sandbox, tmp_path)
    with cma(box) as client:
        items = client.get("/entries", params={"content_type": "product", "limit": "2"}).json()
        for item in items["items"]:
            item["fields"]["title"]["en-US"] += " (edited)"
            headers = {"X-Contentful-Version": str(item["sys"]["version"])}
            client.put(
                f"/entries/{item['sys']['id']}", json={"fields": item["fields"]}, headers=headers
            ).raise_for_status()
        for n in range(2):
            body = {
                "fields": {"medusaId": {"en-US": f"draft{n}"}, "title": {"en-US": f"Draft {n}"}}
            }
            headers = {"X-Contentful-Content-Type": "product"}
            client.put(f"/entries/draft{n}", json=body, headers=headers).raise_for_status()
    return box, settings, [i["sys"]["id"] for i in items["items"]]


def states(box: Any) -> dict[str, str]:
    with cma(box) as client:
        items = client.get("/entries", params={"content_type": "product", "limit": "1000"}).json()
    return {i["sys"]["id"]: entry_state(i) for i in items["items"]}


def quiet() -> Reporter:
    return Reporter("publish", fancy=False, stream=io.StringIO())


def test_changed_entries_are_published_with_one_bulk_action(env: Any) -> None:
    box, settings, edited = env
    counter = Counter()
    reporter = quiet()
    publisher = run_publish(
        settings, reporter, include_drafts=False, event_hooks=counter.hooks, poll=0.01
    )
    assert reporter.counts == {"published": 2} and publisher.actions == 1
    paths = [(m, p.split("/environments/master")[-1]) for m, p, _, _ in counter.seen]
    assert ("POST", "/bulk_actions/publish") in paths
    assert not any(p.endswith("/published") for _, p in paths)  # no per-entry publish
    after = states(box)
    assert all(after[i] == "published" for i in edited)
    assert after["draft0"] == "draft" and "changed" not in after.values()


def test_all_includes_drafts_and_dry_run_writes_nothing(env: Any) -> None:
    box, settings, edited = env
    dry = quiet()
    run_publish(settings, dry, include_drafts=True, dry_run=True)
    assert dry.counts == {"would publish": 4}
    assert states(box)["draft0"] == "draft"
    reporter = quiet()
    run_publish(settings, reporter, include_drafts=True, poll=0.01)
    assert reporter.counts == {"published": 4}
    assert set(states(box).values()) == {"published"}


def test_a_failing_item_is_reported_and_the_others_published(env: Any) -> None:
    box, settings, edited = env
    with cma(box) as client:  # a draft missing its required title cannot be published
        body = {"fields": {"medusaId": {"en-US": "broken"}}}
        client.put("/entries/broken", json=body, headers={"X-Contentful-Content-Type": "product"})
    env_vars = {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
    }
    result = CliRunner().invoke(publish_command, ["--all"], env=env_vars)
    assert result.exit_code == 1, result.output
    assert "FAILED broken: InvalidEntry fields.title.en-US" in result.output
    after = states(box)
    assert after["broken"] == "draft"
    assert all(after[i] == "published" for i in [*edited, "draft0", "draft1"])


def test_sandbox_bulk_action_shapes(env: Any) -> None:
    box, settings, edited = env
    base = f"{box.urls['cma']}/spaces/{box.config.space_id}/environments/master/bulk_actions"
    headers = {"Authorization": f"Bearer {box.config.management_token}"}
    empty = httpx.post(f"{base}/publish", json={"entities": {"items": []}}, headers=headers)
    assert empty.status_code == 422 and empty.json()["sys"]["id"] == "InvalidEntry"
    link = {"sys": {"type": "Link", "linkType": "Entry", "id": edited[0], "version": 1}}
    created = httpx.post(f"{base}/publish", json={"entities": {"items": [link]}}, headers=headers)
    assert created.status_code == 201
    action = created.json()
    assert action["sys"]["type"] == "BulkAction" and action["sys"]["status"] == "created"
    done = httpx.get(f"{base}/actions/{action['sys']['id']}", headers=headers).json()
    assert done["sys"]["status"] == "failed"  # version 1 is stale
    assert done["error"]["details"]["errors"][0]["error"]["sys"]["id"] == "VersionMismatch"
    missing = httpx.get(f"{base}/actions/nope", headers=headers)
    assert missing.status_code == 404 and missing.json()["sys"]["id"] == "NotFound"


def cli_env(settings: Any) -> dict[str, str]:
    return {"MEDUSA_URL": settings.medusa_url, "CONTENTFUL_CMA_URL": settings.contentful_cma_url}


def test_plain_publish_leaves_every_entry_live(env: Any) -> None:
    box, settings, edited = env  # what `sync all` leaves: new drafts beside edited entries
    result = CliRunner().invoke(publish_command, [], env=cli_env(settings))
    assert result.exit_code == 0, result.output
    assert set(states(box).values()) == {"published"}


def test_changed_option_leaves_drafts_alone(env: Any) -> None:
    box, settings, edited = env
    result = CliRunner().invoke(publish_command, ["--changed"], env=cli_env(settings))
    assert result.exit_code == 0, result.output
    after = states(box)
    assert (after["draft0"], after["draft1"]) == ("draft", "draft")
    assert all(after[i] == "published" for i in edited)
