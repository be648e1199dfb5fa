"""Liveness (``/healthz``) and readiness (``/readyz``: are the upstreams reachable?)."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from storefront import services
from storefront.clients.errors import UpstreamError

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process is alive (no upstream is consulted)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Each upstream's reachability and latency; 503 unless Medusa and the CDA both answer."""
    svc = services.current()
    checks = {
        "medusa": _probe(svc.medusa.regions),
        "contentful": _probe(svc.delivery.locales),
    }
    ready = all(check["ok"] for check in checks.values())
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _probe(call: Callable[[], object]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        call()
    except UpstreamError as exc:
        return {"ok": False, "error": str(exc), "ms": _ms(started)}
    return {"ok": True, "ms": _ms(started)}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
