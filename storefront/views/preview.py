"""Preview mode: ``?preview=<secret>`` shows drafts from the Preview API, uncached and unindexed.

The secret is exchanged at once for a mark in the signed session cookie and the visitor is
redirected to the same URL without it, so it stays out of the browser's history, of Referer
headers and of bookmarks; access logs redact it (`storefront.accesslog`). The mark is an HMAC of
the secret, so rotating ``STOREFRONT_PREVIEW_SECRET`` ends every preview session.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from flask import Blueprint, Flask, current_app, redirect, request, session
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from storefront import accesslog, i18n, params, services

bp = Blueprint("preview", __name__)
PARAM = "preview"


def init_app(app: Flask) -> None:
    """Unlock preview mode when a request carries the right secret."""
    app.before_request(_unlock)
    accesslog.install()


def active() -> bool:
    """Whether this session unlocked preview mode with the current secret."""
    held = session.get(PARAM)
    if not isinstance(held, str):  # every anonymous visitor: no HMAC to compute (~4 per page)
        return False
    expected = _mark()
    return bool(expected) and hmac.compare_digest(held.encode(), expected.encode())


def _mark() -> str:
    """The session's proof of the secret: an HMAC, so the cookie never holds the secret itself."""
    secret = services.current().settings.preview_secret
    if not secret:
        return ""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"preview:{secret}".encode(), hashlib.sha256).hexdigest()


def _unlock() -> Response | None:
    given = request.args.get(PARAM)
    if given is None or request.method not in ("GET", "HEAD"):
        return None
    secret = services.current().settings.preview_secret
    if not (secret and hmac.compare_digest(given.encode(), secret.encode())):
        return None
    session[PARAM] = _mark()
    response = redirect(_without_secret(), 303)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _without_secret() -> str:
    """This URL without the ``preview`` parameter."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != PARAM]
    path = params.safe_path(request.path)
    return f"{path}?{urlencode(args)}" if args else path


@bp.get("/preview/exit")
def exit() -> ResponseReturnValue:
    """Leave preview mode."""
    session.pop(PARAM, None)
    return redirect(i18n.lurl("catalog.index"))
