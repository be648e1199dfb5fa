"""The two Medusa servers the contract suite compares: the sandbox and a real Medusa 2.21.

A real Medusa comes from ``integrations/medusa/up.sh`` (``.ci/run`` starts it): its address and
keys are read from ``REAL_MEDUSA_URL``, ``REAL_MEDUSA_PUBLISHABLE_KEY`` and ``REAL_MEDUSA_API_KEY``,
else from the env file up.sh writes. Without one the suite skips with the reason, except under
``CI=true``, where a missing server is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox
from tests.conftest import IN_CI

ENV_FILE = Path(__file__).resolve().parents[2] / "integrations" / "medusa" / ".run" / "medusa.env"
KEYS = ("REAL_MEDUSA_URL", "REAL_MEDUSA_PUBLISHABLE_KEY", "REAL_MEDUSA_API_KEY")


@dataclass
class Side:
    """One server: its base URL, its keys and clients for the Store and Admin APIs."""

    name: str
    url: str
    publishable_key: str
    api_key: str
    store: httpx.Client
    admin: httpx.Client
    events_redis_url: str = ""

    def region(self, currency: str = "eur") -> dict[str, Any]:
        """The seeded region of a currency."""
        regions = self.store.get("/store/regions").json()["regions"]
        return next(r for r in regions if r["currency_code"] == currency)

    def product(self, handle: str, **params: Any) -> dict[str, Any]:
        """A Store API product by handle (with whatever `params` add)."""
        body = self.store.get("/store/products", params={"handle": handle, **params}).json()
        assert body["products"], f"{self.name}: no product {handle!r}"
        return dict(body["products"][0])

    def variant(self, handle: str, sku: str) -> dict[str, Any]:
        """A variant of a published product by SKU."""
        variants = self.product(handle, fields="*variants")["variants"]
        return next(v for v in variants if v["sku"] == sku)

    def close(self) -> None:
        """Close both clients."""
        self.store.close()
        self.admin.close()


def make_side(name: str, url: str, publishable: str, secret: str, events: str = "") -> Side:
    """Clients as our code builds them: the publishable key header, the secret key as Basic."""
    store = httpx.Client(base_url=url, headers={"x-publishable-api-key": publishable}, timeout=30)
    admin = httpx.Client(base_url=url, auth=(secret, ""), timeout=30)
    return Side(name, url, publishable, secret, store, admin, events)


def sandbox_side(box: Sandbox) -> Side:
    """The sandbox's Medusa, with its configured keys."""
    config = box.config
    return make_side("sandbox", box.urls["medusa"], config.publishable_key, config.api_key)


def real_settings() -> dict[str, str]:
    """The real server's address and keys (environment first, then up.sh's env file)."""
    found = {key: os.environ.get(key, "") for key in (*KEYS, "REAL_MEDUSA_EVENTS_REDIS_URL")}
    if not all(found[key] for key in KEYS) and ENV_FILE.exists():
        for line in ENV_FILE.read_text().splitlines():
            key, _, value = line.partition("=")
            if key in found and not found[key]:
                found[key] = value.strip()
    return found


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail under CI=true (where .ci/run must have started one)."""
    message = f"{reason}; integrations/medusa/up.sh starts one (see its README)"
    if IN_CI:
        pytest.fail(f"CI=true but no real Medusa: {message}")
    pytest.skip(f"no real Medusa 2.21: {message}")


@contextmanager
def real_side() -> Iterator[Side]:
    """The real Medusa, checked to answer /health; skipped (or failed in CI) otherwise."""
    settings = real_settings()
    missing = [key for key in KEYS if not settings[key]]
    if missing:
        unavailable(f"{', '.join(missing)} not set")
    url = settings["REAL_MEDUSA_URL"].rstrip("/")
    try:
        health = httpx.get(f"{url}/health", timeout=5)
    except httpx.HTTPError as exc:
        unavailable(f"{url}/health: {exc!r}")
    if health.status_code != 200:
        unavailable(f"{url}/health answered {health.status_code}")
    side = make_side(
        "real",
        url,
        settings["REAL_MEDUSA_PUBLISHABLE_KEY"],
        settings["REAL_MEDUSA_API_KEY"],
        settings["REAL_MEDUSA_EVENTS_REDIS_URL"],
    )
    try:
        yield side
    finally:
        side.close()
