"""Liveness: ``/healthz`` answers while the process is up."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process is alive (no upstream is consulted)."""
    return jsonify(status="ok")
