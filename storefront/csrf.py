"""CSRF protection for the storefront's forms, without making public pages personal.

A visitor with a session (a cart) gets a per-session token kept in the signed session cookie.
A visitor without one gets the day's anonymous token, the same for everyone, so product pages
stay cacheable by browsers and CDNs. Because anyone can read that token, a POST carrying it is
accepted only when the browser vouches for where it came from: ``Origin``, ``Referer`` or
``Sec-Fetch-Site`` must be present (every browser sends ``Origin`` with a form POST) and none
may name another site. Any POST whose headers name another site is refused, token or not.
"Our site" is the origin of ``STOREFRONT_PUBLIC_URL`` (a proxy may rewrite ``Host``); outside
production the request's own host counts too, so ``localhost`` works in development.
Webhook endpoints are exempt: they authenticate with signatures.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, session

from storefront import services

FIELD = "csrf_token"
EXEMPT_PREFIXES = ("/hooks/",)
DAY = 86400
SAME_SITE = ("same-origin", "none")  # Sec-Fetch-Site values of a request from our own pages


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
    if _cross_site():
        valid = False
    elif expected:
        valid = hmac.compare_digest(sent.encode(), str(expected).encode())
    else:
        valid = _is_anonymous(sent) and _vouched()
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


def _vouched() -> bool:
    """Whether the browser said where the request came from (checked by `_cross_site`)."""
    return any(request.headers.get(h) for h in ("Origin", "Referer", "Sec-Fetch-Site"))


def _cross_site() -> bool:
    """Whether any header says the request came from another site."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in SAME_SITE:
        return True
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value and not is_ours(value):
            return True
    return False


def is_ours(url: str) -> bool:
    """Whether an absolute URL (an Origin, a Referer) is on this shop's own origin."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    settings = services.current().settings
    public = urlsplit(settings.public_url)
    if (parts.scheme, parts.netloc.lower()) == (public.scheme, public.netloc.lower()):
        return True
    return not settings.is_production and parts.netloc.lower() == request.host.lower()
