"""Parsing a Contentful webhook call, and what the write-back would change (pure functions)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sync.webhook_parse import HookError, parse_call
from sync.writeback import base_changes, job_payload

SPACE = {"sys": {"type": "Link", "linkType": "Space", "id": "sp"}}


def publish_body(**fields: Any) -> dict[str, Any]:
    """An Entry.publish payload shaped like the recorded one (no version, a revision)."""
    sys = {
        "type": "Entry", "id": "prod_1", "space": SPACE, "revision": 3,
        "contentType": {"sys": {"type": "Link", "linkType": "ContentType", "id": "product"}},
        "createdAt": "2024-01-01T00:00:00.000Z", "updatedAt": "2024-01-02T00:00:00.000Z",
    }  # fmt: skip
    base = {"title": {"en-US": "Mug", "es-ES": "Taza"}, "medusaId": {"en-US": "prod_1"}}
    return {"sys": sys, "fields": {**base, **fields}}


def raw(value: Any) -> bytes:
    return json.dumps(value).encode()


def test_publish_of_a_product() -> None:
    body = publish_body(handle={"en-US": "mug"})
    parsed = parse_call("ContentManagement.Entry.publish", raw(body))
    assert (parsed.kind, parsed.topic, parsed.entry_id) == ("publish", "Entry.publish", "prod_1")
    assert (parsed.product_id, parsed.handle, parsed.revision) == ("prod_1", "mug", 3)
    assert parsed.fields["title"] == {"en-US": "Mug", "es-ES": "Taza"}


def test_medusa_id_field_names_the_product() -> None:
    body = publish_body(medusaId={"en-US": "prod_other"})
    assert parse_call("ContentManagement.Entry.publish", raw(body)).product_id == "prod_other"


def test_the_content_type_is_kept() -> None:
    body = publish_body()
    body["sys"]["contentType"]["sys"]["id"] = "category"
    parsed = parse_call("ContentManagement.Entry.publish", raw(body))
    assert (parsed.kind, parsed.content_type, parsed.taxonomy) == ("purge", "category", True)
    product = parse_call("ContentManagement.Entry.publish", raw(publish_body()))
    assert (product.content_type, product.taxonomy) == ("product", False)


@pytest.mark.parametrize("action", ["unpublish", "archive", "delete"])
def test_removals_purge(action: str) -> None:
    body = {"sys": {"type": "DeletedEntry", "id": "prod_1", "revision": 3}}
    parsed = parse_call(f"ContentManagement.Entry.{action}", raw(body))
    assert (parsed.kind, parsed.product_id) == ("purge", "prod_1")


@pytest.mark.parametrize(
    ("topic", "body"),
    [
        ("ContentManagement.Entry.save", publish_body()),
        ("ContentManagement.Asset.publish", {"sys": {"type": "Asset", "id": "a1"}}),
        ("ContentManagement.ContentType.publish", {"sys": {"type": "ContentType", "id": "x"}}),
        ("ContentManagement.Entry.publish", {**publish_body(), "sys": {
            **publish_body()["sys"], "contentType": {"sys": {"id": "blogPost"}}}}),
        ("ContentManagement.Entry.unpublish", {"sys": {"id": "b", "contentType": {
            "sys": {"id": "blogPost"}}}}),
        ("Something.Else", publish_body()),
    ],
)  # fmt: skip
def test_anything_else_is_ignored(topic: str, body: dict[str, Any]) -> None:
    assert parse_call(topic, raw(body)).kind == "ignored"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2]",
        b'"text"',
        b"[" * 5000 + b"]" * 5000,
        raw({"fields": {}}),
        raw({"sys": "x"}),
        raw({"sys": {"type": "Entry"}}),
        raw({"sys": {"id": ""}}),
        raw({"sys": {"id": "has space"}}),
        raw({"sys": {"id": "x" * 65}}),
        raw({"sys": {"id": 12}}),
        raw({"sys": {"id": "e", "revision": "3"}}),
        raw({"sys": {"id": "e", "revision": True}}),
        raw({"sys": {"id": "e", "version": -1}}),
        raw({"sys": {"id": "e", "type": 5}}),
        raw({"sys": {"id": "e", "contentType": "product"}}),
        raw({"sys": {"id": "e", "contentType": {"sys": {"id": 1}}}}),
        raw({**publish_body(), "fields": []}),
        raw(publish_body(title=["Mug"])),
        raw(publish_body(title={"en-US": 42})),
        raw(publish_body(weight={"en-US": "heavy"})),
        raw(publish_body(weight={"en-US": True})),
        raw(publish_body(medusaId={"en-US": "p" * 300})),
    ],
)
def test_malformed_bodies_are_400(body: bytes) -> None:
    with pytest.raises(HookError) as caught:
        parse_call("ContentManagement.Entry.publish", body)
    assert caught.value.status == 400


@pytest.mark.parametrize("topic", [None, "", "   "])
def test_missing_topic_is_400(topic: str | None) -> None:
    with pytest.raises(HookError) as caught:
        parse_call(topic, raw(publish_body()))
    assert caught.value.status == 400


def test_job_payload_keeps_only_managed_fields() -> None:
    body = publish_body(seoTitle={"en-US": "SEO"}, description={"en-US": "D"})
    job = job_payload("prod_1", 3, body["fields"])
    assert job["entry_id"] == "prod_1" and job["revision"] == 3
    assert set(job["fields"]) == {"title", "medusaId", "description"}


PRODUCT = {"id": "prod_1", "title": "Mug", "description": "A mug"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": {"en-US": "Mug"}, "description": {"en-US": "A mug"}}, {}),
        ({"title": {"en-US": "Big Mug"}}, {"title": "Big Mug"}),
        ({"title": {"en-US": "Mug", "es-ES": "Taza grande"}}, {}),  # translations stay out
        ({"title": {"es-ES": "Taza"}}, {}),  # no default-locale value: nothing to write
        ({"title": {"en-US": "  "}, "description": {"en-US": ""}}, {}),  # empty never clears
        ({"description": {"en-US": "New text"}}, {"description": "New text"}),
        ({"title": {"en-US": "T"}, "description": {"en-US": "D"}},
         {"title": "T", "description": "D"}),
        ({"subtitle": {"en-US": "Sub"}, "handle": {"en-US": "other"}}, {}),  # base fields only
    ],
)  # fmt: skip
def test_base_changes(fields: dict[str, Any], expected: dict[str, str]) -> None:
    assert base_changes(fields, PRODUCT, "en-US") == expected


def test_base_changes_use_the_given_default_locale() -> None:
    fields = {"title": {"en-US": "Mug", "de-DE": "Becher"}}
    assert base_changes(fields, PRODUCT, "de-DE") == {"title": "Becher"}


def test_queue_path_is_the_workers() -> None:
    from config.settings import Settings
    from sync.assembly import events_path
    from sync.webhook import queue_path

    settings = Settings(data_dir="/tmp/somewhere")
    assert queue_path(settings) == events_path(settings)
