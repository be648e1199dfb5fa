"""A standalone `storefront sync worker` purges the shared (Redis) storefront cache."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from click.testing import CliRunner

from cli.main import main
from sandbox.server import Sandbox
from storefront import create_app, services
from tests.conftest import SandboxFactory, settings_for
from tests.functional.storefront_helpers import html, set_stock

PAGE = "/products/organic-cotton-tshirt?lang=en-US"


@pytest.fixture
def own_db(redis_url: str) -> Iterator[str]:
    """A Redis database of this test's own (stream, queue state and cache), emptied around it."""
    url = redis_url.rsplit("/", 1)[0] + "/13"
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


def env_for(box: Sandbox, url: str, data_dir: Path) -> dict[str, str]:
    settings = settings_for(box)
    return {
        "MEDUSA_URL": settings.medusa_url, "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
        "CONTENTFUL_CDA_URL": settings.contentful_cda_url,
        "CONTENTFUL_PREVIEW_URL": settings.contentful_preview_url,
        "CONTENTFUL_SPACE_ID": settings.contentful_space_id, "REDIS_URL": url,
        "STOREFRONT_DATA_DIR": str(data_dir),
    }  # fmt: skip


def test_stock_change_reaches_the_page_through_a_standalone_worker(
    make_sandbox: SandboxFactory, own_db: str, tmp_path: Path
) -> None:
    box = make_sandbox(redis_url=own_db)
    app = create_app({"SETTINGS": settings_for(box, redis_url=own_db, data_dir=str(tmp_path))})
    client: Any = app.test_client()
    try:
        assert "Only 3 left" not in html(client.get(PAGE))
        set_stock(box, "OCT-M-WHT", 3)
        assert "Only 3 left" not in html(client.get(PAGE))  # cached: nothing told it yet
        result = CliRunner().invoke(
            main, ["sync", "worker", "--once"], env=env_for(box, own_db, tmp_path)
        )
        assert result.exit_code == 0, result.output
        # The worker's purge reaches this process's page server over Redis pub/sub: allow it
        # the moment a message takes to arrive.
        deadline = time.monotonic() + 5
        while "Only 3 left" not in html(client.get(PAGE)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Only 3 left" in html(client.get(PAGE))
    finally:
        services.current_for(app).close()
