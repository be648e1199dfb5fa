"""CMA rate limiting (headers, 429, live setting), asset processing, and the Contentful seed."""

from __future__ import annotations

import base64
import time

import httpx

from sandbox.contentful.cma.validation import check_entry_fields
from sandbox.contentful.common import KIND_ASSET, KIND_CONTENT_TYPE, KIND_ENTRY, KIND_LOCALE
from sandbox.seed.catalog import CATALOG
from sandbox.server import Sandbox
from tests.conftest import SandboxFactory

MT = "application/vnd.contentful.management.v1+json"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>'


def _env(box: Sandbox) -> tuple[str, dict[str, str]]:
    env = f"{box.urls['cma']}/spaces/{box.config.space_id}/environments/master"
    return env, {"Authorization": f"Bearer {box.config.management_token}", "Content-Type": MT}


def test_every_answer_carries_the_rate_limit_headers(empty_sandbox: Sandbox) -> None:
    env, auth = _env(empty_sandbox)
    for r in (httpx.get(f"{env}/entries", headers=auth), httpx.get(f"{env}/entries/x"),
              httpx.get(f"{env}/nope", headers=auth)):  # fmt: skip
        assert r.headers["X-Contentful-RateLimit-Hour-Limit"] == "36000"
        assert int(r.headers["X-Contentful-RateLimit-Hour-Remaining"]) < 36000
        assert r.headers["X-Contentful-RateLimit-Reset"] == "0"
        assert int(r.headers["X-Contentful-RateLimit-Second-Remaining"]) >= 0
        assert r.headers["Content-Type"] == MT


def test_429_when_over_the_limit_then_success_after_reset(make_sandbox: SandboxFactory) -> None:
    box = make_sandbox(seed=False, cma_rate_limit=3)
    env, auth = _env(box)
    with httpx.Client(headers=auth) as client:
        _start_of_second()
        answers = [client.get(f"{env}/entries") for _ in range(5)]
        limited = [r for r in answers if r.status_code == 429]
        assert [r.status_code for r in answers[:3]] == [200, 200, 200] and len(limited) == 2
        r = limited[0]
        assert r.json()["sys"] == {"type": "Error", "id": "RateLimitExceeded"}
        assert r.headers["X-Contentful-RateLimit-Second-Limit"] == "3"
        assert r.headers["X-Contentful-RateLimit-Second-Remaining"] == "0"
        reset = int(r.headers["X-Contentful-RateLimit-Reset"])
        assert reset >= 1
        time.sleep(reset)
        assert client.get(f"{env}/entries").status_code == 200


def test_the_limit_changes_live(empty_sandbox: Sandbox) -> None:
    env, auth = _env(empty_sandbox)
    control = f"{empty_sandbox.urls['cma']}/_sandbox/ratelimit"
    assert httpx.get(control).json() == {"per_second": 0}
    assert httpx.post(control, json={"per_second": -1}).status_code == 400
    assert httpx.post(control, json={"per_second": 1}).json() == {"per_second": 1}
    with httpx.Client(headers=auth) as client:
        _start_of_second()
        codes = [client.get(f"{env}/locales").status_code for _ in range(3)]
        assert codes == [200, 429, 429]
        httpx.post(control, json={"per_second": 0})
        assert all(client.get(f"{env}/locales").status_code == 200 for _ in range(5))


def _start_of_second() -> None:
    # Counting is per calendar second: start early in one so a burst stays inside it.
    time.sleep(1 - time.time() % 1 + 0.01)


def test_asset_upload_is_processed_and_served_by_the_cda(empty_sandbox: Sandbox) -> None:
    env, auth = _env(empty_sandbox)
    upload = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    file = {"fileName": "a b.svg", "contentType": "image/svg+xml", "upload": upload}
    body = {"fields": {"title": {"en-US": "Pic"}, "file": {"en-US": file}}}
    r = httpx.put(f"{env}/assets/pic", headers=auth, json=body)
    assert r.status_code == 201 and r.json()["sys"]["version"] == 1
    bad = httpx.put(f"{env}/assets/pic2", headers=auth, json={"fields": {"file": {"en-US": 3}}})
    assert bad.status_code == 422
    r = httpx.put(
        f"{env}/assets/pic/files/en-US/process", headers={**auth, "X-Contentful-Version": "1"}
    )
    assert r.status_code == 204
    asset = httpx.get(f"{env}/assets/pic", headers=auth).json()
    processed = asset["fields"]["file"]["en-US"]
    assert "upload" not in processed and asset["sys"]["version"] == 2
    assert processed["details"] == {"size": len(SVG), "image": {"width": 40, "height": 30}}
    cda_host = empty_sandbox.urls["cda"].removeprefix("http://")
    space = empty_sandbox.config.space_id
    assert processed["url"] == f"//{cda_host}/_files/{space}/pic/a%20b.svg"
    served = httpx.get("http:" + processed["url"])
    assert served.status_code == 200 and served.content == SVG
    again = dict(file, upload="http:" + processed["url"], fileName="copy.svg")
    httpx.put(f"{env}/assets/pic", headers={**auth, "X-Contentful-Version": "2"},
              json={"fields": {"file": {"en-US": again}}})  # fmt: skip
    assert httpx.put(f"{env}/assets/pic/files/en-US/process", headers=auth).status_code == 204
    outside = dict(file, upload="https://example.com/x.svg")
    httpx.put(f"{env}/assets/pic", headers={**auth, "X-Contentful-Version": "4"},
              json={"fields": {"file": {"en-US": outside}}})  # fmt: skip
    assert httpx.put(f"{env}/assets/pic/files/en-US/process", headers=auth).status_code == 422
    publish = httpx.put(
        f"{env}/assets/pic/published", headers={**auth, "X-Contentful-Version": "5"}
    )
    assert publish.json()["sys"]["publishedVersion"] == 5
    assert httpx.delete(f"{env}/assets/pic", headers=auth).status_code == 400
    assert httpx.delete(f"{env}/assets/pic/published", headers=auth).status_code == 200
    assert httpx.put(f"{env}/assets/pic/archived", headers=auth).status_code == 200
    assert httpx.delete(f"{env}/assets/pic", headers=auth).status_code == 204


def test_seed_loads_locales_type_assets_and_published_entries(sandbox: Sandbox) -> None:
    assert sandbox.context is not None
    store = sandbox.context.store
    codes = [loc["code"] for loc in store.all(KIND_LOCALE)]
    assert codes == [loc["code"] for loc in CATALOG["locales"]]
    ct = store.get_published(KIND_CONTENT_TYPE, "product")
    assert ct is not None and ct["displayField"] == "title" and ct["sys"]["version"] == 2
    assert {f["id"] for f in ct["fields"]} >= {"medusaId", "richDescription", "heroImage"}
    with_content = [p for p in CATALOG["products"] if p.get("content")]
    entries = [
        e
        for e in store.all_published(KIND_ENTRY)
        if e["sys"]["contentType"]["sys"]["id"] == "product"
    ]
    assert len(entries) == len(with_content) == len(store.all_published(KIND_ASSET))
    for entry in entries:
        check_entry_fields(entry["fields"], ct["fields"], codes, "en-US")  # raises on a bad value
        assert entry["sys"]["version"] == entry["sys"]["publishedVersion"] + 1
        assert entry["fields"]["medusaId"]["en-US"] == entry["sys"]["id"]
    env, auth = _env(sandbox)
    first = entries[0]
    listed = httpx.get(f"{env}/entries?content_type=product&fields.medusaId={first['sys']['id']}",
                       headers=auth).json()  # fmt: skip
    assert [e["sys"]["id"] for e in listed["items"]] == [first["sys"]["id"]]
    hero = first["fields"]["heroImage"]["en-US"]["sys"]["id"]
    asset = httpx.get(f"{env}/assets/{hero}", headers=auth).json()
    picture = httpx.get("http:" + asset["fields"]["file"]["en-US"]["url"])
    assert picture.status_code == 200 and picture.content.startswith(b"<svg")
