"""Untrusted content never breaks a page: rich text nested 100 lists deep, as the CMA accepts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import TSHIRT, edit_entry, html, product_id, storefront


def _nested_lists(levels: int) -> dict[str, Any]:
    def text(value: str) -> dict[str, Any]:
        return {"nodeType": "text", "value": value, "marks": [], "data": {}}

    node: dict[str, Any] = {"nodeType": "paragraph", "data": {}, "content": [text("bottom")]}
    for level in range(levels, 0, -1):
        head = {"nodeType": "paragraph", "data": {}, "content": [text(f"level {level}")]}
        item = {"nodeType": "list-item", "data": {}, "content": [head, node]}
        node = {"nodeType": "unordered-list", "data": {}, "content": [item]}
    return {"nodeType": "document", "data": {}, "content": [node]}


@pytest.fixture
def deep_app(box: Sandbox) -> Iterator[Flask]:
    """The T-shirt's rich description published 100 lists deep; restored afterwards."""
    entry_id = product_id(box, TSHIRT)
    kept: dict[str, Any] = {}

    def nest(fields: dict[str, Any]) -> None:
        kept.update(fields.get("richDescription") or {})
        fields["richDescription"] = {"en-US": _nested_lists(100)}

    edit_entry(box, entry_id, nest)
    try:
        with storefront(box) as app:
            yield app
    finally:
        edit_entry(box, entry_id, lambda fields: fields.update(richDescription=kept))


def test_a_page_with_rich_text_100_lists_deep_renders(deep_app: Flask) -> None:
    client = deep_app.test_client()
    product = client.get(f"/products/{TSHIRT}")
    assert product.status_code == 200
    page = html(product)
    assert "level 1<" in page and "level 20<" in page
    assert "bottom" not in page  # below the renderer's depth limit
    assert client.get("/").status_code == 200
    assert client.get(f"/products/{TSHIRT}?lang=es-ES").status_code == 200


def test_the_sync_keeps_an_entry_with_deep_rich_text(env: Any) -> None:
    """A Medusa edit syncs into an entry nested as deep as the CMA accepts (read-merge-write)."""
    from tests.functional.sync_helpers import built, drain, entry, update_product

    box, settings = env
    pid = product_id(box, TSHIRT)
    deep = {"en-US": _nested_lists(103)}
    edit_entry(box, pid, lambda fields: fields.update(richDescription=deep))
    update_product(box, pid, title="Deeply Described Tee")
    parts = built(settings)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    synced = entry(box, pid) or {}
    assert synced["fields"]["title"]["en-US"] == "Deeply Described Tee"
    assert synced["fields"]["richDescription"] == deep
