"""Fixtures of the real-Medusa contract suite: both servers, side by side."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.server import Sandbox
from tests.functional.storefront_helpers import running_sandbox
from tests.real_medusa.servers import Side, real_side, sandbox_side


@pytest.fixture(scope="session")
def real() -> Iterator[Side]:
    """The real Medusa 2.21 (skipped with a reason when none runs, a failure under CI=true)."""
    with real_side() as side:
        yield side


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    """One seeded sandbox per module."""
    with running_sandbox() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def fake(box: Sandbox) -> Iterator[Side]:
    """The sandbox's Medusa as a `Side`."""
    side = sandbox_side(box)
    yield side
    side.close()


@pytest.fixture(scope="module")
def both(real: Side, fake: Side) -> tuple[Side, Side]:
    """(real, sandbox): every contract test sends the same request to each."""
    return real, fake
