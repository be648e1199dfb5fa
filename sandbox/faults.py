"""Fault injection: added latency and a share of 500/503 answers, per API, changeable live.

Every sandbox server answers ``GET /_sandbox/faults`` (the current setting) and
``POST /_sandbox/faults`` with a JSON body ``{"latency_ms": 80, "error_rate": 0.3}``; either key
may be left out. The control path itself is never delayed or failed.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from typing import Any

from sandbox.config import FaultSpec

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
CONTROL_PATH = "/_sandbox/faults"


class Faults:
    """The live fault setting of one API (thread-safe)."""

    def __init__(self, spec: FaultSpec | None = None, rng: random.Random | None = None) -> None:
        self._spec = spec or FaultSpec()
        self._lock = threading.Lock()
        self._rng = rng or random.Random()

    @property
    def spec(self) -> FaultSpec:
        """The current setting."""
        with self._lock:
            return self._spec

    def set(self, latency_ms: float | None = None, error_rate: float | None = None) -> FaultSpec:
        """Change the setting; values out of range raise ValueError."""
        with self._lock:
            spec = self._spec
            if latency_ms is not None:
                if not 0 <= float(latency_ms) <= 60_000:
                    raise ValueError("latency_ms must be between 0 and 60000")
                spec = replace(spec, latency_ms=float(latency_ms))
            if error_rate is not None:
                if not 0 <= float(error_rate) <= 1:
                    raise ValueError("error_rate must be between 0 and 1")
                spec = replace(spec, error_rate=float(error_rate))
            self._spec = spec
            return spec

    def draw_error(self) -> int | None:
        """500 or 503 for a request picked to fail, else None."""
        spec = self.spec
        with self._lock:
            if spec.error_rate and self._rng.random() < spec.error_rate:
                return self._rng.choice((500, 503))
        return None


def middleware(app: WSGIApp, faults: Faults, error_body: Callable[[int], bytes]) -> WSGIApp:
    """Wrap a WSGI app so it honours the fault setting and serves the control path."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == CONTROL_PATH:
            return _control(environ, start_response, faults)
        spec = faults.spec
        if spec.latency_ms:
            time.sleep(spec.latency_ms / 1000)
        status = faults.draw_error()
        if status is not None:
            body = error_body(status)
            reason = "Internal Server Error" if status == 500 else "Service Unavailable"
            start_response(
                f"{status} {reason}",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return app(environ, start_response)

    return wrapped


def _control(
    environ: dict[str, Any], start_response: Callable[..., Any], faults: Faults
) -> Iterable[bytes]:
    status = "200 OK"
    if environ.get("REQUEST_METHOD") == "POST":
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            data = json.loads(environ["wsgi.input"].read(length) or b"{}")
            if not isinstance(data, dict):
                raise ValueError("body must be a JSON object")
            faults.set(data.get("latency_ms"), data.get("error_rate"))
        except (ValueError, TypeError) as exc:
            return _json(start_response, "400 Bad Request", {"error": str(exc)})
    return _json(start_response, status, asdict(faults.spec))


def _json(start_response: Callable[..., Any], status: str, data: object) -> Iterable[bytes]:
    body = json.dumps(data).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
