"""Run the sandbox: four local HTTP servers (Medusa, CDA, Preview, CMA) over one SQLite store.

Each API listens where its configured URL points; port 0 picks a free port (tests), and the
resulting URLs are in ``Sandbox.urls`` once started. Connections stay open between requests, as
the real services keep them (``sandbox.keepalive``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sandbox.config import SandboxConfig, host_port
from sandbox.faults import Faults, WSGIApp, middleware
from sandbox.keepalive import KeepAliveServer
from sandbox.reasons import reason_phrases
from sandbox.store import Store

API_NAMES = ("medusa", "cda", "preview", "cma")


@dataclass
class SandboxContext:
    """What every sandbox app shares: settings (with the real URLs), the store, the faults."""

    config: SandboxConfig
    store: Store
    faults: dict[str, Faults] = field(default_factory=dict)
    # Background work (webhook deliveries) registers a stop hook here.
    on_stop: list[Callable[[], None]] = field(default_factory=list)


class _Slot:
    """A WSGI app placeholder: servers bind first (to learn their ports), apps arrive after."""

    def __init__(self) -> None:
        self.app: WSGIApp | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None, "sandbox app not installed yet"
        return self.app(environ, start_response)


class Sandbox:
    """The four sandbox servers, started and stopped together."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._servers: dict[str, KeepAliveServer] = {}
        self.context: SandboxContext | None = None
        self._stopped = False

    @property
    def urls(self) -> dict[str, str]:
        """The base URL of each API, with the ports actually bound."""
        return {
            name: f"http://{server.host}:{server.port}" for name, server in self._servers.items()
        }

    def start(self) -> Sandbox:
        """Bind every port, build the apps, seed if empty, and serve in background threads."""
        slots = {name: _Slot() for name in API_NAMES}
        for name, url in self._configured_urls().items():
            self._servers[name] = self._bind(name, url, slots[name])
        urls = self.urls
        config = replace(
            self.config,
            medusa_url=urls["medusa"],
            cda_url=urls["cda"],
            preview_url=urls["preview"],
            cma_url=urls["cma"],
        )
        self.context = build_context(config)
        for name, app in build_apps(self.context).items():
            slots[name].app = app
        for name, server in self._servers.items():
            server.start(f"sandbox-{name}")
        return self

    def stop(self) -> None:
        """Stop serving and close the store (once: a second call does nothing)."""
        for server in self._servers.values():
            server.stop()
        if self.context is not None and not self._stopped:
            self._stopped = True
            for hook in self.context.on_stop:
                hook()
            self.context.store.close()

    def _bind(self, name: str, url: str, app: _Slot) -> KeepAliveServer:
        host, port = host_port(url)
        try:
            return KeepAliveServer(host, port, app)
        except OSError as exc:
            for server in self._servers.values():
                server.stop()
            self._servers.clear()
            raise OSError(f"{name} cannot listen on {host}:{port} ({url})") from exc

    def _configured_urls(self) -> dict[str, str]:
        c = self.config
        return {
            "medusa": c.medusa_url,
            "cda": c.cda_url,
            "preview": c.preview_url,
            "cma": c.cma_url,
        }


def build_context(config: SandboxConfig) -> SandboxContext:
    """Open the store and set up the live fault settings (seeding the demo catalog if empty)."""
    store = Store(config.db_path)
    faults = {name: Faults(config.faults.get(name)) for name in API_NAMES}
    context = SandboxContext(config=config, store=store, faults=faults)
    if config.seed:
        from sandbox.seed import load_if_empty

        load_if_empty(context)
    return context


def build_apps(context: SandboxContext) -> dict[str, WSGIApp]:
    """One WSGI app per API, each wrapped in its fault middleware."""
    from sandbox.contentful.cda.app import create_app as cda_app
    from sandbox.contentful.cma.app import create_app as cma_app
    from sandbox.medusa import create_app as medusa_app

    apps: dict[str, WSGIApp] = {
        "medusa": medusa_app(context),
        "cda": cda_app(context, preview=False),
        "preview": cda_app(context, preview=True),
        "cma": cma_app(context),
    }
    return {
        name: reason_phrases(middleware(app, context.faults[name], _error_body(name)))
        for name, app in apps.items()
    }


def _error_body(api: str) -> Callable[[int], bytes]:
    def body(status: int) -> bytes:
        if api == "medusa":
            return json.dumps(
                {"type": "unknown_error", "message": "An unknown error occurred."}
            ).encode()
        return json.dumps(
            {"sys": {"type": "Error", "id": "ServerError"}, "message": "Server error (injected)."}
        ).encode()

    return body
