"""The sandbox runner: ports, the fault-injection control path."""

from __future__ import annotations

import httpx

from sandbox.server import Sandbox


def test_every_api_listens_on_its_own_port(empty_sandbox: Sandbox) -> None:
    ports = {url.rsplit(":", 1)[1] for url in empty_sandbox.urls.values()}
    assert set(empty_sandbox.urls) == {"medusa", "cda", "preview", "cma"}
    assert len(ports) == 4


def test_faults_can_be_set_live_and_fail_requests(empty_sandbox: Sandbox) -> None:
    url = empty_sandbox.urls["cda"]
    r = httpx.post(f"{url}/_sandbox/faults", json={"error_rate": 1})
    assert r.json() == {"latency_ms": 0.0, "error_rate": 1.0}
    failed = httpx.get(f"{url}/spaces/x/environments/master/entries")
    assert failed.status_code in (500, 503)
    assert failed.json()["sys"]["id"] == "ServerError"
    httpx.post(f"{url}/_sandbox/faults", json={"error_rate": 0})
    assert httpx.get(f"{url}/spaces/x/environments/master/entries").status_code < 500


def test_bad_fault_settings_are_refused_and_change_nothing(empty_sandbox: Sandbox) -> None:
    url = empty_sandbox.urls["medusa"]
    r = httpx.post(f"{url}/_sandbox/faults", json={"error_rate": 2})
    assert r.status_code == 400
    assert httpx.get(f"{url}/_sandbox/faults").json()["error_rate"] == 0.0
    assert httpx.post(f"{url}/_sandbox/faults", content=b"[1]").status_code == 400


def test_latency_is_added(empty_sandbox: Sandbox) -> None:
    url = empty_sandbox.urls["medusa"]
    httpx.post(f"{url}/_sandbox/faults", json={"latency_ms": 150})
    r = httpx.get(f"{url}/health")
    assert r.elapsed.total_seconds() >= 0.15
