"""``/healthz`` (alive) and ``/readyz`` (upstreams reachable, JSON detail, 503 when not)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import set_faults


@pytest.fixture(autouse=True)
def healthy(box: Sandbox) -> Iterator[None]:
    yield
    for api in ("medusa", "cda"):
        set_faults(box, api)


def test_healthz_is_ok(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_does_not_depend_on_upstreams(client: Any, box: Sandbox) -> None:
    set_faults(box, "medusa", error_rate=1)
    set_faults(box, "cda", error_rate=1)
    assert client.get("/healthz").status_code == 200


def test_readyz_when_everything_answers(client: Any) -> None:
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ready"
    assert set(body["checks"]) >= {"medusa", "contentful"}
    for check in body["checks"].values():
        assert check["ok"] is True and isinstance(check["ms"], int | float)
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize(("api", "check"), [("medusa", "medusa"), ("cda", "contentful")])
def test_readyz_is_503_when_an_upstream_is_down(
    client: Any, box: Sandbox, api: str, check: str
) -> None:
    set_faults(box, api, error_rate=1)
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"][check]["ok"] is False and body["checks"][check]["error"]
    other = ({"medusa", "contentful"} - {check}).pop()
    assert body["checks"][other]["ok"] is True
    assert "Traceback" not in response.get_data(as_text=True)


def test_readyz_recovers(client: Any, box: Sandbox) -> None:
    set_faults(box, "medusa", error_rate=1)
    assert client.get("/readyz").status_code == 503
    set_faults(box, "medusa")
    assert client.get("/readyz").status_code == 200
