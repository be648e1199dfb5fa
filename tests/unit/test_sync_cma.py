"""The CMA client's error paths and 429 handling, over httpx.MockTransport (a fake server)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from storefront.clients.errors import (
    RateLimited,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)
from sync.cma import CmaClient, InvalidEntry, VersionMismatch, entry_state
from sync.ratelimit import RateLimiter
from sync.worker import WorkerOptions, backoff, permanent


def _client(handler: Any, slept: list[float] | None = None) -> CmaClient:
    client = CmaClient(
        "http://cma.test",
        "tok",
        "space",
        limiter=RateLimiter(1000, sleep=lambda s: None),
        sleep=(slept.append if slept is not None else lambda s: None),
    )
    client._http = httpx.Client(base_url="http://cma.test", transport=httpx.MockTransport(handler))
    return client


def _error(status: int, error_id: str, **extra: Any) -> httpx.Response:
    body = {
        "sys": {"type": "Error", "id": error_id},
        "message": extra.pop("message", error_id),
        **extra,
    }
    return httpx.Response(status, content=json.dumps(body), headers=extra.pop("headers", {}))


@pytest.mark.parametrize(
    ("status", "error_id", "kind"),
    [
        (404, "NotFound", UpstreamNotFound),
        (409, "VersionMismatch", VersionMismatch),
        (422, "InvalidEntry", InvalidEntry),
        (401, "AccessTokenInvalid", UpstreamRejected),
        (500, "ServerError", UpstreamUnavailable),
        (503, "ServerError", UpstreamUnavailable),
    ],
)
def test_errors_are_typed(status: int, error_id: str, kind: type[Exception]) -> None:
    client = _client(lambda request: _error(status, error_id))
    with pytest.raises(kind) as caught:
        client.request("GET", "/x")
    assert getattr(caught.value, "status", None) == status


def test_422_details_are_spelled_out() -> None:
    details = {"errors": [{"name": "size", "path": ["fields", "title", "en-US"]}]}
    client = _client(
        lambda request: _error(422, "InvalidEntry", message="Validation error", details=details)
    )
    with pytest.raises(InvalidEntry, match=r"Validation error: fields.title.en-US: size"):
        client.request("PUT", "/x")


def test_429_waits_reset_seconds_then_retries() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) < 3:
            return _error(429, "RateLimitExceeded", headers={"X-Contentful-Ratelimit-Reset": "2"})
        return httpx.Response(200, json={"ok": True})

    slept: list[float] = []
    assert _client(handler, slept).request("GET", "/x").json() == {"ok": True}
    assert len(slept) == 2 and all(2 <= s <= 2.4 for s in slept)


def test_429_gives_up_after_the_retry_budget_with_retry_after() -> None:
    client = _client(
        lambda r: _error(429, "RateLimitExceeded", headers={"X-Contentful-RateLimit-Reset": "1"})
    )
    client.max_rate_retries = 1
    with pytest.raises(RateLimited) as caught:
        client.request("GET", "/x")
    assert caught.value.retry_after == 1


def test_network_errors_are_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(UpstreamUnavailable):
        _client(handler).request("GET", "/x")


def test_entry_states() -> None:
    assert entry_state({"sys": {"version": 1}}) == "draft"
    assert entry_state({"sys": {"version": 3, "publishedVersion": 2}}) == "published"
    assert entry_state({"sys": {"version": 5, "publishedVersion": 2}}) == "changed"
    assert entry_state({"sys": {"version": 5, "archivedVersion": 4}}) == "archived"


def test_retry_policy() -> None:
    options = WorkerOptions(base_delay=1, max_delay=10)
    assert all(0.5 <= backoff(1, options) <= 1 for _ in range(20))
    assert all(5 <= backoff(9, options) <= 10 for _ in range(20))
    assert permanent(InvalidEntry("contentful", 422, "x")) and permanent(
        UpstreamRejected("medusa", 401, "x")
    )
    assert not permanent(VersionMismatch("contentful", 409, "x"))
    assert not permanent(UpstreamUnavailable("contentful", 503, "x"))
