"""Contentful Delivery API (CDA) and Preview API (CPA) stand-in.

Paths: ``/spaces/{space}`` and ``/spaces/{space}[/environments/{env}]/{sync, entries, entries/{id},
assets, assets/{id}, content_types, content_types/{id}, locales, tags, tags/{id}}``, plus the
asset files under ``/_files/`` (no token, like the images CDN). The CDA accepts only the delivery
token and serves published snapshots; the Preview API accepts only the preview token and serves
current drafts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from sandbox.contentful.cda.cursor import paged
from sandbox.contentful.cda.files import serve_file
from sandbox.contentful.cda.query import QueryError
from sandbox.contentful.cda.reader import Reader
from sandbox.contentful.cda.sync import sync_page
from sandbox.contentful.cda.tags import tag_list, tag_one
from sandbox.contentful.common import (
    DELIVERY_TYPE,
    bearer_token,
    error,
    json_response,
    not_found,
    request_id,
    token_error,
)
from sandbox.server import SandboxContext

# The uncached CDA figure Contentful support quotes (docs/reference/contentful-wire.md §1.8).
RATE_LIMIT_PER_SECOND = "55"
Handler = Callable[[Reader, dict[str, str]], Any]
Answer = Callable[[str, str | None, Handler, str], Response]  # space, env, handler, resource


def create_app(context: SandboxContext, preview: bool) -> Flask:
    """The CDA (or, with ``preview``, the CPA) as a WSGI app."""
    app = Flask(__name__ + (".preview" if preview else ".cda"))
    config = context.config
    token = config.preview_token if preview else config.delivery_token

    @app.before_request
    def check_token() -> Response | None:
        if request.path.startswith("/_files/") or bearer_token() == token:
            return None
        return token_error()

    @app.after_request
    def add_headers(response: Response) -> Response:
        return _finish(response, "cpa" if preview else "cda", config.space_id, config.environment)

    def answer(space: str, env: str | None, handler: Handler, resource: str = "") -> Response:
        wrong = _wrong_place(space, env, config.space_id, config.environment)
        if wrong is not None:
            return wrong
        reader = Reader(context.store, preview, config.space_id, config.environment)
        try:
            data = handler(reader, request.args.to_dict(flat=True))
        except QueryError as exc:
            return error(400, exc.error_id, exc.message, exc.details)
        return json_response(data) if data is not None else _missing(resource, space)

    _routes(app, answer)

    @app.get("/_files/<space>/<asset_id>/<path:file_name>")
    def files(space: str, asset_id: str, file_name: str) -> Response:
        return serve_file(context.store, space, config.space_id, asset_id, file_name)

    _error_handlers(app)
    return app


def _routes(app: Flask, answer: Answer) -> None:
    """Register each resource under both the environment path and the default-environment path."""
    resources: dict[str, Callable[..., Handler]] = {
        "entries": lambda: lambda r, a: paged(lambda q: r.items("Entry", q), a, request.path),
        "entries/<id>": lambda id: lambda r, a: r.item("Entry", id, a),
        "assets": lambda: lambda r, a: paged(lambda q: r.items("Asset", q), a, request.path),
        "assets/<id>": lambda id: lambda r, a: r.item("Asset", id, a),
        "content_types": lambda: lambda r, a: r.content_types(a),
        "content_types/<id>": lambda id: lambda r, a: r.content_type(id),
        "locales": lambda: lambda r, a: r.locale_list(a),
        "sync": lambda: lambda r, a: sync_page(r, a, request.base_url),
        "tags": lambda: lambda r, a: tag_list(r, a),
        "tags/<id>": lambda id: lambda r, a: tag_one(r, id),
    }
    for suffix, make in resources.items():
        _register(app, suffix, make, answer)

    @app.get("/spaces/<space>")
    @app.get("/spaces/<space>/")  # contentful.js getSpace() asks with a trailing slash
    def space_object(space: str) -> Response:
        return answer(space, None, lambda r, a: r.space_object(), "space/")


def _register(app: Flask, suffix: str, make: Callable[..., Handler], answer: Answer) -> None:
    def view(space: str, env: str | None = None, **ids: str) -> Response:
        resource = f"{suffix.split('/')[0]}/{ids.get('id', '')}"
        return answer(space, env, make(**ids), resource)

    endpoint = suffix.replace("/<id>", "_one")
    app.add_url_rule(f"/spaces/<space>/{suffix}", endpoint, view, methods=["GET"])
    app.add_url_rule(
        f"/spaces/<space>/environments/<env>/{suffix}", f"{endpoint}_env", view, methods=["GET"]
    )


def _wrong_place(space: str, env: str | None, my_space: str, my_env: str) -> Response | None:
    if space != my_space:
        return not_found("Space", space, space)
    if env is not None and env != my_env:
        return not_found("Environment", env, space)
    return None


_TYPE_OF = {"entries": "Entry", "assets": "Asset", "content_types": "ContentType", "tags": "Tag"}


def _missing(resource: str, space: str) -> Response:
    collection, _, id = resource.partition("/")
    if collection == "content_types":
        # The recorded CDA 404 for a content type carries no details (cda_errors.json).
        return error(404, "NotFound", "Invalid resource id")
    return not_found(_TYPE_OF.get(collection, "Entry"), id, space)


def _finish(response: Response, api: str, space: str, environment: str) -> Response:
    headers = response.headers
    headers.setdefault("Cache-Control", "max-age=0")
    headers["X-Contentful-Request-Id"] = _request_id_of(response)
    headers["Contentful-Api"] = api
    headers["X-Contentful-RateLimit-Second-Limit"] = RATE_LIMIT_PER_SECOND
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = "Etag"
    headers["Cf-Space-Id"], headers["Cf-Environment-Id"] = space, environment
    if response.status_code == 200 and response.mimetype == DELIVERY_TYPE:
        body = response.get_data()
        return not_modified(response, hashlib.md5(body, usedforsecurity=False).hexdigest())
    return response


def not_modified(response: Response, etag: str) -> Response:
    """Tag a 200 and turn it into a bodiless 304 when ``If-None-Match`` names the tag."""
    # Done by hand: werkzeug's make_conditional adds a Date header the server sends again.
    response.set_etag(etag, weak=True)
    if request.if_none_match.contains_weak(etag):
        response.status_code = 304
        response.set_data(b"")
        del response.headers["Content-Length"]
    return response


def _request_id_of(response: Response) -> str:
    # An error body carries its requestId; the header repeats it, as Contentful does.
    if response.status_code >= 400 and response.mimetype == DELIVERY_TYPE:
        try:
            return str(json.loads(response.get_data())["requestId"])
        except (ValueError, KeyError, TypeError):
            pass
    return request_id()


def _error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        if exc.code == 405:
            return error(405, "MethodNotAllowed", "The method is not allowed for this resource.")
        if exc.code == 404:
            return error(404, "NotFound", "The resource could not be found.")
        return error(exc.code or 400, "BadRequest", exc.description or "Bad request.")

    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> Response:
        # Never a traceback: answer with Contentful's ServerError body.
        app.logger.exception("sandbox delivery error", exc_info=exc)
        return error(500, "ServerError", "Internal server error.")
