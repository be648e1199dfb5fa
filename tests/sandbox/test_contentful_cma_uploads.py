"""The Upload API and processing an asset's files in several locales at once.

``processForAllLocales`` in contentful-management.js sends one process request per locale, in
parallel, all carrying the version it read: every locale must be processed, none refused.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox

ENV = "/spaces/sandboxspace/environments/master"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>'


@pytest.fixture
def cma(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sandbox.config.management_token}"}
    with httpx.Client(base_url=sandbox.urls["cma"], headers=headers) as client:
        yield client


def _upload(cma: httpx.Client, data: bytes, path: str = ENV) -> dict[str, Any]:
    r = cma.post(
        f"{path}/uploads", content=data, headers={"Content-Type": "application/octet-stream"}
    )
    assert r.status_code == 201, r.text
    doc: dict[str, Any] = r.json()
    return doc


def _file(upload: dict[str, Any], name: str) -> dict[str, Any]:
    link = {"sys": {"type": "Link", "linkType": "Upload", "id": upload["sys"]["id"]}}
    return {"fileName": name, "contentType": "image/svg+xml", "uploadFrom": link}


def test_an_upload_is_a_resource_that_expires_and_can_be_deleted(cma: httpx.Client) -> None:
    upload = _upload(cma, SVG)
    sys = upload["sys"]
    assert sys["type"] == "Upload" and sys["space"]["sys"]["id"] == "sandboxspace"
    assert sys["environment"]["sys"]["id"] == "master"
    assert sys["expiresAt"] > sys["createdAt"]
    assert cma.get(f"{ENV}/uploads/{sys['id']}").json() == upload
    space_level = _upload(cma, SVG, "/spaces/sandboxspace")
    assert "environment" not in space_level["sys"]
    assert cma.delete(f"{ENV}/uploads/{sys['id']}").status_code == 204
    assert cma.get(f"{ENV}/uploads/{sys['id']}").status_code == 404
    empty = cma.post(f"{ENV}/uploads", content=b"")
    assert empty.status_code == 400 and empty.json()["sys"]["id"] == "BadRequest"


def _asset_in_two_locales(cma: httpx.Client) -> dict[str, Any]:
    files = {
        "en-US": _file(_upload(cma, SVG), "en.svg"),
        "de-DE": _file(_upload(cma, SVG.replace(b'"4"', b'"8"')), "de.svg"),
    }
    body = {"fields": {"title": {"en-US": "Two"}, "file": files}}
    r = cma.post(f"{ENV}/assets", content=json.dumps(body))
    assert r.status_code == 201, r.text
    doc: dict[str, Any] = r.json()
    return doc


def test_processing_every_locale_in_parallel_with_one_version_keeps_every_locale(
    sandbox: Sandbox, cma: httpx.Client
) -> None:
    asset = _asset_in_two_locales(cma)
    path, version = f"{ENV}/assets/{asset['sys']['id']}", str(asset["sys"]["version"])
    results: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def process(locale: str) -> None:
        barrier.wait()
        r = cma.put(f"{path}/files/{locale}/process", headers={"X-Contentful-Version": version})
        results[locale] = r.status_code

    threads = [threading.Thread(target=process, args=(loc,)) for loc in ("en-US", "de-DE")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"en-US": 204, "de-DE": 204}
    done = cma.get(path).json()
    files = done["fields"]["file"]
    assert set(files) == {"en-US", "de-DE"} and done["sys"]["version"] == 3
    assert files["de-DE"]["details"]["image"] == {"width": 8, "height": 3}
    assert all("uploadFrom" not in f and f["url"].startswith("//") for f in files.values())
    served = httpx.get("http:" + files["en-US"]["url"])
    assert served.status_code == 200 and served.content == SVG


def test_a_process_after_another_save_needs_the_new_version(cma: httpx.Client) -> None:
    asset = _asset_in_two_locales(cma)
    path = f"{ENV}/assets/{asset['sys']['id']}"
    ok = cma.put(f"{path}/files/en-US/process", headers={"X-Contentful-Version": "1"})
    assert ok.status_code == 204
    current = cma.get(path).json()
    current["fields"]["title"]["en-US"] = "Renamed"
    saved = cma.put(
        path, content=json.dumps({"fields": current["fields"]}),
        headers={"X-Contentful-Version": str(current["sys"]["version"])},
    )  # fmt: skip
    assert saved.status_code == 200
    stale = cma.put(f"{path}/files/de-DE/process", headers={"X-Contentful-Version": "1"})
    assert stale.status_code == 409
    fresh = cma.put(
        f"{path}/files/de-DE/process",
        headers={"X-Contentful-Version": str(saved.json()["sys"]["version"])},
    )
    assert fresh.status_code == 204


def test_an_unknown_or_deleted_upload_cannot_be_processed(cma: httpx.Client) -> None:
    upload = _upload(cma, SVG)
    body = {"fields": {"title": {"en-US": "x"}, "file": {"en-US": _file(upload, "x.svg")}}}
    asset = cma.post(f"{ENV}/assets", content=json.dumps(body)).json()
    cma.delete(f"{ENV}/uploads/{upload['sys']['id']}")
    r = cma.put(f"{ENV}/assets/{asset['sys']['id']}/files/en-US/process")
    assert r.status_code == 422
    assert cma.get(f"{ENV}/assets/{asset['sys']['id']}").json()["sys"]["version"] == 1


def test_an_upload_url_served_by_the_sandbox_medusa_is_fetched_during_the_write(
    sandbox: Sandbox, cma: httpx.Client
) -> None:
    # The process request holds the store's write transaction while it fetches the picture
    # from the Medusa stand-in, which reads the same store: that read must not wait for it.
    url = f"{sandbox.urls['medusa']}/static/organic-cotton-tshirt.svg"
    file = {"fileName": "shirt.svg", "contentType": "image/svg+xml", "upload": url}
    body = {"fields": {"title": {"en-US": "Shirt"}, "file": {"en-US": file}}}
    asset = cma.post(f"{ENV}/assets", content=json.dumps(body)).json()
    r = cma.put(f"{ENV}/assets/{asset['sys']['id']}/files/en-US/process", timeout=20)
    assert r.status_code == 204, r.text
    assert r.elapsed.total_seconds() < 3


def test_the_python_sdk_uploads_and_processes_two_locales(sandbox: Sandbox) -> None:
    import io

    from contentful_management import Client

    host = sandbox.urls["cma"].removeprefix("http://")
    client = Client(
        sandbox.config.management_token, api_url=host, uploads_api_url=host, https=False,
        max_rate_limit_retries=0,
    )  # fmt: skip
    uploads = [
        client.uploads("sandboxspace").create(io.BytesIO(SVG.replace(b'"4"', w)))
        for w in (b'"5"', b'"6"')
    ]
    link = [u.to_link().to_json() for u in uploads]
    files = {
        "en-US": {"fileName": "en.svg", "contentType": "image/svg+xml", "uploadFrom": link[0]},
        "de-DE": {"fileName": "de.svg", "contentType": "image/svg+xml", "uploadFrom": link[1]},
    }
    environment = client.environments("sandboxspace").find("master")
    asset = environment.assets().create(
        None, {"fields": {"title": {"en-US": "Py", "de-DE": "Py"}, "file": files}}
    )
    asset.process()  # one request per locale, each with the version the object holds
    fresh = environment.assets().find(asset.id)
    widths = {loc: f["details"]["image"]["width"] for loc, f in fresh.raw["fields"]["file"].items()}
    assert widths == {"en-US": 5, "de-DE": 6}
