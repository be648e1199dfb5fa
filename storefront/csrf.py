"""CSRF protection for the storefront's forms, without making public pages personal.

A visitor with a session (a cart) gets a per-session token kept in the signed session cookie.
A visitor without one gets the day's anonymous token, the same for everyone, so product pages
stay cacheable by browsers and CDNs; a POST carrying it is accepted only when no header says
it came from another site (``Sec-Fetch-Site``, ``Origin``, ``Referer``), and the session token
takes over from then on. Webhook endpoints are exempt: they authenticate with signatures.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, session

FIELD = "csrf_token"
EXEMPT_PREFIXES = ("/hooks/",)
DAY = 86400


def init_app(app: Flask) -> None:
    """Check every unsafe request and offer ``csrf_token()`` to templates."""
    app.before_request(_protect)
    app.jinja_env.globals["csrf_token"] = token


def token() -> str:
    """The session's token, or the day's anonymous one (which writes no cookie)."""
    held = session.get(FIELD) if session else None
    return str(held) if held else _anonymous(int(time.time()) // DAY)


def _protect() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(EXEMPT_PREFIXES):
        return
    sent = request.form.get(FIELD, "")
    expected = session.get(FIELD)
    if expected:
        valid = hmac.compare_digest(sent.encode(), str(expected).encode())
    else:
        valid = _is_anonymous(sent) and not _cross_site()
    if not valid:
        abort(400, description="csrf")
    if not expected:
        session[FIELD] = secrets.token_urlsafe(32)


def _anonymous(day: int) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"csrf-anonymous:{day}".encode(), hashlib.sha256).hexdigest()


def _is_anonymous(sent: str) -> bool:
    today = int(time.time()) // DAY
    # Yesterday's token stays valid so a page cached over midnight still works.
    return any(
        hmac.compare_digest(sent.encode(), _anonymous(d).encode()) for d in (today, today - 1)
    )


def _cross_site() -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return True
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value and value != "null" and urlsplit(value).netloc != request.host:
            return True
    return request.headers.get("Origin") == "null"
