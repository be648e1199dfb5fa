"""Regression tests for the differences the real-Medusa contract suite found (tests/real_medusa).

Each test pins what a real Medusa 2.21.2 answered, so the sandbox keeps answering it without a
real server at hand.
"""

from __future__ import annotations

from typing import Any

import httpx

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
