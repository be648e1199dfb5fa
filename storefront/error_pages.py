"""Error pages: localized 404, 503 and 500; never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from storefront import rendering
from storefront.clients.errors import UpstreamUnavailable

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(UpstreamUnavailable, _unavailable)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _crash)


def _unavailable(exc: UpstreamUnavailable) -> Response:
    log.warning("upstream unavailable: %s", exc)
    return _page(503)


def _http(exc: HTTPException) -> Response | HTTPException:
    if exc.code is None or exc.code < 400:
        return exc
    if exc.code in (404, 400, 503):
        return _page(exc.code)
    return exc  # 405 and friends keep werkzeug's short answer


def _crash(exc: Exception) -> Response:
    log.exception("unhandled error")
    return _page(500)


def _page(status: int) -> Response:
    try:
        return rendering.error_page(status)
    except Exception:  # the error page itself failed (e.g. during start-up): plain text
        log.exception("error page failed")
        return Response("Service unavailable" if status == 503 else "Error", status,
                        {"Content-Type": "text/plain; charset=utf-8"})  # fmt: skip
