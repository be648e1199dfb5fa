"""Every CDA query parameter, its 400s, includes and errors; random queries never 500."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.server import Sandbox
from tests.sandbox.test_contentful_cda_world import cda, cpa, ids, world

__all__ = ["world"]
P = {"content_type": "product"}


def products(box: Sandbox, **params: Any) -> list[str]:
    """Sorted ids of the product entries matching the params."""
    return sorted(ids(cda(box, "/entries", **P, **params)))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["hat", "mug", "shirt"]),
        ({"sys.id": "mug"}, ["mug"]),
        ({"sys.id[in]": "mug,hat,draft"}, ["hat", "mug"]),
        ({"sys.id[nin]": "mug,hat"}, ["shirt"]),
        ({"fields.title": "Sun Hat"}, ["hat"]),
        ({"fields.title[ne]": "Sun Hat"}, ["mug", "shirt"]),
        ({"fields.title[in]": "Sun Hat,Ceramic Mug"}, ["hat", "mug"]),
        ({"fields.title[nin]": "Sun Hat,Ceramic Mug"}, ["shirt"]),
        ({"fields.description[exists]": "true"}, ["shirt"]),
        ({"fields.description[exists]": "false"}, ["hat", "mug"]),
        ({"fields.title[match]": "cotton shirt"}, ["shirt"]),
        ({"fields.weight[lt]": "200"}, ["hat"]),
        ({"fields.weight[lte]": "200"}, ["hat", "shirt"]),
        ({"fields.weight[gt]": "200"}, ["mug"]),
        ({"fields.weight[gte]": "200"}, ["mug", "shirt"]),
        ({"fields.weight": "350"}, ["mug"]),
        ({"fields.price[lt]": "20"}, ["hat", "mug"]),
        ({"fields.featured": "true"}, ["shirt"]),
        ({"fields.releasedAt[gte]": "2024-01-01"}, ["hat", "shirt"]),
        ({"fields.tags": "summer"}, ["hat", "shirt"]),
        ({"fields.tags[in]": "kitchen,cotton"}, ["mug", "shirt"]),
        ({"fields.tags[all]": "summer,organic"}, ["shirt"]),
        ({"fields.related.sys.id": "hat"}, ["mug"]),
        ({"fields.image.sys.id": "shirt-pic"}, ["shirt"]),
        ({"query": "organic cotton"}, ["shirt"]),
        ({"query": "MUG"}, ["mug"]),
        ({"query": "nothing-like-this"}, []),
        ({"links_to_entry": "hat"}, ["mug", "shirt"]),
        ({"links_to_asset": "shirt-pic"}, ["shirt"]),
        ({"locale": "es-ES", "fields.title": "Camiseta de Algodón"}, ["shirt"]),
        ({"locale": "es-ES", "fields.title": "Ceramic Mug"}, ["mug"]),  # the fallback value
        ({"locale": "fr-FR", "fields.title[exists]": "false"}, ["hat", "shirt"]),
    ],
)
def test_filters(world: Sandbox, params: dict[str, str], expected: list[str]) -> None:
    assert products(world, **params) == expected


def test_content_type_and_no_match(world: Sandbox) -> None:
    assert ids(cda(world, "/entries", content_type="category")) == ["apparel"]
    empty = cda(world, "/entries", **P, **{"fields.title": "nope"})
    assert empty.status_code == 200
    assert empty.json() == {
        "sys": {"type": "Array"},
        "total": 0,
        "skip": 0,
        "limit": 100,
        "items": [],
    }


def test_order(world: Sandbox) -> None:
    assert ids(cda(world, "/entries", **P, order="fields.weight")) == ["hat", "shirt", "mug"]
    assert ids(cda(world, "/entries", **P, order="-fields.weight")) == ["mug", "shirt", "hat"]
    assert ids(cda(world, "/entries", **P, order="-fields.releasedAt,sys.id")) == [
        "hat",
        "shirt",
        "mug",
    ]
    assert ids(cda(world, "/entries", order="sys.id")) == ["apparel", "hat", "mug", "shirt"]
    assert ids(cda(world, "/entries", **P, order="fields.description,sys.id")) == [
        "shirt",
        "hat",
        "mug",
    ]


def test_pagination(world: Sandbox) -> None:
    pages = [cda(world, "/entries", order="sys.id", limit=3, skip=skip).json() for skip in (0, 3)]
    assert [p["total"] for p in pages] == [4, 4]
    assert [p["limit"] for p in pages] == [3, 3]
    assert [i["sys"]["id"] for p in pages for i in p["items"]] == ["apparel", "hat", "mug", "shirt"]
    assert cda(world, "/entries", limit=0).json()["items"] == []
    assert cda(world, "/entries", limit=1000).status_code == 200


def test_select(world: Sandbox) -> None:
    item = cda(world, "/entries", **P, **{"sys.id": "shirt"}, select="sys,fields.title").json()[
        "items"
    ][0]
    assert set(item) == {"sys", "fields"}
    assert item["fields"] == {"title": "Organic Cotton T-Shirt"}
    bare = cda(world, "/entries", select="sys.id", **{"sys.id": "hat"}).json()["items"][0]
    assert bare == {"sys": {"id": "hat"}}
    whole = cda(world, "/entries", select="fields", **{"sys.id": "hat"}).json()["items"][0]
    assert set(whole) == {"fields"} and whole["fields"]["title"] == "Sun Hat"


def _error(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["sys"]["id"]


@pytest.mark.parametrize(
    ("params", "status_id"),
    [
        ({"some": "parameter"}, (400, "InvalidQuery")),
        ({"fields.title": "x"}, (400, "BadRequest")),
        ({"order": "fields.title"}, (400, "BadRequest")),
        ({"select": "sys,fields.title"}, (400, "BadRequest")),
        ({"content_type": "nope"}, (400, "InvalidQuery")),
        ({**P, "fields.nope": "x"}, (400, "InvalidQuery")),
        ({**P, "fields.title[bogus]": "x"}, (400, "InvalidQuery")),
        ({**P, "fields.title[exists]": "maybe"}, (400, "InvalidQuery")),
        ({**P, "select": "fields.title.en-US"}, (400, "InvalidQuery")),
        ({"select": "nope"}, (400, "InvalidQuery")),
        ({"order": "nope"}, (400, "InvalidQuery")),
        ({"order": "sys.nope"}, (400, "InvalidQuery")),
        ({"sys.nope": "x"}, (400, "InvalidQuery")),
        ({"include": "11"}, (400, "InvalidQuery")),
        ({"include": "-1"}, (400, "InvalidQuery")),
        ({"include": "two"}, (400, "InvalidQuery")),
        ({"limit": "1001"}, (400, "InvalidQuery")),
        ({"limit": "ten"}, (400, "InvalidQuery")),
        ({"skip": "-5"}, (400, "InvalidQuery")),
        ({"locale": "tlh"}, (400, "BadRequest")),
    ],
)
def test_bad_queries_are_400s_in_contentfuls_shape(
    world: Sandbox, params: dict[str, str], status_id: tuple[int, str]
) -> None:
    response = cda(world, "/entries", **params)
    assert _error(response) == status_id
    assert "requestId" in response.json() and "message" in response.json()


def test_unknown_parameter_names_it_like_the_recording(world: Sandbox) -> None:
    body = cda(world, "/entries", some="parameter").json()
    assert body["details"] == {"errors": [{"name": "unknown", "path": ["some"]}]}
    assert cda(world, "/entries", access_token="dev-delivery-token").status_code == 200


def test_includes_follow_links_arrays_and_rich_text_to_the_depth(world: Sandbox) -> None:
    body = cda(world, "/entries", **{"sys.id": "shirt"}).json()
    assert sorted(i["sys"]["id"] for i in body["includes"]["Entry"]) == ["hat", "mug"]
    assert [i["sys"]["id"] for i in body["includes"]["Asset"]] == ["shirt-pic"]
    missing = sorted((e["details"]["linkType"], e["details"]["id"]) for e in body["errors"])
    assert missing == [("Asset", "draft-pic"), ("Entry", "draft"), ("Entry", "gone")]
    assert all(e["sys"] == {"id": "notResolvable", "type": "error"} for e in body["errors"])
    flat = cda(world, "/entries", include=0, **{"sys.id": "shirt"}).json()
    assert "includes" not in flat and "errors" not in flat


def test_items_are_not_repeated_in_includes_and_errors_are_deduplicated(world: Sandbox) -> None:
    body = cda(world, "/entries", **P, include=10).json()
    item_ids = {i["sys"]["id"] for i in body["items"]}
    assert not item_ids & {i["sys"]["id"] for i in body.get("includes", {}).get("Entry", [])}
    keys = [(e["details"]["linkType"], e["details"]["id"]) for e in body["errors"]]
    assert len(keys) == len(set(keys))


def test_depth_two_reaches_links_of_included_entries(world: Sandbox) -> None:
    one_level = cda(world, "/entries", **P, **{"sys.id": "mug"}).json()
    assert [i["sys"]["id"] for i in one_level["includes"]["Entry"]] == ["hat"]
    body = cda(world, "/entries", **P, **{"sys.id[in]": "hat"}, include=2).json()
    assert "includes" not in body


def test_preview_resolves_drafts_and_serves_draft_values(world: Sandbox) -> None:
    body = cpa(world, "/entries", **{"sys.id": "shirt"}).json()
    assert body["items"][0]["fields"]["title"] == "Draft title"
    assert "draft" in {i["sys"]["id"] for i in body["includes"]["Entry"]}
    assert "draft-pic" in {i["sys"]["id"] for i in body["includes"]["Asset"]}
    assert [e["details"]["id"] for e in body["errors"]] == ["gone"]
    assert cda(world, "/entries", **{"sys.id": "shirt"}).json()["items"][0]["fields"]["title"] == (
        "Organic Cotton T-Shirt"
    )


def test_assets_collection_filters_and_locale(world: Sandbox) -> None:
    assert sorted(ids(cda(world, "/assets"))) == ["shirt-pic", "shirt-pic-es"]
    assert ids(cda(world, "/assets", **{"fields.title": "Shirt"})) == ["shirt-pic"]
    star = cda(world, "/assets", locale="*", **{"sys.id": "shirt-pic"}).json()["items"][0]
    assert star["fields"]["title"] == {"en-US": "Shirt"}
    assert cda(world, "/assets", links_to_entry="x").status_code == 400


_KEYS = st.sampled_from(
    [
        "content_type",
        "sys.id",
        "sys.id[in]",
        "fields.title",
        "fields.weight[lt]",
        "fields.tags[all]",
        "fields.related.sys.id",
        "fields.title[match]",
        "query",
        "order",
        "select",
        "limit",
        "skip",
        "include",
        "locale",
        "links_to_entry",
        "fields.x[exists]",
        "metadata.tags.sys.id[in]",
        "sys.createdAt[gte]",
    ]
)
_VALUES = st.one_of(
    st.sampled_from(
        ["product", "-fields.weight", "sys,fields.title", "*", "es-ES", "true", "0", "10"]
    ),
    st.text(max_size=12),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.dictionaries(st.one_of(_KEYS, st.text(max_size=8)), _VALUES, max_size=5))
def test_random_queries_never_500(world: Sandbox, params: dict[str, str]) -> None:
    response = cda(world, "/entries", **params)
    assert response.status_code in (200, 400), response.text
    assert response.json()["sys"]["type"] in ("Array", "Error")
