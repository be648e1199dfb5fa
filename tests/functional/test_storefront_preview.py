"""Preview mode: ``?preview=<secret>`` shows drafts, with a banner, noindex and no-store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import services
from tests.functional.storefront_helpers import (
    TSHIRT,
    edit_entry,
    html,
    product_id,
    running_sandbox,
    storefront,
)

PAGE = f"/products/{TSHIRT}"
DRAFT = "Draft T-Shirt Title"
PUBLISHED = "Organic Cotton T-Shirt"


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    """A sandbox whose T-shirt entry has an unpublished change of its en-US title."""
    with running_sandbox() as sandbox:

        def draft(fields: dict[str, Any]) -> None:
            fields["title"]["en-US"] = DRAFT

        edit_entry(sandbox, product_id(sandbox, TSHIRT), draft, publish=False)
        yield sandbox


@pytest.fixture
def app(box: Sandbox) -> Iterator[Flask]:
    with storefront(box) as application:
        yield application


def secret(app: Flask) -> str:
    return services.current_for(app).settings.preview_secret


def heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page)
    assert found
    return found.group(1)


def test_preview_shows_the_draft_with_banner_noindex_and_no_store(app: Flask, client: Any) -> None:
    response = client.get(f"{PAGE}?preview={secret(app)}")
    page = html(response)
    assert response.status_code == 200
    assert heading(page) == DRAFT
    assert 'class="preview-banner"' in page
    assert re.search(r'<meta name="robots" content="noindex[^"]*">', page)
    assert "no-store" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_preview_stays_on_for_the_session_until_exit(app: Flask, client: Any) -> None:
    client.get(f"/?preview={secret(app)}")
    grid = html(client.get("/"))
    assert DRAFT in grid and 'class="preview-banner"' in grid
    exit_link = re.search(r'<a href="(/preview/exit[^"]*)"', grid)
    assert exit_link
    assert client.get(exit_link.group(1).replace("&amp;", "&")).status_code in (302, 303)
    after = html(client.get(PAGE))
    assert heading(after) == PUBLISHED and "preview-banner" not in after


@pytest.mark.parametrize("wrong", ["wrong", "", "dev-preview-secre", "dev-preview-secret "])
def test_a_wrong_secret_does_nothing(client: Any, wrong: str) -> None:
    response = client.get(PAGE, query_string={"preview": wrong})
    page = html(response)
    assert response.status_code == 200
    assert heading(page) == PUBLISHED
    assert "preview-banner" not in page and "noindex" not in page
    assert response.headers["Cache-Control"].startswith("public")


def test_delivery_page_never_shows_the_draft(app: Flask, client: Any) -> None:
    visitor = app.test_client()
    assert heading(html(visitor.get(PAGE))) == PUBLISHED  # cache warmed with published content
    assert heading(html(client.get(f"{PAGE}?preview={secret(app)}"))) == DRAFT
    for path in (PAGE, "/", f"{PAGE}?lang=es"):
        page = html(app.test_client().get(path))
        assert DRAFT not in page, path
    assert heading(html(app.test_client().get(PAGE))) == PUBLISHED


def test_preview_secret_is_not_kept_in_links(app: Flask, client: Any) -> None:
    page = html(client.get(f"{PAGE}?preview={secret(app)}"))
    assert secret(app) not in page
