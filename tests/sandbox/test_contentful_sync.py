"""The Sync API of the sandbox CDA and Preview API: initial syncs, deltas, deletions, pages.

Shapes follow the recorded ``cda_sync_deleted_entry.json``; the semantics follow Contentful's
Sync API reference (initial = everything served now in every locale; a delta = what was
published, changed or deleted since the token; ``nextPageUrl`` until the last page, then
``nextSyncUrl``).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import contentful
import httpx
import pytest

from sandbox.server import Sandbox
from tests.conftest import SDK_TIMEOUT, load_fixture

ENV = "/spaces/sandboxspace/environments/master"


class Cma:
    """Just enough CMA to change what the sync must report."""

    def __init__(self, box: Sandbox) -> None:
        headers = {"Authorization": f"Bearer {box.config.management_token}"}
        self.http = httpx.Client(base_url=box.urls["cma"] + ENV, headers=headers)

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> dict[str, Any]:
        content = None if body is None else json.dumps(body)
        r = self.http.request(method, path, content=content, headers=headers)
        assert r.status_code < 300, r.text
        return r.json() if r.content else {}

    def version(self, path: str) -> str:
        return str(self.call("GET", path)["sys"]["version"])

    def publish(self, path: str) -> None:
        self.call("PUT", f"{path}/published", **{"X-Contentful-Version": self.version(path)})

    def new_product(self, id: str, title: str) -> str:
        body = {"fields": {"medusaId": {"en-US": id}, "title": {"en-US": title}}}
        self.call("PUT", f"/entries/{id}", body, **{"X-Contentful-Content-Type": "product"})
        return f"/entries/{id}"


@pytest.fixture
def cma(sandbox: Sandbox) -> Iterator[Cma]:
    api = Cma(sandbox)
    yield api
    api.http.close()


def _sync(box: Sandbox, api: str = "cda", **params: Any) -> dict[str, Any]:
    token = box.config.preview_token if api == "preview" else box.config.delivery_token
    r = httpx.get(
        f"{box.urls[api]}{ENV}/sync", params=params, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/vnd.contentful.delivery.v1+json"
    body: dict[str, Any] = r.json()
    return body


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["sync_token"][0]


def _all_pages(box: Sandbox, api: str = "cda", **params: Any) -> tuple[list[Any], str]:
    """Follow ``nextPageUrl`` to the end; the items and the next delta's token."""
    page, items = _sync(box, api, **params), []
    while True:
        items += page["items"]
        if "nextPageUrl" in page:
            assert "nextSyncUrl" not in page
            page = _sync(box, api, sync_token=_token(page["nextPageUrl"]))
            continue
        return items, _token(page["nextSyncUrl"])


def _ids(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(i["sys"]["type"], i["sys"]["id"]) for i in items]


def test_initial_sync_serves_every_published_entry_and_asset_in_every_locale(
    sandbox: Sandbox,
) -> None:
    body = _sync(sandbox, initial="true")
    assert set(body) == {"sys", "items", "nextSyncUrl"} and body["sys"] == {"type": "Array"}
    assert body["nextSyncUrl"].startswith(f"{sandbox.urls['cda']}{ENV}/sync?sync_token=")
    cda = httpx.get(
        f"{sandbox.urls['cda']}{ENV}/entries",
        params={"locale": "*", "limit": 1000, "include": 0},
        headers={"Authorization": f"Bearer {sandbox.config.delivery_token}"},
    ).json()
    entries = [i for i in body["items"] if i["sys"]["type"] == "Entry"]
    assert sorted(e["sys"]["id"] for e in entries) == sorted(e["sys"]["id"] for e in cda["items"])
    by_id = {e["sys"]["id"]: e for e in cda["items"]}
    for entry in entries:
        assert entry == by_id[entry["sys"]["id"]]  # the locale=* shape: no sys.locale
        assert "locale" not in entry["sys"]
    assert any(i["sys"]["type"] == "Asset" for i in body["items"])
    assert len({json.dumps(e["fields"]["title"]) for e in entries}) > 1
    assert any(len(e["fields"]["title"]) > 1 for e in entries)  # several locales per field


def test_a_delta_reports_publishes_and_deletions_since_the_token_then_nothing(
    sandbox: Sandbox, cma: Cma
) -> None:
    initial, token = _all_pages(sandbox, initial="true")
    published = [i for i in initial if i["sys"]["type"] == "Entry"]
    gone, changed = published[0]["sys"]["id"], published[1]["sys"]["id"]
    asset = next(i["sys"]["id"] for i in initial if i["sys"]["type"] == "Asset")

    new = cma.new_product("brand-new", "Brand new")
    cma.publish(new)
    cma.new_product("draft-only", "Never published")
    entry = cma.call("GET", f"/entries/{changed}")
    entry["fields"]["title"]["en-US"] = "Changed title"
    cma.call("PUT", f"/entries/{changed}", {"fields": entry["fields"]},
             **{"X-Contentful-Version": str(entry["sys"]["version"])})  # fmt: skip
    cma.publish(f"/entries/{changed}")
    cma.call("DELETE", f"/entries/{gone}/published")
    cma.call("DELETE", f"/assets/{asset}/published")
    cma.call("DELETE", f"/assets/{asset}")

    delta, next_token = _all_pages(sandbox, sync_token=token)
    assert _ids(delta) == [
        ("Entry", "brand-new"), ("Entry", changed), ("DeletedEntry", gone), ("DeletedAsset", asset)
    ]  # fmt: skip
    assert delta[1]["fields"]["title"]["en-US"] == "Changed title"
    assert set(delta[2]["sys"]) >= _recorded_deleted_keys()
    assert delta[2]["sys"]["revision"] >= 1
    assert _all_pages(sandbox, sync_token=next_token)[0] == []


def _recorded_deleted_keys() -> set[str]:
    recorded = load_fixture("contentful", "cda_sync_deleted_entry.json")
    return set(recorded["interactions"][0]["response"]["body"]["items"][0]["sys"])


def test_initial_deletion_sync_lists_tombstones_in_the_recorded_shape(
    sandbox: Sandbox, cma: Cma
) -> None:
    first = _sync(sandbox, initial="true", type="Entry")["items"][0]["sys"]["id"]
    cma.call("DELETE", f"/entries/{first}/published")
    body = _sync(sandbox, initial="true", type="DeletedEntry")
    recorded = load_fixture("contentful", "cda_sync_deleted_entry.json")
    recorded_item = recorded["interactions"][0]["response"]["body"]["items"][0]
    assert [i["sys"]["id"] for i in body["items"]] == [first]
    item = body["items"][0]
    assert set(item) == set(recorded_item) == {"sys"}
    assert set(item["sys"]) == set(recorded_item["sys"]) | {"environment"}
    assert item["sys"]["type"] == "DeletedEntry" and item["sys"]["space"]["sys"]["id"]
    assert _sync(sandbox, initial="true", type="DeletedAsset")["items"] == []
    assert first not in {i["sys"]["id"] for i in _sync(sandbox, initial="true")["items"]}


def test_pages_of_limit_items_chain_to_the_same_sync(sandbox: Sandbox) -> None:
    whole = _sync(sandbox, initial="true", limit=1000)["items"]
    first = _sync(sandbox, initial="true", limit=3)
    assert len(first["items"]) == 3 and "nextPageUrl" in first and "nextSyncUrl" not in first
    paged, _ = _all_pages(sandbox, initial="true", limit=3)
    assert paged == whole and len(whole) > 6


def test_type_and_content_type_filter_an_initial_sync_and_its_deltas(
    sandbox: Sandbox, cma: Cma
) -> None:
    entries, token = _all_pages(sandbox, initial="true", type="Entry", content_type="product")
    assert entries and {i["sys"]["contentType"]["sys"]["id"] for i in entries} == {"product"}
    assets = _sync(sandbox, initial="true", type="Asset")["items"]
    assert assets and {i["sys"]["type"] for i in assets} == {"Asset"}
    cma.publish(cma.new_product("later", "Later"))
    assert _ids(_all_pages(sandbox, sync_token=token)[0]) == [("Entry", "later")]


def test_preview_sync_sees_drafts_and_their_deletion(sandbox: Sandbox, cma: Cma) -> None:
    _, cda_token = _all_pages(sandbox, initial="true")
    _, token = _all_pages(sandbox, "preview", initial="true")
    path = cma.new_product("draft", "Draft")
    assert _ids(_all_pages(sandbox, "preview", sync_token=token)[0]) == [("Entry", "draft")]
    assert _all_pages(sandbox, sync_token=cda_token)[0] == []  # a draft is not delivered
    cma.call("DELETE", path)
    assert _ids(_all_pages(sandbox, "preview", sync_token=token)[0]) == [("DeletedEntry", "draft")]


def _forged(**changes: Any) -> str:
    token = {"api": "cda", "after": 0, "upto": 0, "type": "all", "content_type": None}
    token.update(limit=100, initial=False, skip=0)
    raw = json.dumps({**token, **changes}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("params", "error_id"),
    [
        ({}, "BadRequest"),
        ({"initial": "true", "locale": "de-DE"}, "InvalidQuery"),
        ({"initial": "true", "type": "Everything"}, "InvalidQuery"),
        ({"initial": "true", "type": "Asset", "content_type": "product"}, "BadRequest"),
        ({"initial": "true", "limit": "0"}, "InvalidQuery"),
        ({"sync_token": "not-a-token"}, "BadRequest"),
        ({"sync_token": _forged(after="x")}, "BadRequest"),
        ({"sync_token": _forged(limit=0)}, "BadRequest"),
        ({"sync_token": _forged(content_type=3)}, "BadRequest"),
        ({"sync_token": _forged(extra=1)}, "BadRequest"),
    ],
)
def test_bad_sync_requests_get_400(sandbox: Sandbox, params: dict[str, str], error_id: str) -> None:
    r = httpx.get(
        f"{sandbox.urls['cda']}{ENV}/sync", params=params,
        headers={"Authorization": f"Bearer {sandbox.config.delivery_token}"},
    )  # fmt: skip
    assert r.status_code == 400 and r.json()["sys"]["id"] == error_id


def test_a_token_of_the_cda_is_refused_by_the_preview_api(sandbox: Sandbox) -> None:
    token = _token(_sync(sandbox, initial="true")["nextSyncUrl"])
    r = httpx.get(
        f"{sandbox.urls['preview']}{ENV}/sync", params={"sync_token": token},
        headers={"Authorization": f"Bearer {sandbox.config.preview_token}"},
    )  # fmt: skip
    assert r.status_code == 400


def test_the_python_sdk_syncs_initially_and_then_by_delta(sandbox: Sandbox, cma: Cma) -> None:
    client = contentful.Client(
        "sandboxspace", sandbox.config.delivery_token,
        api_url=sandbox.urls["cda"].removeprefix("http://"), https=False,
        timeout_s=SDK_TIMEOUT,
    )  # fmt: skip
    first = client.sync({"initial": True})
    assert first.next_sync_token and any(isinstance(i, contentful.Entry) for i in first.items)
    gone = next(i.id for i in first.items if isinstance(i, contentful.Entry))
    cma.call("DELETE", f"/entries/{gone}/published")
    cma.publish(cma.new_product("py-new", "From Python"))
    delta = first.next(client)
    kinds = [(type(i).__name__, i.id) for i in delta.items]
    assert kinds == [("DeletedEntry", gone), ("Entry", "py-new")] or kinds == [
        ("Entry", "py-new"), ("DeletedEntry", gone)
    ]  # fmt: skip
    entry = next(i for i in delta.items if isinstance(i, contentful.Entry))
    assert entry.fields("en-US")["title"] == "From Python"
    assert delta.next(client).items == []
