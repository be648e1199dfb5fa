"""The content types: defined once, compared field by field, extra fields kept."""

from __future__ import annotations

from sync.content_model import (
    CATEGORY,
    COLLECTION,
    FIELDS,
    LOCALIZED_FIELDS,
    MANAGED_FIELDS,
    content_type_body,
    differences,
)


def test_managed_and_localized_fields_are_as_designed() -> None:
    assert MANAGED_FIELDS == (
        "medusaId",
        "handle",
        "title",
        "subtitle",
        "description",
        "thumbnail",
        "weight",
        "material",
        "optionLabels",
    )
    assert {
        "material",
        "optionLabels",
        "title",
        "subtitle",
        "description",
        "richDescription",
        "seoTitle",
        "seoDescription",
        "careInstructions",
        "images",
    } == LOCALIZED_FIELDS


def test_our_own_body_has_no_differences_even_with_contentful_defaults() -> None:
    body = content_type_body()
    stored = {
        **body,
        "fields": [
            {**f, "disabled": False, "omitted": False, "validations": []} for f in body["fields"]
        ],
    }
    assert differences(stored) == []


def test_drift_is_reported_and_fixed_while_extra_fields_stay() -> None:
    body = content_type_body()
    drifted = [dict(f, localized=False) if f["id"] == "title" else f for f in body["fields"]]
    drifted = [f for f in drifted if f["id"] != "weight"] + [
        {"id": "badge", "name": "B", "type": "Symbol"}
    ]
    current = {**body, "fields": drifted}
    assert differences(current) == ["field title.localized: False -> True", "field weight missing"]
    fixed = content_type_body(drifted)
    assert [f["id"] for f in fixed["fields"]][-2:] == ["badge", "weight"]
    assert differences(fixed) == [] and len(fixed["fields"]) == len(FIELDS) + 1


def test_collection_and_category_types_share_the_taxonomy_fields() -> None:
    assert COLLECTION.managed == ("medusaId", "handle", "title")
    assert CATEGORY.managed == ("medusaId", "handle", "title", "parent")
    localized = {f.id for f in COLLECTION.fields if f.localized}
    assert localized == {"title", "description", "seoTitle", "seoDescription"}
    body = content_type_body(spec=CATEGORY)
    assert body["name"] == "Category" and body["displayField"] == "title"
    parent = next(f for f in body["fields"] if f["id"] == "parent")
    assert parent["type"] == "Link" and parent["linkType"] == "Entry"
    assert differences(body, CATEGORY) == [] and differences(body, COLLECTION) == []
    assert differences(content_type_body(spec=COLLECTION), CATEGORY) == ["field parent missing"]
