"""CSRF protection for the storefront's forms: a per-session token checked on every POST.

The token lives in the signed session cookie; forms carry it in ``csrf_token``. Webhook
endpoints are exempt: they authenticate with request signatures instead.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session

FIELD = "csrf_token"
EXEMPT_PREFIXES = ("/hooks/",)


def init_app(app: Flask) -> None:
    """Check every unsafe request and offer ``csrf_token()`` to templates."""
    app.before_request(_protect)
    app.jinja_env.globals["csrf_token"] = token


def token() -> str:
    """This session's token, created on first use."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    value: str = session[FIELD]
    return value


def _protect() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(EXEMPT_PREFIXES):
        return
    sent = request.form.get(FIELD, "")
    expected = session.get(FIELD, "")
    if not expected or not hmac.compare_digest(sent.encode(), str(expected).encode()):
        abort(400, description="csrf")
