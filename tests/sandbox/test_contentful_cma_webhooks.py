"""Webhooks from the sandbox CMA: topics, filters, headers, signatures, payloads, retries, calls."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from sandbox.contentful.cma import signing
from sandbox.server import Sandbox
from tests.conftest import SandboxFactory, load_fixture

MT = "application/vnd.contentful.management.v1+json"
SECRET = "s3cr3t-" + "x" * 57


class Receiver:
    """A local HTTP server that records webhook calls and answers with scripted statuses."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.port}/hooks/contentful"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.calls.append(
            {"method": request.method, "path": request.full_path.rstrip("?"),
             "headers": dict(request.headers), "body": request.get_data(as_text=True)}
        )  # fmt: skip
        status = self.statuses.pop(0) if self.statuses else 200
        return Response("ok", status=status)(environ, start_response)

    def wait(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.calls

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.stop()


class Api:
    def __init__(self, box: Sandbox) -> None:
        self.space = f"{box.urls['cma']}/spaces/{box.config.space_id}"
        self.env = f"{self.space}/environments/master"
        self.auth = {"Authorization": f"Bearer {box.config.management_token}", "Content-Type": MT}

    def __call__(self, method: str, url: str, body: Any = None, **headers: str) -> httpx.Response:
        extra = {k.replace("_", "-"): v for k, v in headers.items()}
        base = self.space if url.startswith(("/webhook", "/webhooks")) else self.env
        return httpx.request(method, base + url, json=body, headers={**self.auth, **extra})

    def setup_type(self) -> None:
        fields = [{"id": "title", "name": "Title", "type": "Symbol", "localized": True}]
        self("PUT", "/content_types/product", {"name": "Product", "fields": fields})
        self("PUT", "/content_types/product/published", X_Contentful_Version="1")

    def hook(self, url: str, **extra: Any) -> dict[str, Any]:
        body = {"name": "Storefront", "url": url, "topics": ["Entry.*"], **extra}
        r = self("POST", "/webhook_definitions", body)
        assert r.status_code == 201, r.text
        return dict(r.json())


def verify(call: dict[str, Any], secret: str) -> bool:
    """Check a received call's signature the way a receiver would.

    Wire facts: docs/reference/contentful-wire.md §3.3 (request verification).
    """
    headers = {k.lower(): v for k, v in call["headers"].items()}
    names = headers["x-contentful-signed-headers"].split(",")
    signed = {name: headers[name] for name in names}
    canonical = signing.canonical_string(call["method"], call["path"], signed, call["body"])
    expected = hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["x-contentful-signature"])


def test_signing_reproduces_the_official_test_vectors() -> None:
    for vector in load_fixture("contentful", "webhook_signature_test_vectors.json")["vectors"]:
        i = vector["input"]
        out = signing.sign(vector["secret"], i["method"], i["path"], i.get("headers", {}),
                           i.get("body", ""), vector["timestamp_ms"])  # fmt: skip
        assert out == vector["signed_headers_output"]
        signed = {
            **i.get("headers", {}),
            **{k: v for k, v in out.items() if k != "x-contentful-signature"},
        }
        canonical = signing.canonical_string(i["method"], i["path"], signed, i.get("body", ""))
        assert canonical == vector["canonical_string_signed"]


def test_entry_lifecycle_is_delivered_signed_and_shaped(
    make_sandbox: SandboxFactory, receiver: Receiver
) -> None:
    box = make_sandbox(seed=False, webhook_secret=SECRET)
    api = Api(box)
    api.setup_type()
    hook = api.hook(
        receiver.url + "?source=cf",
        headers=[{"key": "X-Shop", "value": "demo"},
                 {"key": "X-Token", "value": "t", "secret": True}],
        httpBasicUsername="user", httpBasicPassword="pass",
        filters=[{"equals": [{"doc": "sys.environment.sys.id"}, "master"]}],
    )  # fmt: skip
    assert "value" not in hook["headers"][1] and "httpBasicPassword" not in hook
    api("PUT", "/entries/p1", {"fields": {"title": {"en-US": "Shirt"}}},
        X_Contentful_Content_Type="product")  # fmt: skip
    api("PUT", "/entries/p1", {"fields": {"title": {"en-US": "Shirt!"}}}, X_Contentful_Version="1")
    api("PUT", "/entries/p1/published", X_Contentful_Version="2")
    api("DELETE", "/entries/p1/published")
    api("PUT", "/entries/p1/archived")
    api("DELETE", "/entries/p1/archived")
    assert api("DELETE", "/entries/p1").status_code == 204
    calls = receiver.wait(7)
    topics = [c["headers"]["X-Contentful-Topic"].split(".")[-1] for c in calls]
    assert topics == ["create", "save", "publish", "unpublish", "archive", "unarchive", "delete"]
    for call in calls:
        h = call["headers"]
        assert call["method"] == "POST" and call["path"] == "/hooks/contentful?source=cf"
        assert h["Content-Type"] == MT and h["X-Contentful-Webhook-Name"] == "Storefront"
        assert len(h["X-Contentful-Idempotency-Key"]) == 64
        assert h["X-Contentful-Crn"].endswith("/environments/master/entries/p1")
        assert h["X-Shop"] == "demo" and h["X-Token"] == "t"
        assert h["Authorization"] == "Basic " + base64.b64encode(b"user:pass").decode()
        assert len(h["X-Contentful-Timestamp"]) == 13
        assert {"x-contentful-topic", "content-type", "x-contentful-idempotency-key"} <= set(
            h["X-Contentful-Signed-Headers"].split(",")
        )
        assert verify(call, SECRET)
        assert not verify({**call, "body": call["body"] + " "}, SECRET)
    assert len({c["headers"]["X-Contentful-Idempotency-Key"] for c in calls}) == 7
    bodies = [json.loads(c["body"]) for c in calls]
    assert bodies[0]["sys"]["version"] == 1 and bodies[1]["fields"]["title"] == {"en-US": "Shirt!"}
    published = bodies[2]
    assert published["sys"]["revision"] == 1 and published["sys"]["type"] == "Entry"
    assert not {"version", "publishedVersion"} & published["sys"].keys()
    assert published["fields"] == {"title": {"en-US": "Shirt!"}}
    for deleted in (bodies[3], bodies[6]):
        assert deleted["sys"]["type"] == "DeletedEntry" and "deletedAt" in deleted["sys"]
        assert "fields" not in deleted
    assert bodies[4]["sys"]["archivedVersion"] == 4


def test_topics_and_filters_select_deliveries(empty_sandbox: Sandbox, receiver: Receiver) -> None:
    api = Api(empty_sandbox)
    api.setup_type()
    api.hook(receiver.url + "?h=publish", topics=["Entry.publish"])
    api.hook(receiver.url + "?h=other-type",
             filters=[{"equals": [{"doc": "sys.contentType.sys.id"}, "other"]}])  # fmt: skip
    api.hook(receiver.url + "?h=not-p1", filters=[{"not": {"equals": [{"doc": "sys.id"}, "p1"]}}])
    api.hook(receiver.url + "?h=in", topics=["*.*"],
             filters=[{"in": [{"doc": "sys.id"}, ["p1", "p2"]]}])  # fmt: skip
    api.hook(receiver.url + "?h=assets", topics=["Asset.*"])
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Content_Type="product")
    api("PUT", "/entries/p1/published", X_Contentful_Version="1")
    calls = receiver.wait(3)
    time.sleep(0.2)  # nothing else may arrive
    got = sorted((c["path"].split("h=")[1], c["headers"]["X-Contentful-Topic"]) for c in calls)
    assert got == [
        ("in", "ContentManagement.Entry.create"),
        ("in", "ContentManagement.Entry.publish"),
        ("publish", "ContentManagement.Entry.publish"),
    ]
    assert "X-Contentful-Signature" not in calls[0]["headers"]  # no secret configured


def test_retries_on_503_then_success_and_logs_every_attempt(
    empty_sandbox: Sandbox, receiver: Receiver
) -> None:
    api = Api(empty_sandbox)
    api.setup_type()
    hook = api.hook(receiver.url)
    receiver.statuses = [503, 429, 200]
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Content_Type="product")
    calls = receiver.wait(3)
    keys = {c["headers"]["X-Contentful-Idempotency-Key"] for c in calls}
    assert len(calls) == 3 and len(keys) == 1  # the same delivery, retried
    _wait_logged(api, hook["sys"]["id"], 3)
    log = api("GET", f"/webhooks/{hook['sys']['id']}/calls").json()
    assert sorted(item["statusCode"] for item in log["items"]) == [200, 429, 503]
    call_id = log["items"][0]["sys"]["id"]
    details = api("GET", f"/webhooks/{hook['sys']['id']}/calls/{call_id}").json()
    recorded = load_fixture("contentful", "webhook_call_entry_publish_recorded.json")
    expected = recorded["interactions"][0]["response"]["body"]
    assert details["sys"]["type"] == "WebhookCallDetails"
    assert set(details) == set(expected) and set(details["request"]) == set(expected["request"])
    health = api("GET", f"/webhooks/{hook['sys']['id']}/health").json()
    assert health["calls"] == {"total": 3, "healthy": 1}


def test_gives_up_after_three_attempts_and_never_retries_a_400(
    empty_sandbox: Sandbox, receiver: Receiver
) -> None:
    api = Api(empty_sandbox)
    api.setup_type()
    hook = api.hook(receiver.url)
    receiver.statuses = [503, 503, 503, 503, 400]
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Content_Type="product")
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Version="1")
    calls = receiver.wait(5)
    time.sleep(0.3)
    topics = [c["headers"]["X-Contentful-Topic"] for c in receiver.calls]
    assert topics == ["ContentManagement.Entry.create"] * 3 + ["ContentManagement.Entry.save"] * 2
    assert len(calls) == 5
    _wait_logged(api, hook["sys"]["id"], 5)


def test_unreachable_receiver_is_logged_as_an_error(empty_sandbox: Sandbox) -> None:
    api = Api(empty_sandbox)
    api.setup_type()
    hook = api.hook("http://127.0.0.1:9/nothing-listens")
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Content_Type="product")
    log = _wait_logged(api, hook["sys"]["id"], 3)
    assert all(item["statusCode"] == 0 and item["errors"] for item in log)


def test_signing_secret_api(empty_sandbox: Sandbox, receiver: Receiver) -> None:
    api = Api(empty_sandbox)
    url = "/webhook_settings/signing_secret"
    assert api("GET", url).status_code == 404
    assert api("PUT", url, {"value": "short"}).status_code == 422
    assert api("PUT", url, {"value": "!" * 64}).status_code == 422
    r = api("PUT", url, {"value": SECRET})
    assert r.status_code == 200 and SECRET not in r.text
    assert api("GET", url).json()["redactedValue"] == SECRET[-4:]
    api.setup_type()
    api.hook(receiver.url)
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Content_Type="product")
    assert verify(receiver.wait(1)[0], SECRET)
    assert api("DELETE", url).status_code == 204
    api("PUT", "/entries/p1", {"fields": {}}, X_Contentful_Version="1")
    assert "X-Contentful-Signature" not in receiver.wait(2)[1]["headers"]


def test_definition_crud(empty_sandbox: Sandbox) -> None:
    api = Api(empty_sandbox)
    hook = api.hook("https://example.com/a")
    id = hook["sys"]["id"]
    assert api("POST", "/webhook_definitions", {"name": "x", "url": "ftp://x", "topics": ["*.*"]}
               ).status_code == 422  # fmt: skip
    assert api("PUT", f"/webhook_definitions/{id}", {**hook, "name": "B"}).status_code == 409
    r = api("PUT", f"/webhook_definitions/{id}", {**hook, "name": "B"}, X_Contentful_Version="0")
    assert (r.json()["name"], r.json()["sys"]["version"]) == ("B", 1)
    r = api("PUT", "/webhook_definitions/mine", {**hook, "sys": None})
    assert r.status_code == 201 and r.json()["sys"]["id"] == "mine"
    assert api("GET", "/webhook_definitions").json()["total"] == 2
    assert api("DELETE", f"/webhook_definitions/{id}").status_code == 204
    assert api("GET", f"/webhook_definitions/{id}").status_code == 404


def _wait_logged(api: Api, hook_id: str, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 5
    while True:
        items: list[dict[str, Any]] = api("GET", f"/webhooks/{hook_id}/calls").json()["items"]
        if len(items) >= count or time.monotonic() > deadline:
            assert len(items) == count
            return items
        time.sleep(0.02)
