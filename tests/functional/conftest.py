"""Fixtures of the storefront's functional tests: one sandbox and one app per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from tests.conftest import SandboxFactory
from tests.functional.storefront_helpers import running_sandbox, storefront
from tests.functional.sync_helpers import start


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    """One seeded sandbox per module (tests that change it restore what they change)."""
    with running_sandbox() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def app(box: Sandbox) -> Iterator[Flask]:
    """One storefront app per module, for read-only tests (modules that mutate define their own)."""
    with storefront(box) as application:
        yield application


@pytest.fixture
def client(app: Flask) -> Any:
    """A fresh test client (no cookies) per test."""
    return app.test_client()


@pytest.fixture
def env(make_sandbox: SandboxFactory, tmp_path: Path) -> Any:
    """A seeded sandbox of the test's own and sync settings aimed at it."""
    return start(make_sandbox, tmp_path)
