"""Admin API: the calls our sync and importer make answer alike on the sandbox and a real 2.21."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from sync.bulk.medusa import CATEGORY_FIELDS, IMPORT_FIELDS
from sync.field_mapping import ADMIN_FIELDS
from tests.real_medusa.compare import same_answer, same_error
from tests.real_medusa.servers import Side

TSHIRT = "organic-cotton-tshirt"
DEFAULT_OPTIONS = [{"title": "Default option", "values": ["Default option value"]}]
# Stock levels carry the seed's quantities and timestamps; the sandbox drew no picture for a
# product the test creates either, so these may be null on one side.
NULLABLE = ("product.thumbnail",)


def each(both: tuple[Side, Side], method: str, path: Any, **kwargs: Any) -> list[httpx.Response]:
    """The same Admin request on both; `path` may be a function of the side."""
    return [
        side.admin.request(method, path(side) if callable(path) else path, **kwargs)
        for side in both
    ]


def tshirt_id(side: Side) -> str:
    """The seeded T-shirt's id on one side."""
    listed = side.admin.get("/admin/products", params={"handle": TSHIRT, "fields": "id"})
    return str(listed.json()["products"][0]["id"])


@pytest.mark.parametrize("fields", [ADMIN_FIELDS, IMPORT_FIELDS], ids=["sync", "import"])
def test_product_list_by_handle(both: tuple[Side, Side], fields: str) -> None:
    params = {"handle[]": [TSHIRT], "fields": fields}
    real, fake = same_answer(*each(both, "GET", "/admin/products", params=params))
    assert real["count"] == fake["count"] == 1


def test_import_fields_bring_option_values(both: tuple[Side, Side]) -> None:
    params = {"handle": TSHIRT, "fields": IMPORT_FIELDS}
    bodies = [r.json()["products"][0] for r in each(both, "GET", "/admin/products", params=params)]
    for product in bodies:
        values = {o["title"]: sorted(v["value"] for v in o["values"]) for o in product["options"]}
        assert values == {"Size": ["L", "M", "S"], "Color": ["Black", "White"]}
        titles = {o["option"]["title"] for v in product["variants"] for o in v["options"]}
        assert titles == {"Size", "Color"}


def test_bare_star_options_have_no_values(both: tuple[Side, Side]) -> None:
    params = {"handle": TSHIRT, "fields": "id,handle,*options"}
    real, _ = same_answer(*each(both, "GET", "/admin/products", params=params))
    assert "values" not in real["products"][0]["options"][0]


def test_product_get(both: tuple[Side, Side]) -> None:
    path = lambda side: f"/admin/products/{tshirt_id(side)}"  # noqa: E731
    same_answer(*each(both, "GET", path, params={"fields": IMPORT_FIELDS}))


def test_variant_lookup_by_id(both: tuple[Side, Side]) -> None:
    answers = []
    for side in both:
        product = side.admin.get(f"/admin/products/{tshirt_id(side)}").json()["product"]
        params = {"id": product["variants"][0]["id"], "fields": "id,product_id"}
        answers.append(side.admin.get("/admin/product-variants", params=params))
    real, _ = same_answer(*answers)
    assert sorted(real["variants"][0]) == ["id", "product_id"]


def test_create_update_get_delete(both: tuple[Side, Side]) -> None:
    handle = f"contract-cap-{uuid.uuid4().hex[:8]}"
    body = {"title": "Contract Cap", "handle": handle, "options": DEFAULT_OPTIONS}
    created = same_answer(*each(both, "POST", "/admin/products", json=body), nullable=NULLABLE)
    ids = [c["product"]["id"] for c in created]
    answers = [
        side.admin.post(f"/admin/products/{pid}", json={"subtitle": "Changed"})
        for side, pid in zip(both, ids, strict=True)
    ]
    updated = same_answer(*answers, nullable=NULLABLE)
    assert [u["product"]["subtitle"] for u in updated] == ["Changed", "Changed"]
    deleted = same_answer(
        *[side.admin.delete(f"/admin/products/{pid}") for side, pid in zip(both, ids, strict=True)]
    )
    assert [d["deleted"] for d in deleted] == [True, True]
    gone = [side.admin.get(f"/admin/products/{pid}") for side, pid in zip(both, ids, strict=True)]
    assert [g.status_code for g in gone] == [404, 404]


def test_create_without_options_is_refused(both: tuple[Side, Side]) -> None:
    body = {"title": "No Options Probe", "variants": [{"title": "One", "prices": []}]}
    error = same_error(*each(both, "POST", "/admin/products", json=body))
    assert error["message"] == "Product options are not provided for: [No Options Probe]."


def test_unknown_parameters(both: tuple[Side, Side]) -> None:
    same_answer(*each(both, "GET", "/admin/products", params={"foo": "1", "fields": "id"}))
    same_error(*each(both, "GET", "/admin/collections", params={"foo": "1"}))


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/admin/sales-channels", {}),
        ("/admin/collections", {"limit": 1000}),
        ("/admin/product-categories", {"fields": CATEGORY_FIELDS, "limit": 1000}),
        ("/admin/product-tags", {"limit": 1000}),
        ("/admin/regions", {}),
    ],
)
def test_lists_the_importer_reads(both: tuple[Side, Side], path: str, params: Any) -> None:
    same_answer(*each(both, "GET", path, params=params))


def test_product_404(both: tuple[Side, Side]) -> None:
    same_error(*each(both, "GET", "/admin/products/prod_does_not_exist"))


@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer garbage"}, {"authorization": "Basic c2tfbm9wZTo="}],
    ids=["none", "bad-jwt", "bad-basic"],
)
def test_auth_errors(both: tuple[Side, Side], headers: dict[str, str]) -> None:
    answers = [httpx.get(f"{side.url}/admin/products", headers=headers) for side in both]
    assert same_error(*answers) == {"message": "Unauthorized"}


def test_secret_key_as_bearer(both: tuple[Side, Side]) -> None:
    answers = [
        httpx.get(f"{s.url}/admin/products", headers={"authorization": f"Bearer {s.api_key}"})
        for s in both
    ]
    same_error(*answers)


def test_login(both: tuple[Side, Side]) -> None:
    good = {"email": "admin@example.com", "password": "supersecret"}
    tokens = [httpx.post(f"{s.url}/auth/user/emailpass", json=good) for s in both]
    real, _ = same_answer(*tokens)
    assert sorted(real) == ["token"]
    bad = {**good, "password": "wrong"}
    same_error(*[httpx.post(f"{s.url}/auth/user/emailpass", json=bad) for s in both])


def test_stock_locations(both: tuple[Side, Side]) -> None:
    real, fake = same_answer(*each(both, "GET", "/admin/stock-locations"))
    assert [loc["name"] for loc in real["stock_locations"]] == ["Main Warehouse"]
    assert [loc["address"]["city"] for loc in fake["stock_locations"]] == ["Madrid"]


def test_product_types(both: tuple[Side, Side]) -> None:
    same_answer(*each(both, "GET", "/admin/product-types", params={"limit": 1000}))


@pytest.mark.parametrize("fields", [None, "*variants"], ids=["default", "variants"])
def test_inventory_item_keys(both: tuple[Side, Side], fields: str | None) -> None:
    params = {"sku": "OCT-S-WHT", **({"fields": fields} if fields else {})}
    real, fake = same_answer(*each(both, "GET", "/admin/inventory-items", params=params))
    items = [body["inventory_items"][0] for body in (real, fake)]
    assert sorted(items[0]) == sorted(items[1])
    if fields:
        variants = [item["variants"][0] for item in items]
        assert sorted(variants[0]) == sorted(variants[1])
        assert [v["sku"] for v in variants] == ["OCT-S-WHT", "OCT-S-WHT"]
