"""``/locale/<code>?next=<path>``: the language switcher remembers the choice, then goes back.

Pages reached with ``?lang=`` never set a cookie themselves, so a shared cache can keep them
(a ``Set-Cookie`` makes a response private). The switcher links here instead: this one small,
uncached response sets the ``lang`` cookie and redirects to the same page in the new locale.
Only a local path is followed; anything else goes to the home page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Blueprint, abort, redirect, request
from flask.typing import ResponseReturnValue

from storefront import i18n, services

bp = Blueprint("locale", __name__)


@bp.get("/locale/<code>")
def switch(code: str) -> ResponseReturnValue:
    """Remember ``code`` in the cookie and redirect to ``next`` in that locale."""
    chosen = services.current().locale_table().resolve_param(code)
    if chosen is None:
        abort(404)
    response = redirect(in_locale(request.args.get("next", "/"), chosen), 303)
    i18n.set_locale_cookie(response, chosen)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def in_locale(target: str, code: str) -> str:
    """``target`` (a local path with its query) with ``lang=code``; ``/`` when not local."""
    parts = urlsplit(target)
    local = target.startswith("/") and not parts.scheme and not parts.netloc
    if not local or not parts.path.startswith("/") or _unsafe(target):
        return f"/?{urlencode({'lang': code})}"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "lang"]
    return f"{parts.path}?{urlencode([*query, ('lang', code)])}"


def _unsafe(target: str) -> bool:
    # "//host" and "/\host" are other sites to a browser; control characters hide either.
    second = target[1:2]
    return second in ("/", "\\") or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target)
