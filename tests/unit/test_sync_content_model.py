"""The content types: defined once, compared field by field, extra fields kept."""

from __future__ import annotations

from sync.content_model import (
    CATEGORY,
    COLLECTION,
    FIELDS,
    LOCALIZED_FIELDS,
    MANAGED_FIELDS,
    PRODUCT,
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
        "slug",
    } == LOCALIZED_FIELDS


def test_our_own_body_has_no_differences_even_with_contentful_defaults() -> None:
    body = content_type_body()
    stored = {
        **body,
        "fields": [
            {**f, "disabled": False, "omitted": False, "validations": f.get("validations", [])}
            for f in body["fields"]
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
    assert localized == {"title", "description", "seoTitle", "seoDescription", "slug"}
    body = content_type_body(spec=CATEGORY)
    assert body["name"] == "Category" and body["displayField"] == "title"
    parent = next(f for f in body["fields"] if f["id"] == "parent")
    assert parent["type"] == "Link" and parent["linkType"] == "Entry"
    assert differences(body, CATEGORY) == [] and differences(body, COLLECTION) == []
    assert differences(content_type_body(spec=COLLECTION), CATEGORY) == ["field parent missing"]


def test_slug_is_validated_as_contentful_spells_it_and_never_managed() -> None:
    for spec in (PRODUCT, COLLECTION, CATEGORY):
        slug = next(f for f in content_type_body(spec=spec)["fields"] if f["id"] == "slug")
        assert slug["localized"] is True and "slug" not in spec.managed
        assert {"unique": True} in slug["validations"]
        assert slug["validations"][0]["regexp"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    loosened = content_type_body()
    for field in loosened["fields"]:
        if field["id"] == "slug":
            field["validations"] = [{"unique": True}]
    assert [d.split(":")[0] for d in differences(loosened)] == ["field slug.validations"]


def test_a_content_teams_validation_on_another_field_is_not_drift() -> None:
    body = content_type_body()
    for field in body["fields"]:
        if field["id"] == "seoTitle":
            field["validations"] = [{"size": {"max": 60}}]
    assert differences(body) == []
