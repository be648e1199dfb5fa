"""Shared fixtures: a real sandbox on free ports over a temporary data directory."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from sandbox.config import SandboxConfig
from sandbox.server import Sandbox

# Recorded real API responses (copied from the project's shared research; see their READMEs).
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"
# contentful.py's own read timeout is 1 s: on a loaded two-core CI machine (the sandbox answers
# from the test's process) a read took longer once; the SDK tests check shapes, not speed.
SDK_TIMEOUT = 10.0

SandboxFactory = Callable[..., Sandbox]


def sandbox_config(data_dir: Path, **overrides: Any) -> SandboxConfig:
    """A sandbox config on free loopback ports, with the CMA limiter off unless asked for."""
    base = SandboxConfig(
        data_dir=data_dir,
        medusa_url="http://127.0.0.1:0",
        cda_url="http://127.0.0.1:0",
        preview_url="http://127.0.0.1:0",
        cma_url="http://127.0.0.1:0",
        cma_rate_limit=0,
        webhook_retry_delay=0.05,
        webhook_timeout=2.0,
    )
    return dataclasses.replace(base, **overrides)


@pytest.fixture
def make_sandbox(tmp_path: Path) -> Iterator[SandboxFactory]:
    """Start sandboxes with chosen settings; every one is stopped after the test."""
    started: list[Sandbox] = []

    def factory(**overrides: Any) -> Sandbox:
        data_dir = overrides.pop("data_dir", tmp_path / f"sandbox{len(started)}")
        box = Sandbox(sandbox_config(data_dir, **overrides)).start()
        started.append(box)
        return box

    yield factory
    for box in started:
        box.stop()


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    """A seeded sandbox of our own for one test."""
    return make_sandbox()


@pytest.fixture
def empty_sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    """A sandbox with no demo catalog."""
    return make_sandbox(seed=False)


@pytest.fixture
def redis_url() -> str:
    """A Redis server to test against: skipped with a reason locally, required under CI=true."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but no Redis answers at {url}: {exc}")
        pytest.skip(f"no Redis server answers at {url} ({exc}); .ci/run starts one")
    return url


def load_fixture(*parts: str) -> Any:
    """A recorded response from tests/fixtures."""
    import json

    return json.loads((FIXTURES.joinpath(*parts)).read_text())


def settings_for(box: Sandbox, **changes: Any) -> Any:
    """Storefront settings pointing at a running sandbox (its real ports and credentials)."""
    from config.settings import Settings

    config = box.config
    urls = box.urls
    base = Settings(
        env="test",
        medusa_url=urls["medusa"],
        medusa_publishable_key=config.publishable_key,
        medusa_api_key=config.api_key,
        contentful_space_id=config.space_id,
        contentful_environment=config.environment,
        contentful_delivery_token=config.delivery_token,
        contentful_preview_token=config.preview_token,
        contentful_management_token=config.management_token,
        contentful_cda_url=urls["cda"],
        contentful_preview_url=urls["preview"],
        contentful_cma_url=urls["cma"],
        http_timeout=2.0,
    )
    return base.replace(**changes) if changes else base


@pytest.fixture
def storefront_app(sandbox: Sandbox) -> Iterator[Any]:
    """The storefront app wired to a fresh seeded sandbox."""
    from storefront import create_app, purger

    app = create_app({"SETTINGS": settings_for(sandbox)})
    yield app
    purger.close(app)


@pytest.fixture
def client(storefront_app: Any) -> Any:
    """A test client of the storefront app (the app talks HTTP to the sandbox)."""
    return storefront_app.test_client()


class ServerLikeClient(FlaskClient):
    """A test client that reads every body to its end, as a WSGI server does.

    The page cache stores a page once the server has sent it (``storefront.pagecache``), so a
    test that asks for a page and never reads it would otherwise leave nothing stored.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        """Send the request; the response comes back buffered (its body already read)."""
        kwargs.setdefault("buffered", True)
        response: TestResponse = super().open(*args, **kwargs)
        return response


Flask.test_client_class = ServerLikeClient
