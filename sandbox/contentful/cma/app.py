"""Contentful Management API (CMA) stand-in.

Environment paths ``/spaces/{space}/environments/{env}/{locales, content_types, entries, assets}``,
space paths ``/spaces/{space}``, ``/webhook_definitions``, ``/webhooks/{id}/calls|health`` and
``/webhook_settings/signing_secret``. Every answer carries the CMA rate-limit headers; the limit is
changed live with ``POST /_sandbox/ratelimit {"per_second": N}`` (0 turns it off).
Writes announce webhook events, delivered by a background worker (``webhook_delivery.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from sandbox.atomic import AtomicFlask
from sandbox.contentful.cma import (
    assets,
    bulk,
    content_types,
    entries,
    locales,
    space,
    tags,
    uploads,
    webhooks,
)
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.lifecycle import CmaError
from sandbox.contentful.cma.ratelimit import RateLimiter
from sandbox.contentful.cma.webhook_delivery import Webhooks
from sandbox.contentful.common import MANAGEMENT_TYPE, bearer_token, error, token_error
from sandbox.server import SandboxContext

CONTROL_PATH = "/_sandbox/ratelimit"
_RATE_MESSAGE = (
    "You have exceeded the rate limit of the Organization this Space belongs to by making too "
    "many API requests within a short timespan. Please wait a moment before trying the request "
    "again."
)


def create_app(context: SandboxContext) -> Flask:
    """The CMA as a WSGI app (starts the webhook worker and registers its stop hook)."""
    app = AtomicFlask(__name__, context.store)
    delivery = Webhooks(context.store, context.config)
    context.on_stop.append(delivery.stop)
    cma = Cma(context, delivery)
    app.extensions["cma"] = cma
    locales.ensure_default_locale(cma)
    limiter = RateLimiter(context.config.cma_rate_limit)
    _guards(app, cma, limiter)
    for module in (space, locales, content_types, entries, assets, webhooks, tags, uploads):
        module.register(app, cma)
    bulk.register(app, cma)
    _control(app, limiter, delivery)
    _error_handlers(app)
    return app


def _guards(app: Flask, cma: Cma, limiter: RateLimiter) -> None:
    @app.before_request
    def guard() -> Response | None:
        if request.path.startswith("/_sandbox/"):
            return None
        g.rate = limiter.take()
        if not g.rate.allowed:
            return _rate_limited()
        if bearer_token() != cma.context.config.management_token:
            return token_error(MANAGEMENT_TYPE)
        return _wrong_place(cma, request.view_args or {})

    @app.after_request
    def headers(response: Response) -> Response:
        rate = g.get("rate")
        if rate is not None:
            response.headers.update(rate.headers())
        response.headers["Contentful-Api"] = "cma"
        response.headers["CF-Space-Id"] = cma.space
        response.headers["Access-Control-Expose-Headers"] = "Etag"
        return response


def _rate_limited() -> Response:
    # The recorded CMA 429 body: sys, message and details.errors (no requestId).
    body = {"sys": {"type": "Error", "id": "RateLimitExceeded"}, "message": _RATE_MESSAGE}
    body["details"] = {"errors": [{"details": _RATE_MESSAGE}]}
    return CmaError(429, body).response()


def _wrong_place(cma: Cma, args: dict[str, Any]) -> Response | None:
    if "space" in args and args["space"] != cma.space:
        return cma.not_found("Space", args["space"]).response()
    if "env" in args and args["env"] != cma.env:
        return cma.not_found("Environment", args["env"]).response()
    return None


def _control(app: Flask, limiter: RateLimiter, delivery: Webhooks) -> None:
    @app.route(CONTROL_PATH, methods=["GET", "POST"])
    def ratelimit() -> Response:
        if request.method == "POST":
            data = request.get_json(silent=True)
            value = data.get("per_second") if isinstance(data, dict) else None
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                return Cma.respond({"error": "per_second must be a whole number >= 0"}, 400)
            limiter.per_second = value
        return Cma.respond({"per_second": limiter.per_second})

    @app.get("/_sandbox/webhooks/idle")
    def webhooks_idle() -> Response:
        return Cma.respond({"idle": delivery.idle()})


def _error_handlers(app: Flask) -> None:
    @app.errorhandler(CmaError)
    def cma_error(exc: CmaError) -> Response:
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        if exc.code in (404, 405):
            return error(404, "NotFound", "The resource could not be found.", None, MANAGEMENT_TYPE)
        message = exc.description or "Bad request."
        return error(exc.code or 400, "BadRequest", message, None, MANAGEMENT_TYPE)

    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> Response:
        # Never a traceback: answer with Contentful's ServerError body.
        app.logger.exception("sandbox CMA error", exc_info=exc)
        return error(500, "ServerError", "Internal server error.", None, MANAGEMENT_TYPE)
