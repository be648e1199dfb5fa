"""Before its first visitor a worker has compiled the templates and rendered each locale once."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from sandbox.server import Sandbox
from storefront import services, startup
from tests.functional.storefront_helpers import TSHIRT, storefront


def compiled_during(app: Flask, monkeypatch: pytest.MonkeyPatch, path: str) -> list[str]:
    """The templates Jinja compiled while ``path`` was served."""
    seen: list[str] = []
    original = app.jinja_env.compile

    def spy(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(name))
        return original(source, name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "compile", spy)
    assert app.test_client().get(path).status_code == 200
    return seen


def test_the_first_page_after_prepare_compiles_nothing(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with storefront(box) as app:
        assert services.current_for(app).warm_up() == []
        assert startup.prepare(app) > 0
        assert compiled_during(app, monkeypatch, f"/products/{TSHIRT}?lang=de") == []


def test_without_prepare_the_first_page_compiles_its_templates(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with storefront(box) as app:
        assert "product.html" in compiled_during(app, monkeypatch, f"/products/{TSHIRT}")


def test_a_failing_render_is_logged_not_raised(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(status: int) -> None:
        raise RuntimeError("template bug")

    monkeypatch.setattr("storefront.rendering.error_page", broken)
    with storefront(box) as app:
        startup.prepare(app)
    assert "start-up render in en-US failed" in caplog.text
