"""storefront: a multi-locale Flask storefront over Medusa v2 and Contentful."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from storefront import config as config_module
from storefront.config import Settings

__all__ = ["create_app"]


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the storefront app: the one assembly point (settings, blueprints, resources)."""
    settings = _settings(overrides)
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config["SETTINGS"] = settings
    app.config["SECRET_KEY"] = settings.secret_key
    app.config["TESTING"] = settings.env == "test"

    from storefront.views import health

    app.register_blueprint(health.bp)
    return app


def _settings(overrides: Mapping[str, Any] | None) -> Settings:
    overrides = dict(overrides or {})
    given = overrides.pop("SETTINGS", None)
    settings = given if isinstance(given, Settings) else config_module.from_env()
    if overrides:
        settings = settings.replace(**{key.lower(): value for key, value in overrides.items()})
    return settings
