"""The Medusa v2 stand-in as one Flask app: Store API, Admin API, auth, health, static pictures.

Errors are answered in Medusa's shapes: ``{"type", "message"}`` JSON for API errors, Express's
HTML page for unknown routes, and never a traceback.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from sandbox.events import EventSink
from sandbox.medusa import (
    admin_api,
    admin_inventory,
    admin_lists,
    admin_taxonomy,
    admin_variants,
    checkout_api,
    customer_auth,
    customers,
    store_api,
)
from sandbox.medusa.common import KIND_PICTURE, MedusaError, json_response

if TYPE_CHECKING:
    from sandbox.server import SandboxContext

log = logging.getLogger(__name__)

_EXPRESS_404 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Cannot {method} {path}</pre>
</body>
</html>
"""


# Imported for its routes: it adds the customer routes to the Store API blueprint.
assert customers.bp is store_api.bp


def create_app(context: SandboxContext) -> Flask:
    """The Medusa Store + Admin API as a WSGI app over the sandbox store."""
    app = Flask(__name__)
    app.config["MEDUSA_CONTEXT"] = context
    sink = EventSink(context.config)
    app.config["MEDUSA_EVENTS"] = sink
    context.on_stop.append(sink.close)
    app.register_blueprint(store_api.bp)
    app.register_blueprint(admin_api.bp)
    app.register_blueprint(admin_inventory.bp)
    app.register_blueprint(admin_lists.bp)
    app.register_blueprint(admin_taxonomy.bp)
    app.register_blueprint(admin_variants.bp)
    app.register_blueprint(admin_api.auth_bp)
    checkout_api.init_app(app)
    app.register_blueprint(customer_auth.bp)
    app.add_url_rule("/health", "health", _health)
    app.add_url_rule("/static/<name>", "picture", _picture)
    app.register_error_handler(MedusaError, _medusa_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    return app


def _health() -> Response:
    return Response("OK", content_type="text/html; charset=utf-8")


def _picture(name: str) -> Response:
    handle = name.removesuffix(".svg")
    record = current_app.config["MEDUSA_CONTEXT"].store.get(KIND_PICTURE, handle)
    if record is None or not name.endswith(".svg"):
        return express_404()
    from sandbox.seed.images import picture_svg  # written separately; only needed here

    return Response(picture_svg(record), content_type="image/svg+xml")


def express_404() -> Response:
    """Express's HTML 404 for a route nobody handles."""
    body = _EXPRESS_404.format(method=request.method, path=html.escape(request.path))
    response = Response(body, status=404, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _medusa_error(error: MedusaError) -> Response:
    return json_response(error.body(), error.status)


def _http_error(error: HTTPException) -> Response:
    if error.code in (404, 405):
        return express_404()  # Express answers an unknown method the same as an unknown path
    return json_response({"type": "invalid_data", "message": error.description}, error.code or 400)


def _unexpected(error: Exception) -> Response:
    log.exception("medusa sandbox: unexpected error")
    return json_response({"type": "unknown_error", "message": "An unknown error occurred."}, 500)
