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
    response = client.get(f"{PAGE}?preview={secret(app)}", follow_redirects=True)
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
    unlocked = client.get(f"{PAGE}?preview={secret(app)}", follow_redirects=True)
    assert heading(html(unlocked)) == DRAFT
    for path in (PAGE, "/", f"{PAGE}?lang=es"):
        page = html(app.test_client().get(path))
        assert DRAFT not in page, path
    assert heading(html(app.test_client().get(PAGE))) == PUBLISHED


def test_preview_secret_is_not_kept_in_links(app: Flask, client: Any) -> None:
    page = html(client.get(f"{PAGE}?preview={secret(app)}", follow_redirects=True))
    assert secret(app) not in page


def test_the_secret_is_exchanged_for_a_cookie_and_dropped_from_the_url(
    app: Flask, client: Any
) -> None:
    response = client.get(f"{PAGE}?lang=es-ES&preview={secret(app)}&x=1")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PAGE}?lang=es-ES&x=1"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    cookie = client.get_cookie("session")
    assert cookie is not None and secret(app) not in cookie.value
    assert "preview-banner" in html(client.get(response.headers["Location"]))


def test_a_preview_page_with_a_language_choice_is_no_store(app: Flask, client: Any) -> None:
    client.get(f"/?preview={secret(app)}")
    for path in (f"{PAGE}?lang=es-ES", "/?lang=de-DE"):
        response = client.get(path)
        assert "preview-banner" in html(response)
        assert "no-store" in response.headers["Cache-Control"], path


def test_rotating_the_secret_ends_preview_sessions(box: Sandbox) -> None:
    with storefront(box, preview_secret="first-preview-secret") as first:
        client = first.test_client()
        client.get(f"{PAGE}?preview=first-preview-secret")
        assert "preview-banner" in html(client.get(PAGE))
        cookie = client.get_cookie("session")
        assert cookie is not None
    with storefront(box, preview_secret="second-preview-secret") as second:
        rotated = second.test_client()
        rotated.set_cookie("session", cookie.value)
        page = html(rotated.get(PAGE))
        assert heading(page) == PUBLISHED and "preview-banner" not in page


def test_an_old_bare_preview_flag_unlocks_nothing(app: Flask) -> None:
    client = app.test_client()
    with client.session_transaction() as held:
        held["preview"] = True  # what sessions held before the mark was bound to the secret
    page = html(client.get(PAGE))
    assert heading(page) == PUBLISHED and "preview-banner" not in page
