"""Regression tests for the differences the real-Medusa contract suite found (tests/real_medusa).

Each test pins what a real Medusa 2.21.2 answered, so the sandbox keeps answering it without a
real server at hand.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox


def store_get(box: Sandbox, path: str, **params: Any) -> httpx.Response:
    """A Store API GET with the sandbox's publishable key."""
    headers = {"x-publishable-api-key": box.config.publishable_key}
    return httpx.get(f"{box.urls['medusa']}{path}", params=params, headers=headers)


def test_store_category_default_keys(sandbox: Sandbox) -> None:
    category = store_get(sandbox, "/store/product-categories", handle="t-shirts").json()
    assert sorted(category["product_categories"][0]) == sorted(
        [
            "id",
            "name",
            "description",
            "handle",
            "rank",
            "external_id",
            "parent_category_id",
            "created_at",
            "updated_at",
            "metadata",
            "parent_category",
            "category_children",
        ]
    )


def test_store_category_descendants_tree_nests_every_level(sandbox: Sandbox) -> None:
    body = store_get(
        sandbox, "/store/product-categories", handle="home", include_descendants_tree="true"
    ).json()
    home = body["product_categories"][0]
    assert "parent_category" not in home
    kitchen = next(c for c in home["category_children"] if c["handle"] == "kitchen")
    assert [c["handle"] for c in kitchen["category_children"]] == ["drinkware"]
    assert kitchen["category_children"][0]["category_children"] == []
    assert "deleted_at" in kitchen and "mpath" in kitchen


def admin(box: Sandbox) -> httpx.Client:
    """An Admin API client (the secret key as HTTP Basic)."""
    return httpx.Client(base_url=box.urls["medusa"], auth=(box.config.api_key, ""))


def tshirt_options(box: Sandbox, fields: str) -> list[dict[str, Any]]:
    """The T-shirt's options from the admin list route with these fields."""
    with admin(box) as client:
        params = {"handle": "organic-cotton-tshirt", "fields": fields}
        options: list[dict[str, Any]] = client.get("/admin/products", params=params).json()[
            "products"
        ][0]["options"]
    return options


def test_star_relation_in_a_field_list_brings_no_nested_relations(sandbox: Sandbox) -> None:
    assert all("values" not in o for o in tshirt_options(sandbox, "id,handle,*options"))
    with_values = tshirt_options(sandbox, "id,*options,*options.values")
    assert sorted(v["value"] for o in with_values for v in o["values"]) == sorted(
        ["S", "M", "L", "White", "Black"]
    )
    assert all("values" in o for o in tshirt_options(sandbox, "*options"))  # defaults kept


def test_variant_option_refers_to_its_option_by_id_only(sandbox: Sandbox) -> None:
    with admin(sandbox) as client:
        params = {"handle": "organic-cotton-tshirt", "fields": "id,*variants.options"}
        product = client.get("/admin/products", params=params).json()["products"][0]
    variant = product["variants"][0]
    assert sorted(variant) == ["id", "options"]
    assert sorted(variant["options"][0]["option"]) == ["id"]


def test_product_without_options_is_refused(sandbox: Sandbox) -> None:
    body = {"title": "No Options Cap", "variants": [{"title": "One", "prices": []}]}
    with admin(sandbox) as client:
        refused = client.post("/admin/products", json=body)
        assert refused.status_code == 400
        assert refused.json() == {
            "type": "invalid_data",
            "message": "Product options are not provided for: [No Options Cap].",
        }
        assert client.get("/admin/products", params={"q": "No Options Cap"}).json()["count"] == 0


def test_variant_created_without_options_has_none(sandbox: Sandbox) -> None:
    body = {
        "title": "Sized Cap",
        "options": [{"title": "Size", "values": ["S"]}],
        "variants": [{"title": "One", "prices": []}],
    }
    with admin(sandbox) as client:
        created = client.post("/admin/products", json=body)
        assert created.status_code == 200, created.text
        assert created.json()["product"]["variants"][0]["options"] == []


def test_admin_product_list_ignores_unknown_parameters(sandbox: Sandbox) -> None:
    with admin(sandbox) as client:
        everything = client.get("/admin/products", params={"fields": "id"}).json()["count"]
        listed = client.get("/admin/products", params={"foo": "1", "fields": "id"})
        refused = client.get("/admin/product-tags", params={"foo": "1"})
    assert listed.status_code == 200 and listed.json()["count"] == everything
    assert refused.status_code == 400


def test_secret_key_as_bearer_is_named_in_the_401(sandbox: Sandbox) -> None:
    url = f"{sandbox.urls['medusa']}/admin/products"
    for token in (sandbox.config.api_key, "sk_not_a_key"):
        answer = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401
        assert answer.json()["message"].startswith("A secret API key was passed as a Bearer token.")
    garbage = httpx.get(url, headers={"Authorization": "Bearer garbage"})
    assert garbage.json() == {"message": "Unauthorized"}


LIST_KEYS = "external_id created_at updated_at metadata"


@pytest.mark.parametrize(
    ("route", "key", "keys"),
    [
        (
            "collections",
            "collections",
            "id title handle external_id created_at updated_at metadata",
        ),
        ("product-tags", "product_tags", "id value external_id created_at updated_at metadata"),
        ("product-types", "product_types", "id value external_id created_at updated_at metadata"),
        (
            "regions",
            "regions",
            "id name currency_code created_at updated_at deleted_at automatic_taxes metadata"
            " countries",
        ),
        ("stock-locations", "stock_locations", "id name metadata created_at updated_at address"),
    ],
)
def test_admin_list_default_keys(sandbox: Sandbox, route: str, key: str, keys: str) -> None:
    with admin(sandbox) as client:
        first = client.get(f"/admin/{route}").json()[key][0]
    assert sorted(first) == sorted(keys.split())


def test_stock_location_address(sandbox: Sandbox) -> None:
    with admin(sandbox) as client:
        location = client.get("/admin/stock-locations").json()["stock_locations"][0]
    assert sorted(location["address"]) == sorted(
        [
            "id",
            "address_1",
            "address_2",
            "city",
            "country_code",
            "phone",
            "province",
            "postal_code",
            "metadata",
        ]
    )


def test_created_collection_and_tag_have_no_deleted_at(sandbox: Sandbox) -> None:
    with admin(sandbox) as client:
        collection = client.post("/admin/collections", json={"title": "Parity"}).json()
        tag = client.post("/admin/product-tags", json={"value": "parity"}).json()
    assert "deleted_at" not in collection["collection"]
    assert "deleted_at" not in tag["product_tag"]


def test_a_limit_that_is_no_number(sandbox: Sandbox) -> None:
    answer = store_get(sandbox, "/store/products", limit="abc")
    assert answer.status_code == 400
    assert answer.json()["message"] == (
        "Invalid request: Expected type: 'number' for field 'limit', got: 'abc'"
    )
