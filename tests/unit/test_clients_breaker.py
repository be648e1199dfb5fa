"""Both store clients fail fast while their upstream's circuit is open, and probe it later."""

from __future__ import annotations

import httpx
import pytest

from storefront.clients.breaker import Breaker
from storefront.clients.contentful import ContentfulDeliveryClient
from storefront.clients.errors import UpstreamNotFound, UpstreamUnavailable
from storefront.clients.medusa import MedusaStoreClient


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Upstream:
    """A MockTransport handler: times out (or answers ``status``) and counts what reached it."""

    def __init__(self) -> None:
        self.calls = 0
        self.status: int | None = None  # None: time out

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.status is None:
            raise httpx.ReadTimeout("slow", request=request)
        body = {"regions": [], "items": [], "total": 0, "skip": 0, "limit": 1000}
        return httpx.Response(self.status, json=body)


def medusa(upstream: Upstream, breaker: Breaker) -> MedusaStoreClient:
    transport = httpx.MockTransport(upstream)
    return MedusaStoreClient("http://medusa", "pk", transport=transport, sleep=lambda _: None,
                             breaker=breaker)  # fmt: skip


def contentful(upstream: Upstream, breaker: Breaker) -> ContentfulDeliveryClient:
    transport = httpx.MockTransport(upstream)
    return ContentfulDeliveryClient("http://cda", "space", "master", "token", transport=transport,
                                    sleep=lambda _: None, breaker=breaker)  # fmt: skip


@pytest.mark.parametrize("make", [medusa, contentful])
def test_fail_fast_after_repeated_timeouts_then_probe(make: object) -> None:
    clock, upstream = Clock(), Upstream()
    breaker = Breaker("up", threshold=4, reset_after=10, clock=clock)
    client = make(upstream, breaker)  # type: ignore[operator]
    call = client.regions if isinstance(client, MedusaStoreClient) else client.locales
    for _ in range(2):  # two calls of two attempts each: four timeouts
        with pytest.raises(UpstreamUnavailable):
            call()
    assert upstream.calls == 4 and breaker.state == "open"
    for _ in range(20):
        with pytest.raises(UpstreamUnavailable, match="failing fast"):
            call()
    assert upstream.calls == 4  # nothing reached the upstream while open
    clock.now = 10
    upstream.status = 200
    call()  # the probe goes through and closes the circuit
    assert breaker.state == "closed" and upstream.calls == 5


def test_a_4xx_is_an_answer_not_a_failure() -> None:
    upstream, breaker = Upstream(), Breaker("up", threshold=1)
    upstream.status = 404
    client = medusa(upstream, breaker)
    for _ in range(3):
        with pytest.raises(UpstreamNotFound):
            client.regions()
    assert breaker.state == "closed" and upstream.calls == 3


def test_5xx_count_as_failures() -> None:
    upstream, breaker = Upstream(), Breaker("up", threshold=2)
    upstream.status = 503
    client = contentful(upstream, breaker)
    with pytest.raises(UpstreamUnavailable):
        client.locales()
    assert breaker.state == "open"
