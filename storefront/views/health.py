"""Liveness (``/healthz``) and readiness (``/readyz``: are the upstreams and Redis reachable?).

``/healthz`` consults nothing, so it answers at once even while every upstream hangs.
``/readyz`` runs its probes in parallel and waits at most ``READY_TIMEOUT`` seconds in all; a
probe still running by then counts as down. Each check says whether it is ``required``
(``STOREFRONT_READY_REQUIRES``); only a required check that fails makes the answer a 503.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, wait

from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue

from storefront import cache, services
from storefront.clients.errors import UpstreamError

bp = Blueprint("health", __name__)
READY_TIMEOUT = 2.0  # seconds /readyz may take, whatever the upstreams do
EXTENSION = "storefront.readiness"
Probe = Callable[[], object]


def register(app: Flask, name: str, probe: Probe) -> None:
    """Add a readiness check (``probe`` raises when the dependency is unusable)."""
    app.extensions.setdefault(EXTENSION, {})[name] = probe


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process is alive (no upstream is consulted)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Each check's reachability and latency; 503 when a required one fails."""
    svc = services.current()
    required = set(svc.settings.ready_requires)
    checks = _run(_probes(), required)
    ready = all(check["ok"] for check in checks.values() if check["required"])
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _probes() -> dict[str, Probe]:
    svc = services.current()
    probes: dict[str, Probe] = {"medusa": svc.medusa.regions, "contentful": svc.delivery.locales}
    if svc.settings.redis_url:
        probes["redis"] = cache.ping
    probes.update(current_app.extensions.get(EXTENSION, {}))
    return probes


def _run(probes: Mapping[str, Probe], required: set[str]) -> dict[str, dict[str, object]]:
    started = time.perf_counter()
    pool = services.current().pool
    futures = {name: pool.submit(_timed, probe) for name, probe in probes.items()}
    wait(futures.values(), timeout=READY_TIMEOUT)
    return {
        name: {**_outcome(future, started), "required": name in required}
        for name, future in futures.items()
    }


def _timed(probe: Probe) -> float:
    started = time.perf_counter()
    probe()
    return _ms(started)


def _outcome(future: Future[float], started: float) -> dict[str, object]:
    if not future.done():
        return {"ok": False, "error": f"no answer within {READY_TIMEOUT:g} s", "ms": _ms(started)}
    error = future.exception()
    if error is not None:
        # Upstream messages are safe to show; others could name internal hosts, so only the type.
        why = str(error) if isinstance(error, UpstreamError) else type(error).__name__
        return {"ok": False, "error": why, "ms": _ms(started)}
    return {"ok": True, "ms": future.result()}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
