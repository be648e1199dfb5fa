"""`storefront sync setup` against the sandbox CMA: creates, updates, idempotent, clear on 401."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cli.sync import sync
from sync.content_model import FIELDS, LOCALIZED_FIELDS
from tests.functional.sync_helpers import cma, start


def _env(settings: Any, **extra: str) -> dict[str, str]:
    return {
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "STOREFRONT_DATA_DIR": settings.data_dir,
        "STOREFRONT_PUBLIC_URL": "http://shop.example.test",
        "REDIS_URL": "",
        **extra,
    }


def test_setup_on_an_empty_space_then_nothing_changed(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path, seed=False)
    first = CliRunner().invoke(sync, ["setup"], env=_env(settings))
    assert first.exit_code == 0, first.output
    assert "content type product: created" in first.output and "activated" in first.output
    assert "content type collection: created" in first.output
    assert "content type category: created" in first.output
    assert "webhook: created for http://shop.example.test/hooks/contentful" in first.output
    assert "signing secret: set" in first.output
    second = CliRunner().invoke(sync, ["setup"], env=_env(settings))
    assert second.exit_code == 0 and second.output.splitlines()[-1] == "nothing changed"
    assert "created" not in second.output and "updated" not in second.output
    with cma(box) as client:
        ct = client.get("/content_types/product").json()
        assert ct["sys"]["version"] == ct["sys"]["publishedVersion"] + 1  # active and current
        assert {f["id"] for f in ct["fields"] if f["localized"]} == LOCALIZED_FIELDS
        labels = next(f for f in ct["fields"] if f["id"] == "optionLabels")
        assert labels["type"] == "Object" and labels["localized"] is True
        for type_id in ("collection", "category"):
            taxonomy = client.get(f"/content_types/{type_id}").json()
            assert taxonomy["sys"]["version"] == taxonomy["sys"]["publishedVersion"] + 1
            assert {f["id"] for f in taxonomy["fields"] if f["localized"]} == {
                "title", "description", "seoTitle", "seoDescription", "slug"
            }  # fmt: skip
            _assert_slug_validations(taxonomy)
        _assert_slug_validations(ct)
        space = client.base_url.copy_with(path=f"/spaces/{box.config.space_id}/webhook_definitions")
        hooks = client.get(str(space)).json()["items"]
    assert len(hooks) == 1 and sorted(hooks[0]["topics"]) == sorted(
        ["Entry.publish", "Entry.unpublish", "Entry.archive", "Entry.delete"]
    )


def _assert_slug_validations(content_type: dict[str, Any]) -> None:
    """The slug field: lowercase words joined by hyphens, unique per locale, as Contentful says."""
    slug = next(f for f in content_type["fields"] if f["id"] == "slug")
    assert slug["type"] == "Symbol" and slug["localized"] is True
    rules = slug["validations"]
    assert {"unique": True} in rules
    assert any(r.get("regexp", {}).get("pattern") == "^[a-z0-9]+(?:-[a-z0-9]+)*$" for r in rules)


def test_setup_updates_a_drifted_type_and_keeps_the_content_teams_fields(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path)  # seeded: the type exists already
    with cma(box) as client:
        ct = client.get("/content_types/product").json()
        for field in ct["fields"]:
            if field["id"] == "subtitle":
                field["localized"] = False  # drift
        ct["fields"].append({"id": "badge", "name": "Badge", "type": "Symbol"})
        headers = {"X-Contentful-Version": str(ct["sys"]["version"])}
        body = {k: ct[k] for k in ("name", "fields", "displayField")}
        assert client.put("/content_types/product", json=body, headers=headers).status_code == 200
    result = CliRunner().invoke(sync, ["setup"], env=_env(settings))
    assert result.exit_code == 0, result.output
    assert "updated (field subtitle.localized: False -> True)" in result.output
    with cma(box) as client:
        ct = client.get("/content_types/product").json()
    ids = [f["id"] for f in ct["fields"]]
    assert "badge" in ids and set(ids) >= {spec.id for spec in FIELDS}
    assert next(f for f in ct["fields"] if f["id"] == "subtitle")["localized"] is True
    assert ct["sys"]["version"] == ct["sys"]["publishedVersion"] + 1


def test_setup_with_a_bad_token_exits_non_zero_with_a_clear_message(
    make_sandbox: Any, tmp_path: Path
) -> None:
    _, settings = start(make_sandbox, tmp_path)
    result = CliRunner().invoke(
        sync, ["setup"], env=_env(settings, CONTENTFUL_MANAGEMENT_TOKEN="CFPAT-wrong")
    )
    assert result.exit_code != 0
    assert "Contentful refused the management token (401" in result.output
    assert "CONTENTFUL_MANAGEMENT_TOKEN" in result.output
