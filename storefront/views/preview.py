"""Preview mode: ``?preview=<secret>`` shows drafts from the Preview API, uncached and unindexed."""

from __future__ import annotations

import hmac

from flask import Blueprint, Flask, redirect, request, session
from flask.typing import ResponseReturnValue

from storefront import i18n, services

bp = Blueprint("preview", __name__)


def init_app(app: Flask) -> None:
    """Unlock preview mode when a request carries the right secret."""
    app.before_request(_unlock)


def _unlock() -> None:
    given = request.args.get("preview")
    if given is None:
        return
    secret = services.current().settings.preview_secret
    if secret and hmac.compare_digest(given.encode(), secret.encode()):
        session["preview"] = True


@bp.get("/preview/exit")
def exit() -> ResponseReturnValue:
    """Leave preview mode."""
    session.pop("preview", None)
    return redirect(i18n.lurl("catalog.index"))
