"""What the official JavaScript SDKs ask of the sandbox beyond entries: tags, cursor pages,
``/spaces/<id>/`` with a trailing slash, and reason phrases as Express and Contentful write them.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from sandbox.server import Sandbox

ENV = "/spaces/sandboxspace/environments/master"


def _cda(box: Sandbox, path: str, api: str = "cda", **params: Any) -> httpx.Response:
    token = box.config.preview_token if api == "preview" else box.config.delivery_token
    return httpx.get(
        f"{box.urls[api]}{path}", params=params, headers={"Authorization": f"Bearer {token}"}
    )


@pytest.fixture
def cma(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sandbox.config.management_token}"}
    with httpx.Client(base_url=sandbox.urls["cma"] + ENV, headers=headers) as client:
        yield client


def _status_line(url: str, path: str) -> str:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
    conn.request("GET", path)
    response = conn.getresponse()
    conn.close()
    return f"{response.status} {response.reason}"


@pytest.mark.parametrize(
    ("api", "path", "line"),
    [
        ("cda", f"{ENV}/entries", "401 Unauthorized"),
        ("cda", "/nowhere", "401 Unauthorized"),
        ("cma", f"{ENV}/entries", "401 Unauthorized"),
        ("medusa", "/store/nowhere", "404 Not Found"),
        ("medusa", "/health", "200 OK"),
    ],
)
def test_status_lines_carry_title_case_reason_phrases(
    sandbox: Sandbox, api: str, path: str, line: str
) -> None:
    assert _status_line(sandbox.urls[api], path) == line


def test_a_missing_entry_is_404_not_found_on_the_wire(sandbox: Sandbox) -> None:
    r = _cda(sandbox, f"{ENV}/entries/nope")
    assert r.status_code == 404 and r.reason_phrase == "Not Found"


def test_get_space_answers_with_and_without_a_trailing_slash(sandbox: Sandbox) -> None:
    bare, slash = _cda(sandbox, "/spaces/sandboxspace"), _cda(sandbox, "/spaces/sandboxspace/")
    assert bare.status_code == slash.status_code == 200
    assert slash.json() == bare.json() and slash.json()["sys"]["type"] == "Space"


def _token(url: str, key: str) -> str:
    return parse_qs(urlsplit(url).query)[key][0]


def test_cursor_pages_walk_the_same_entries_as_skip_pages(sandbox: Sandbox) -> None:
    everything = _cda(sandbox, f"{ENV}/entries", limit=1000).json()["items"]
    page = _cda(sandbox, f"{ENV}/entries", cursor="true", limit=3).json()
    assert "total" not in page and "skip" not in page and page["limit"] == 3
    assert set(page["pages"]) == {"next"} and page["pages"]["next"].startswith(f"{ENV}/entries?")
    seen, pages = list(page["items"]), [page]
    while "next" in page["pages"]:
        cursor = _token(page["pages"]["next"], "pageNext")
        page = _cda(sandbox, f"{ENV}/entries", cursor="true", limit=3, pageNext=cursor).json()
        seen += page["items"]
        pages.append(page)
    assert [e["sys"]["id"] for e in seen] == [e["sys"]["id"] for e in everything]
    back = _token(pages[-1]["pages"]["prev"], "pagePrev")
    previous = _cda(sandbox, f"{ENV}/entries", cursor="true", limit=3, pagePrev=back).json()
    assert previous["items"] == pages[-2]["items"]


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "true", "skip": "3"},
        {"cursor": "yes"},
        {"pageNext": "abc"},
        {"cursor": "true", "pageNext": "!!"},
    ],
)
def test_bad_cursor_requests_are_400(sandbox: Sandbox, params: dict[str, str]) -> None:
    r = _cda(sandbox, f"{ENV}/entries", **params)
    assert r.status_code == 400 and r.json()["sys"]["id"] == "InvalidQuery"


def _put_tag(
    cma: httpx.Client, id: str, name: str, visibility: str | None = None, version: int | None = None
) -> httpx.Response:
    headers = {} if visibility is None else {"X-Contentful-Tag-Visibility": visibility}
    if version is not None:
        headers["X-Contentful-Version"] = str(version)
    body = {"name": name, "sys": {"id": id, "visibility": visibility or "private"}}
    return cma.put(f"/tags/{id}", content=json.dumps(body), headers=headers)


def test_tags_are_created_renamed_and_deleted_with_versions(
    sandbox: Sandbox, cma: httpx.Client
) -> None:
    created = _put_tag(cma, "summer", "Summer", "public")
    assert created.status_code == 201, created.text
    sys = created.json()["sys"]
    assert (sys["type"], sys["visibility"], sys["version"]) == ("Tag", "public", 1)
    assert sys["space"]["sys"]["id"] == "sandboxspace" and sys["environment"]["sys"]["id"]
    assert _put_tag(cma, "secret", "Secret").status_code == 201  # private by default
    assert _put_tag(cma, "summer", "Again", "public").status_code == 409  # exists
    assert _put_tag(cma, "other", "Summer", "public").status_code == 422  # name taken
    assert _put_tag(cma, "summer", "Summer 26", version=7).status_code == 409
    renamed = _put_tag(cma, "summer", "Summer 26", version=1)
    assert renamed.json()["name"] == "Summer 26" and renamed.json()["sys"]["version"] == 2
    listed = cma.get("/tags").json()
    assert listed["total"] == 2 and [t["sys"]["id"] for t in listed["items"]] == [
        "summer", "secret"
    ]  # fmt: skip

    cda = _cda(sandbox, f"{ENV}/tags").json()
    assert [t["sys"]["id"] for t in cda["items"]] == ["summer"]  # private stays in the CMA
    assert _cda(sandbox, f"{ENV}/tags/summer").json()["name"] == "Summer 26"
    assert _cda(sandbox, f"{ENV}/tags/secret").status_code == 404
    assert _cda(sandbox, f"{ENV}/tags", "preview").json()["total"] == 1

    assert cma.delete("/tags/summer", headers={"X-Contentful-Version": "1"}).status_code == 409
    assert cma.delete("/tags/summer", headers={"X-Contentful-Version": "2"}).status_code == 204
    assert cma.get("/tags/summer").status_code == 404
