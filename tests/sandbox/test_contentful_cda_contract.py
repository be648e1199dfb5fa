"""CDA/CPA contract: every recorded ``cda_*.json`` request replayed against equivalent data.

The recorded items are turned back into CMA documents (the storage contract), stored, and the
same request is sent to the sandbox. Responses must match the recording in shape and, where the
data is the same, in value. Keys Contentful added after a recording was made (``metadata``,
``sys.environment``, ``sys.publishedVersion``) are dropped from our answer when the recording
lacks them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from sandbox.contentful.common import (
    KIND_ASSET,
    KIND_CONTENT_TYPE,
    KIND_ENTRY,
    KIND_LOCALE,
)
from sandbox.server import Sandbox
from tests.conftest import SandboxFactory, load_fixture
from tests.shapes import shape_diff

MODERN_KEYS = {"metadata", "environment", "publishedVersion"}
DELIVERY = "dev-delivery-token"
PREVIEW = "dev-preview-token"


# ---- helpers shared by the other test_contentful_cda_* modules ---------------------------------


def locale_doc(
    code: str, fallback: str | None = None, default: bool = False, cda: bool = True
) -> dict[str, Any]:
    """A CMA Locale document."""
    return {
        "code": code,
        "name": code,
        "default": default,
        "fallbackCode": fallback,
        "contentDeliveryApi": cda,
        "contentManagementApi": True,
        "optional": not default,
        "internal_code": code,
        "sys": {"id": f"loc-{code}", "type": "Locale", "version": 1},
    }


def content_type_doc(
    id: str, fields: list[dict[str, Any]], display: str | None = None
) -> dict[str, Any]:
    """A published CMA ContentType document; field specs get the CMA defaults."""
    full = [
        {
            "name": f["id"],
            "type": "Symbol",
            "localized": True,
            "required": False,
            "validations": [],
            "disabled": False,
            "omitted": False,
            **f,
        }
        for f in fields
    ]
    return {
        "sys": _sys(id, "ContentType", "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", 1),
        "displayField": display or (fields[0]["id"] if fields else None),
        "name": id.title(),
        "description": "",
        "fields": full,
    }


def _sys(id: str, type: str, created: str, updated: str, revision: int) -> dict[str, Any]:
    sys: dict[str, Any] = {
        "id": id,
        "type": type,
        "createdAt": created,
        "updatedAt": updated,
        "version": revision * 2 + 1,
        "space": {"sys": {"type": "Link", "linkType": "Space", "id": "x"}},
    }
    if revision:
        sys.update(
            publishedVersion=revision * 2,
            publishedCounter=revision,
            publishedAt=updated,
            firstPublishedAt=created,
        )
    return sys


def entry_doc(
    id: str, ct: str, fields: dict[str, dict[str, Any]], revision: int = 1, **extra: Any
) -> dict[str, Any]:
    """A CMA Entry document (``fields[field][locale]``); revision 0 means never published."""
    sys = _sys(id, "Entry", "2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z", revision)
    sys["contentType"] = {"sys": {"type": "Link", "linkType": "ContentType", "id": ct}}
    sys.update(extra)
    return {"metadata": {"tags": [], "concepts": []}, "sys": sys, "fields": fields}


def asset_doc(id: str, fields: dict[str, dict[str, Any]], revision: int = 1) -> dict[str, Any]:
    """A CMA Asset document."""
    sys = _sys(id, "Asset", "2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z", revision)
    return {"metadata": {"tags": [], "concepts": []}, "sys": sys, "fields": fields}


def put(box: Sandbox, kind: str, doc: dict[str, Any], published: bool = True) -> None:
    """Store a CMA doc; published docs get an identical snapshot, drafts none."""
    assert box.context is not None
    box.context.store.put(kind, doc["sys"]["id"], doc, published=doc if published else None)


def set_locales(box: Sandbox, *docs: dict[str, Any]) -> None:
    """Replace the space's locales (the CMA gives an empty space en-US on start)."""
    assert box.context is not None
    store = box.context.store
    for old in store.all(KIND_LOCALE):
        store.delete(KIND_LOCALE, old["sys"]["id"])
    for doc in docs:
        store.put(KIND_LOCALE, doc["sys"]["id"], doc)


def link(link_type: str, id: str) -> dict[str, Any]:
    """A Link object."""
    return {"sys": {"type": "Link", "linkType": link_type, "id": id}}


def get(
    box: Sandbox, path: str, token: str = DELIVERY, api: str = "cda", **params: Any
) -> httpx.Response:
    """GET on the CDA (or ``api="preview"``) under the configured space and environment."""
    assert box.context is not None
    config = box.context.config
    base = f"{box.urls[api]}/spaces/{config.space_id}/environments/{config.environment}"
    return httpx.get(f"{base}{path}", params=params, headers={"Authorization": f"Bearer {token}"})


# ---- recorded items back into CMA documents --------------------------------------------------


def cma_from_cda(item: dict[str, Any], star: bool, published: bool = True) -> dict[str, Any]:
    """A recorded CDA item as the CMA document that would deliver it."""
    rsys = item["sys"]
    locale = rsys.get("locale", "en-US")
    fields = item.get("fields", {})
    cma_fields = fields if star else {k: {locale: v} for k, v in fields.items()}
    sys: dict[str, Any] = {
        "id": rsys["id"],
        "type": rsys["type"],
        "createdAt": rsys["createdAt"],
        "updatedAt": rsys["updatedAt"],
        "version": 9,
    }
    if published:
        sys.update(
            publishedVersion=rsys.get("publishedVersion", 8),
            publishedAt=rsys["updatedAt"],
            firstPublishedAt=rsys["createdAt"],
            publishedCounter=rsys["revision"],
        )
    if "contentType" in rsys:
        sys["contentType"] = rsys["contentType"]
    return {"metadata": item.get("metadata", {"tags": []}), "sys": sys, "fields": cma_fields}


def load_recording(
    box: Sandbox, body: dict[str, Any], star: bool, drafts: Collection[str] = ()
) -> None:
    """Store the items and includes of a recorded collection, plus locales and content types."""
    items = list(body.get("items", []))
    for kind in ("Entry", "Asset"):
        items += body.get("includes", {}).get(kind, [])
    codes = {"en-US"} | {c for i in items for v in i.get("fields", {}).values() if star for c in v}
    set_locales(box, *(locale_doc(code, default=code == "en-US") for code in sorted(codes)))
    for ct, names in _content_types(items).items():
        put(box, KIND_CONTENT_TYPE, content_type_doc(ct, [{"id": n} for n in names]))
    for item in items:
        kind = KIND_ENTRY if item["sys"]["type"] == "Entry" else KIND_ASSET
        draft = item["sys"]["id"] in drafts
        put(box, kind, cma_from_cda(item, star, published=not draft), published=not draft)


def _content_types(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in items:
        if item["sys"]["type"] == "Entry":
            names = found.setdefault(item["sys"]["contentType"]["sys"]["id"], [])
            names += [n for n in item.get("fields", {}) if n not in names]
    return found


def era(actual: Any, recorded: Any) -> Any:
    """Our answer without the keys Contentful added after ``recorded`` was made."""
    if isinstance(actual, dict) and isinstance(recorded, dict):
        return {
            k: era(v, recorded.get(k))
            for k, v in actual.items()
            if not (k in MODERN_KEYS and k not in recorded)
        }
    if isinstance(actual, list) and isinstance(recorded, list) and recorded:
        return [era(v, recorded[0]) for v in actual]
    return actual


def normalized(body: dict[str, Any]) -> dict[str, Any]:
    """A collection with includes sorted by id, for value comparison."""
    out = dict(body)
    if "includes" in out:
        out["includes"] = {
            k: sorted(v, key=lambda i: i["sys"]["id"]) for k, v in out["includes"].items()
        }
    return out


def _recorded(name: str, index: int = 0) -> dict[str, Any]:
    interaction: dict[str, Any] = load_fixture("contentful", name)["interactions"][index]
    return interaction


def _replay(box: Sandbox, uri: str, api: str = "cda", token: str = DELIVERY) -> httpx.Response:
    parts = urlsplit(uri)
    return httpx.get(
        f"{box.urls[api]}{parts.path}?{parts.query}", headers={"Authorization": f"Bearer {token}"}
    )


def _space_of(uri: str) -> str:
    return urlsplit(uri).path.split("/")[2]


def _respace(value: Any, space: str) -> Any:
    # One recording (2025) names another space in sys.space than in its URI; we answer the URI's.
    if isinstance(value, dict):
        if value.get("sys", {}).get("linkType") == "Space":
            return link("Space", space)
        return {k: _respace(v, space) for k, v in value.items()}
    return [_respace(v, space) for v in value] if isinstance(value, list) else value


def _assert_same(recorded: dict[str, Any], response: httpx.Response) -> None:
    assert response.status_code == recorded["response"]["status"]["code"], response.text
    want = _respace(recorded["response"]["body"], _space_of(recorded["request"]["uri"]))
    got = era(response.json(), want)
    assert shape_diff(normalized(want), normalized(got)) == []
    assert normalized(got) == normalized(want)


# ---- the contract tests ----------------------------------------------------------------------

REPLAYS = [
    ("cda_entries_single_locale_include2.json", 0, False),
    ("cda_entries_locale_star_includes.json", 0, True),
    ("cda_entries_locale_star_localized_links.json", 0, True),
    ("cda_asset_locale_star_vs_es.json", 0, True),
    ("cda_entry_empty_fields.json", 0, False),
    ("cda_entry_modern_2025.json", 0, False),
    ("cda_unresolvable_link_errors.json", 0, False),
]


@pytest.mark.parametrize(("name", "index", "star"), REPLAYS)
def test_recorded_collection_replays_identically(
    make_sandbox: SandboxFactory, name: str, index: int, star: bool
) -> None:
    recorded = _recorded(name, index)
    box = make_sandbox(seed=False, space_id=_space_of(recorded["request"]["uri"]))
    load_recording(box, recorded["response"]["body"], star)
    _assert_same(recorded, _replay(box, recorded["request"]["uri"]))


def test_asset_in_one_locale_replays_the_es_recording(make_sandbox: SandboxFactory) -> None:
    star, single = (
        _recorded("cda_asset_locale_star_vs_es.json", 0),
        _recorded("cda_asset_locale_star_vs_es.json", 1),
    )
    box = make_sandbox(seed=False, space_id=_space_of(single["request"]["uri"]))
    load_recording(box, star["response"]["body"], star=True)
    _assert_same(single, _replay(box, single["request"]["uri"]))


def test_draft_link_is_an_error_on_the_cda_and_an_include_on_preview(
    make_sandbox: SandboxFactory,
) -> None:
    cda, cpa = (
        _recorded("cda_vs_preview_draft_link.json", 0),
        _recorded("cda_vs_preview_draft_link.json", 1),
    )
    box = make_sandbox(seed=False, space_id=_space_of(cda["request"]["uri"]))
    child = cpa["response"]["body"]["includes"]["Entry"][0]["sys"]["id"]
    load_recording(box, cpa["response"]["body"], star=False, drafts={child})
    got_cda = era(_replay(box, cda["request"]["uri"]).json(), cda["response"]["body"])
    assert shape_diff(cda["response"]["body"], got_cda) == []
    assert got_cda["errors"] == cda["response"]["body"]["errors"]
    got_cpa = _replay(box, cpa["request"]["uri"], api="preview", token=PREVIEW)
    assert shape_diff(cpa["response"]["body"], era(got_cpa.json(), cpa["response"]["body"])) == []
    assert [e["sys"]["id"] for e in got_cpa.json()["includes"]["Entry"]] == [child]
    assert "errors" not in got_cpa.json()


def test_rich_text_targets_are_resolved_and_missing_ones_are_errors(
    make_sandbox: SandboxFactory,
) -> None:
    recorded = _recorded("rich_text_cda_entry_all_node_types.json")
    body = recorded["response"]["body"]
    box = make_sandbox(seed=False, space_id=_space_of(recorded["request"]["uri"]))
    load_recording(box, body, star=False)
    _assert_same(recorded, _replay(box, recorded["request"]["uri"]))
    got = get(box, "/entries", **{"sys.id": body["items"][0]["sys"]["id"], "include": 2}).json()
    missing = {e["details"]["id"] for e in got["errors"]}
    assert missing == {"49rofLvvxCOiIMIi6mk8ai", "5ZF9Q4K6iWSYIU2OUs0UaQ", "q2hGXkd5tICym64AcgeKK"}


def test_locales_replay(make_sandbox: SandboxFactory) -> None:
    recorded = _recorded("cda_locales.json")
    box = make_sandbox(
        seed=False, space_id=_space_of(recorded["request"]["uri"]), environment="testing"
    )
    docs = [{**i, "contentDeliveryApi": True} for i in recorded["response"]["body"]["items"]]
    set_locales(box, *docs, locale_doc("hidden", cda=False))
    _assert_same(recorded, _replay(box, recorded["request"]["uri"]))


@pytest.fixture
def cat_box(make_sandbox: SandboxFactory) -> Iterator[Sandbox]:
    """The nyancat space of the error recordings."""
    recorded = _recorded("cda_entries_single_locale_include2.json")
    box = make_sandbox(seed=False, space_id="cfexampleapi")
    load_recording(box, recorded["response"]["body"], star=False)
    yield box


@pytest.mark.parametrize("index", [0, 1, 3])
def test_recorded_errors_have_the_recorded_shape(cat_box: Sandbox, index: int) -> None:
    recorded = _recorded("cda_errors.json", index)
    response = _replay(cat_box, recorded["request"]["uri"])
    assert response.status_code == recorded["response"]["status"]["code"]
    assert response.headers["content-type"] == "application/vnd.contentful.delivery.v1+json"
    assert shape_diff(recorded["response"]["body"], response.json()) == []
    assert response.json()["sys"] == recorded["response"]["body"]["sys"]


def test_wrong_token_is_the_recorded_401(cat_box: Sandbox) -> None:
    recorded = _recorded("cda_errors.json", 2)
    response = _replay(cat_box, recorded["request"]["uri"], token="wrong")
    assert response.status_code == 401
    assert shape_diff(recorded["response"]["body"], response.json()) == []
    assert response.json()["message"] == recorded["response"]["body"]["message"]


def test_headers_match_the_modern_recording(cat_box: Sandbox) -> None:
    response = get(cat_box, "/entries", **{"sys.id": "nyancat"})
    headers = response.headers
    assert headers["content-type"] == "application/vnd.contentful.delivery.v1+json"
    assert headers["cache-control"] == "max-age=0"
    assert headers["etag"].startswith('W/"')
    assert headers["contentful-api"] == "cda"
    assert len(headers["x-contentful-request-id"]) >= 16
    assert int(headers["x-contentful-ratelimit-second-limit"]) > 0
    preview = get(cat_box, "/entries", token=PREVIEW, api="preview")
    assert preview.headers["contentful-api"] == "cpa"
