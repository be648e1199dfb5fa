"""Optimistic locking on the sandbox CMA holds under parallel writers, threads and processes.

Five writers sending the same ``X-Contentful-Version`` at once: real Contentful lets exactly one
through and answers ``409 VersionMismatch`` to the others. Each case runs several rounds because
a race that loses writes does not lose them every time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox
from tests.conftest import SandboxFactory

WRITERS = 5
ROUNDS = 8
Send = Callable[[httpx.Client, int], httpx.Response]  # (client, writer index) -> response


def _cma(box: Sandbox) -> httpx.Client:
    headers = {
        "Authorization": f"Bearer {box.config.management_token}",
        "Content-Type": "application/vnd.contentful.management.v1+json",
    }
    return httpx.Client(base_url=box.urls["cma"], headers=headers, timeout=30)


def _race(clients: list[httpx.Client], send: Send) -> list[httpx.Response]:
    """Send ``WRITERS`` requests at the same instant (spread over ``clients``)."""
    barrier = threading.Barrier(WRITERS)
    results: list[httpx.Response | None] = [None] * WRITERS

    def run(i: int) -> None:
        client = clients[i % len(clients)]
        barrier.wait()
        results[i] = send(client, i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in results if r is not None]


def _exactly_one(responses: list[httpx.Response], ok: int = 200) -> httpx.Response:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [ok] + [409] * (WRITERS - 1), [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert r.json()["sys"] == {"type": "Error", "id": "VersionMismatch"}
    return next(r for r in responses if r.status_code == ok)


ENV = "/spaces/sandboxspace/environments/master"


def _versioned_put(path: str, body: Callable[[int], dict[str, Any]]) -> Callable[..., Any]:
    def send(version: int) -> Send:
        return lambda c, i: c.put(
            path, content=json.dumps(body(i)), headers={"X-Contentful-Version": str(version)}
        )

    return send


def _entry_body(i: int) -> dict[str, Any]:
    return {"fields": {"title": {"en-US": f"writer {i}"}, "medusaId": {"en-US": "race"}}}


@pytest.fixture
def cma(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with _cma(sandbox) as client:
        yield client


def _new_entry(cma: httpx.Client) -> dict[str, Any]:
    r = cma.post(
        f"{ENV}/entries", content=json.dumps(_entry_body(0)),
        headers={"X-Contentful-Content-Type": "product"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    doc: dict[str, Any] = r.json()
    return doc


def test_parallel_entry_updates_with_one_version_let_exactly_one_through(
    cma: httpx.Client,
) -> None:
    doc = _new_entry(cma)
    path = f"{ENV}/entries/{doc['sys']['id']}"
    send = _versioned_put(path, _entry_body)
    for _ in range(ROUNDS):
        version = doc["sys"]["version"]
        winner = _exactly_one(_race([cma], send(version))).json()
        assert winner["sys"]["version"] == version + 1
        doc = cma.get(path).json()
        assert doc == winner  # what the winner was told is what is stored


def _lifecycle(method: str, path: str, version: int) -> Send:
    headers = {"X-Contentful-Version": str(version)}
    return lambda c, i: c.request(method, path, headers=headers)


def test_parallel_publish_unpublish_and_archive_let_exactly_one_through(
    cma: httpx.Client,
) -> None:
    doc = _new_entry(cma)
    path = f"{ENV}/entries/{doc['sys']['id']}"
    for _ in range(ROUNDS):
        v = cma.get(path).json()["sys"]["version"]
        _exactly_one(_race([cma], _lifecycle("PUT", f"{path}/published", v)))
        _exactly_one(_race([cma], _lifecycle("DELETE", f"{path}/published", v + 1)))
    v = cma.get(path).json()["sys"]["version"]
    _exactly_one(_race([cma], _lifecycle("PUT", f"{path}/archived", v)))
    _exactly_one(_race([cma], _lifecycle("DELETE", f"{path}/archived", v + 1)))
    sys_ = cma.get(path).json()["sys"]
    assert sys_["version"] == v + 2 and sys_["publishedCounter"] == ROUNDS


@pytest.mark.parametrize("resource", ["assets", "content_types", "locales", "webhooks"])
def test_every_versioned_entity_locks(cma: httpx.Client, resource: str) -> None:
    path, body = _create_other(cma, resource)
    for _ in range(ROUNDS):
        version = cma.get(path).json()["sys"]["version"]
        winner = _exactly_one(_race([cma], _versioned_put(path, body)(version))).json()
        assert winner["sys"]["version"] == version + 1


def _create_other(cma: httpx.Client, resource: str) -> tuple[str, Callable[[int], Any]]:
    bodies: dict[str, tuple[str, Callable[[int], dict[str, Any]]]] = {
        "assets": (f"{ENV}/assets", lambda i: {"fields": {"title": {"en-US": f"a{i}"}}}),
        "content_types": (
            f"{ENV}/content_types",
            lambda i: {"name": f"T{i}", "fields": [{"id": "x", "name": "X", "type": "Symbol"}]},
        ),
        "locales": (f"{ENV}/locales", lambda i: {"code": "it-IT", "name": f"Italian {i}"}),
        "webhooks": (
            "/spaces/sandboxspace/webhook_definitions",
            lambda i: {"name": f"h{i}", "url": "http://127.0.0.1:9/h", "topics": ["*.*"]},
        ),
    }
    base, body = bodies[resource]
    r = cma.post(base, content=json.dumps(body(0)))
    assert r.status_code == 201, r.text
    return f"{base}/{r.json()['sys']['id']}", body


_SECOND_PROCESS = """
import sys, time
from sandbox.server import Sandbox
from tests.conftest import sandbox_config
box = Sandbox(sandbox_config(sys.argv[1])).start()
print(box.urls["cma"], flush=True)
sys.stdin.read()
box.stop()
"""


def test_two_processes_on_one_store_let_exactly_one_through(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    data_dir = tmp_path / "shared"
    box = make_sandbox(data_dir=data_dir)
    root = Path(__file__).resolve().parents[2]
    other = subprocess.Popen(
        [sys.executable, "-c", _SECOND_PROCESS, str(data_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root,
    )  # fmt: skip
    try:
        assert other.stdout is not None
        other_url = other.stdout.readline().strip()
        with _cma(box) as mine, _cma(box) as theirs:
            theirs.base_url = httpx.URL(other_url)
            doc = _new_entry(mine)
            path = f"{ENV}/entries/{doc['sys']['id']}"
            for _ in range(ROUNDS):
                version = mine.get(path).json()["sys"]["version"]
                winner = _exactly_one(
                    _race([mine, theirs], _versioned_put(path, _entry_body)(version))
                )
                assert theirs.get(path).json() == winner.json()
    finally:
        other.communicate("", timeout=20)
