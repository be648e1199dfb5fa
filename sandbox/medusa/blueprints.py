"""What every Medusa route module starts from: its blueprint and the shared store."""

from __future__ import annotations

from flask import Blueprint, current_app

from sandbox.medusa import auth
from sandbox.store import Store


def current_store() -> Store:
    """The sandbox store of the running Medusa app."""
    store: Store = current_app.config["MEDUSA_CONTEXT"].store
    return store


def admin_blueprint(name: str) -> Blueprint:
    """An ``/admin`` blueprint whose every route requires an authenticated admin."""
    bp = Blueprint(name, __name__, url_prefix="/admin")
    bp.before_request(_require_admin)
    return bp


def _require_admin() -> None:
    auth.require_admin(current_app.config["MEDUSA_CONTEXT"].config)
