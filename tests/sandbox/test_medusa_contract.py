"""Contract: every recorded Medusa request, replayed against the sandbox, answers with the same
status and the same JSON shape (keys and types) as the real Medusa 2.21.2 did.

Recorded ids are mapped to the sandbox's: seeded records through the recording's seed block and
SKUs, run-time records (the cart, its line item, the created product) from the sandbox's own
answers to the earlier requests of the same sequence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.medusa.ids import seeded_id
from tests.conftest import FIXTURES, load_fixture
from tests.sandbox.test_medusa_catalog import Medusa, start
from tests.shapes import shape_diff

INDEX = load_fixture("medusa-v2", "_index.json")
REQUESTS = INDEX["requests"]


def _seed_ids(md: Medusa) -> dict[str, str]:
    seed = INDEX["seed"]
    ids = {
        seed["publishable_key"]: md.config.publishable_key,
        seed["sales_channel_id"]: seeded_id("sc", "Python Storefront"),
        seed["stock_location_id"]: seeded_id("sloc", "Main Warehouse"),
        seed["collection_id"]: seeded_id("pcol", "summer-essentials"),
        seed["type_id"]: seeded_id("ptyp", "T-Shirt"),
    }
    ids.update({rid: md.region(key) for key, rid in seed["regions"].items()})
    ids.update({rid: seeded_id("pcat", h) for h, rid in seed["category_ids"].items()})
    ids.update({rid: seeded_id("ptag", v) for v, rid in seed["tag_ids"].items()})
    ids.update({rid: md.handles[h] for h, rid in seed["products"].items()})
    for name in ("store_products_by_handle_full.json", "store_products_list.json"):
        for product in load_fixture("medusa-v2", name)["products"]:
            ids.update({v["id"]: md.variant(v["sku"]) for v in product["variants"]})
    return ids


def _mapped(text: str, ids: dict[str, str]) -> str:
    for recorded, ours in ids.items():
        text = text.replace(recorded, ours)
    return text


def _learn(ids: dict[str, str], recorded: Any, actual: Any) -> None:
    # Run-time ids (cart, line item, created product) come from the sandbox's answers.
    for key in ("cart", "product"):
        if isinstance(recorded, dict) and isinstance(actual, dict) and key in recorded:
            ids.setdefault(recorded[key]["id"], actual[key]["id"])
            items = zip(recorded[key].get("items", []), actual[key].get("items", []), strict=False)
            for rec_item, our_item in items:
                ids.setdefault(rec_item["id"], our_item["id"])


def _replay(md: Medusa) -> Iterator[tuple[str, int, Any]]:
    ids = _seed_ids(md)
    token = md.store.post(
        "/auth/user/emailpass",
        json={"email": md.config.admin_email, "password": md.config.admin_password},
    ).json()["token"]
    for req in REQUESTS:
        headers = {k: _mapped(v, ids) for k, v in req["request_headers"].items()}
        if headers.get("authorization") == "<redacted-admin-jwt>":
            headers["authorization"] = f"Bearer {token}"
        body = req["request_body"]
        content = _mapped(json.dumps(body), ids) if body is not None else None
        if content is not None:
            headers["content-type"] = "application/json"
        response = md.store.request(
            req["method"], _mapped(req["path"], ids), headers=headers, content=content
        )
        # the shared client's default key must not leak into the requests recorded without one
        recorded = _recorded(req["file"])
        actual = response.text if req["file"].endswith(".txt") else response.json()
        if not req["file"].endswith(".txt"):
            _learn(ids, recorded, actual)
        yield req["file"], response.status_code, actual


def _recorded(name: str) -> Any:
    path = FIXTURES / "medusa-v2" / name
    return path.read_text() if name.endswith(".txt") else json.loads(path.read_text())


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[int, Any]]]:
    md = start(Path(tmp_path_factory.mktemp("contract")))
    md.store.headers.pop("x-publishable-api-key")
    try:
        yield {name: (status, body) for name, status, body in _replay(md)}
    finally:
        md.close()
        md.box.stop()


@pytest.mark.parametrize("req", REQUESTS, ids=[r["file"] for r in REQUESTS])
def test_sandbox_answers_like_the_recording(
    req: dict[str, Any], replayed: dict[str, tuple[int, Any]]
) -> None:
    status, actual = replayed[req["file"]]
    recorded = _recorded(req["file"])
    assert status == req["status"], actual
    if req["file"].endswith(".txt"):
        assert actual == recorded
    else:
        assert shape_diff(recorded, actual) == []
