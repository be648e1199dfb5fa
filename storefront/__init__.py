"""storefront: a multi-locale Flask storefront over Medusa v2 and Contentful."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from config import settings as config_module
from config.settings import Settings
from storefront.assets import asset_dir

__all__ = ["create_app"]


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the storefront app: the one assembly point (settings, resources, blueprints)."""
    settings = _settings(overrides)
    app = Flask(__name__, template_folder=asset_dir("templates"), static_folder=asset_dir("static"))
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        TESTING=settings.env == "test",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    _init_resources(app, settings)
    _register_blueprints(app)
    return app


def _init_resources(app: Flask, settings: Settings) -> None:
    from storefront import (
        budget,
        cache,
        csrf,
        error_pages,
        i18n,
        pagecache,
        purger,
        security,
        services,
        sessions,
        tags,
    )
    from storefront.views import preview

    svc = services.init_app(app, settings)
    purger.init_app(app, svc)
    budget.init_app(app, svc.pool)
    cache.init_app(app, settings.redis_url)
    sessions.init_app(app)
    i18n.init_app(app)
    preview.init_app(app)
    csrf.init_app(app)
    security.init_app(app, settings)
    error_pages.init_app(app)
    tags.init_app(app)
    pagecache.init_app(app)  # hits answered before Flask builds a request context
    _init_hooks(app, settings)


def _init_hooks(app: Flask, settings: Settings) -> None:
    """The webhook receivers: the one place the storefront touches the sync module."""
    from storefront import purger
    from storefront.views import health
    from sync import events, medusa_hook, webhook

    purge = purger.for_app(app)
    webhook.init_app(app, settings, purge.purge_published, purge.purge_taxonomy)
    medusa_hook.init_app(app, settings)
    queue_file = events.embedded_queue_path(settings.data_dir)
    health.register(app, "events", events.queue_probe(settings.redis_url, queue_file))


def _register_blueprints(app: Flask) -> None:
    from storefront.views import (
        cart,
        catalog,
        checkout,
        health,
        locale,
        orders,
        preview,
        product,
        search,
        sitemap,
    )

    for module in (catalog, product, cart, checkout, orders, sitemap, health, preview, search,
                   locale):  # fmt: skip
        app.register_blueprint(module.bp)


def _settings(overrides: Mapping[str, Any] | None) -> Settings:
    overrides = dict(overrides or {})
    given = overrides.pop("SETTINGS", None)
    # Settings built in code are checked like the environment's (production refusals included).
    settings = (
        config_module.validate(given) if isinstance(given, Settings) else config_module.from_env()
    )
    if overrides:
        settings = settings.replace(**{key.lower(): value for key, value in overrides.items()})
    return settings
