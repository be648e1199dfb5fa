"""A small product space shared by the CDA behaviour tests (module-scoped sandboxes).

Locales: en-US (default), es-ES → en-US, de-DE → en-US, de-CH → de-DE → en-US, fr-FR (null
fallback), xx-XX (not delivered). Entries: a shirt with translations, links, rich text and a
draft edit; a mug and a hat it links to; a never-published draft; an archived entry.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.contentful.common import KIND_ASSET, KIND_CONTENT_TYPE, KIND_ENTRY, KIND_FILE
from sandbox.server import Sandbox
from tests.conftest import sandbox_config
from tests.sandbox.test_contentful_cda_contract import (
    asset_doc,
    content_type_doc,
    entry_doc,
    link,
    locale_doc,
    put,
    set_locales,
)

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    b'<rect width="8" height="8"/></svg>'
)

PRODUCT_FIELDS: list[dict[str, Any]] = [
    {"id": "title"},
    {"id": "description", "type": "Text"},
    {"id": "weight", "type": "Integer", "localized": False},
    {"id": "price", "type": "Number", "localized": False},
    {"id": "tags", "type": "Array", "localized": False, "items": {"type": "Symbol"}},
    {"id": "image", "type": "Link", "linkType": "Asset"},
    {
        "id": "related",
        "type": "Array",
        "localized": False,
        "items": {"type": "Link", "linkType": "Entry"},
    },
    {"id": "richDescription", "type": "RichText"},
    {"id": "releasedAt", "type": "Date", "localized": False},
    {"id": "featured", "type": "Boolean", "localized": False},
    {"id": "internalNote", "omitted": True},
]


def rich(*content: dict[str, Any]) -> dict[str, Any]:
    """A rich-text document."""
    return {"nodeType": "document", "data": {}, "content": list(content)}


def paragraph(text: str) -> dict[str, Any]:
    """A paragraph with one text node."""
    return {
        "nodeType": "paragraph",
        "data": {},
        "content": [{"nodeType": "text", "value": text, "marks": [{"type": "bold"}], "data": {}}],
    }


def embedded(node: str, link_type: str, id: str) -> dict[str, Any]:
    """An embedded-*-block node pointing at a Link."""
    return {"nodeType": node, "data": {"target": link(link_type, id)}, "content": []}


def shirt() -> dict[str, Any]:
    """The published shirt (values per locale)."""
    return entry_doc(
        "shirt",
        "product",
        {
            "title": {
                "en-US": "Organic Cotton T-Shirt",
                "es-ES": "Camiseta de Algodón",
                "de-DE": "Bio-T-Shirt",
            },
            "description": {"en-US": "Soft and breathable", "es-ES": ""},
            "weight": {"en-US": 200},
            "price": {"en-US": 29.99},
            "tags": {"en-US": ["organic", "cotton", "summer"]},
            "image": {"en-US": link("Asset", "shirt-pic"), "es-ES": link("Asset", "shirt-pic-es")},
            "related": {
                "en-US": [link("Entry", "mug"), link("Entry", "draft"), link("Entry", "gone")]
            },
            "richDescription": {
                "en-US": rich(
                    paragraph("Made of organic cotton"),
                    embedded("embedded-entry-block", "Entry", "hat"),
                    embedded("embedded-asset-block", "Asset", "draft-pic"),
                )
            },
            "releasedAt": {"en-US": "2024-03-01T00:00:00.000Z"},
            "featured": {"en-US": True},
            "internalNote": {"en-US": "never delivered"},
        },
    )


def build(box: Sandbox) -> None:
    """Store the whole world in a sandbox."""
    set_locales(
        box,
        locale_doc("en-US", default=True),
        locale_doc("es-ES", "en-US"),
        locale_doc("de-DE", "en-US"),
        locale_doc("de-CH", "de-DE"),
        locale_doc("fr-FR"),
        locale_doc("xx-XX", "en-US", cda=False),
    )
    put(box, KIND_CONTENT_TYPE, content_type_doc("product", PRODUCT_FIELDS))
    put(box, KIND_CONTENT_TYPE, content_type_doc("category", [{"id": "name"}]))
    published = shirt()
    draft_edit = shirt()
    draft_edit["fields"]["title"]["en-US"] = "Draft title"
    assert box.context is not None
    box.context.store.put(KIND_ENTRY, "shirt", draft_edit, published=published)
    _more_entries(box)
    _assets(box)


def _more_entries(box: Sandbox) -> None:
    put(
        box,
        KIND_ENTRY,
        entry_doc(
            "mug",
            "product",
            {
                "title": {"en-US": "Ceramic Mug", "fr-FR": "Tasse"},
                "weight": {"en-US": 350},
                "price": {"en-US": 12.5},
                "tags": {"en-US": ["kitchen"]},
                "related": {"en-US": [link("Entry", "hat")]},
                "featured": {"en-US": False},
                "releasedAt": {"en-US": "2023-05-01T00:00:00.000Z"},
            },
        ),
    )
    put(
        box,
        KIND_ENTRY,
        entry_doc(
            "hat",
            "product",
            {
                "title": {"en-US": "Sun Hat"},
                "weight": {"en-US": 90},
                "price": {"en-US": 19.0},
                "tags": {"en-US": ["summer"]},
                "releasedAt": {"en-US": "2024-06-01T00:00:00.000Z"},
            },
        ),
    )
    put(box, KIND_ENTRY, entry_doc("draft", "product", {"title": {"en-US": "Draft Cap"}}, 0), False)
    archived = entry_doc(
        "old",
        "product",
        {"title": {"en-US": "Old"}},
        0,
        archivedVersion=2,
        archivedAt="2024-01-04T00:00:00.000Z",
    )
    put(box, KIND_ENTRY, archived, False)
    put(box, KIND_ENTRY, entry_doc("apparel", "category", {"name": {"en-US": "Apparel"}}))


def _assets(box: Sandbox) -> None:
    assert box.context is not None
    config = box.context.config
    netloc = config.cda_url.split("//", 1)[1]

    def file(asset: str, name: str) -> dict[str, Any]:
        return {
            "url": f"//{netloc}/_files/{config.space_id}/{asset}/{name}",
            "fileName": name,
            "contentType": "image/svg+xml",
            "details": {"size": len(SVG)},
        }

    put(
        box,
        KIND_ASSET,
        asset_doc(
            "shirt-pic",
            {"title": {"en-US": "Shirt"}, "file": {"en-US": file("shirt-pic", "shirt.svg")}},
        ),
    )
    put(
        box,
        KIND_ASSET,
        asset_doc(
            "shirt-pic-es",
            {
                "title": {"en-US": "Camiseta"},
                "file": {"en-US": file("shirt-pic-es", "camiseta.svg")},
            },
        ),
    )
    put(box, KIND_ASSET, asset_doc("draft-pic", {"title": {"en-US": "Draft"}}, 0), False)
    data = {"contentType": "image/svg+xml", "data": base64.b64encode(SVG).decode()}
    box.context.store.put(KIND_FILE, "shirt-pic/shirt.svg", data)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A sandbox holding the product world, shared by one test module (read-only tests)."""
    box = Sandbox(sandbox_config(Path(tmp_path_factory.mktemp("cda")), seed=False)).start()
    build(box)
    yield box
    box.stop()


def cda(box: Sandbox, path: str, **params: Any) -> httpx.Response:
    """GET on the CDA with the delivery token."""
    return _get(box, "cda", "dev-delivery-token", path, params)


def cpa(box: Sandbox, path: str, **params: Any) -> httpx.Response:
    """GET on the Preview API with the preview token."""
    return _get(box, "preview", "dev-preview-token", path, params)


def _get(box: Sandbox, api: str, token: str, path: str, params: dict[str, Any]) -> httpx.Response:
    assert box.context is not None
    base = f"{box.urls[api]}/spaces/{box.context.config.space_id}/environments/master"
    return httpx.get(f"{base}{path}", params=params, headers={"Authorization": f"Bearer {token}"})


def ids(response: httpx.Response) -> list[str]:
    """The item ids of a collection response (asserting a 200)."""
    assert response.status_code == 200, response.text
    return [item["sys"]["id"] for item in response.json()["items"]]


def one(response: httpx.Response) -> dict[str, Any]:
    """The only item of a collection response."""
    items: list[dict[str, Any]] = response.json()["items"]
    assert len(items) == 1, response.text
    return items[0]


def test_world_builds_and_serves_only_published_entries(world: Sandbox) -> None:
    assert sorted(ids(cda(world, "/entries"))) == ["apparel", "hat", "mug", "shirt"]
    assert sorted(ids(cpa(world, "/entries"))) == ["apparel", "draft", "hat", "mug", "shirt"]
