"""What the ``storefront`` commands run: the sandbox, the storefront and the sync worker.

Each is a context manager that starts the service in background threads and stops it on exit,
so ``demo`` can nest them and every process it started ends on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from config.settings import Settings
from sandbox.config import FaultSpec, SandboxConfig
from storefront.clients.errors import UpstreamError

API_NAMES = ("medusa", "cda", "preview", "cma")


@dataclass(frozen=True)
class SandboxFlags:
    """The command-line flags that shape a sandbox."""

    data_dir: Path | None = None
    cma_rate_limit: int = 10
    latency: tuple[str, ...] = ()
    error_rate: tuple[str, ...] = ()
    no_seed: bool = False


def sandbox_config(settings: Settings, flags: SandboxFlags) -> SandboxConfig:
    """Map the project's settings and the CLI flags onto the sandbox's own config."""
    faults = {
        api: FaultSpec(latency_ms=lat, error_rate=err)
        for api, (lat, err) in _faults(flags.latency, flags.error_rate).items()
    }
    return SandboxConfig(
        data_dir=(flags.data_dir or Path(settings.data_dir)) / "sandbox",
        medusa_url=settings.medusa_url,
        cda_url=settings.contentful_cda_url,
        preview_url=settings.contentful_preview_url,
        cma_url=settings.contentful_cma_url,
        space_id=settings.contentful_space_id,
        environment=settings.contentful_environment,
        delivery_token=settings.contentful_delivery_token,
        preview_token=settings.contentful_preview_token,
        management_token=settings.contentful_management_token,
        webhook_secret=settings.contentful_webhook_secret,
        publishable_key=settings.medusa_publishable_key,
        api_key=settings.medusa_api_key,
        redis_url=settings.redis_url,
        cma_rate_limit=flags.cma_rate_limit,
        seed=not flags.no_seed,
        faults=faults,
    )


def _faults(
    latency: tuple[str, ...], error_rate: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    result: dict[str, tuple[float, float]] = {}
    for option, pairs, index in (("--latency", latency, 0), ("--error-rate", error_rate, 1)):
        for api, value in (_api_value(option, pair) for pair in pairs):
            current = list(result.get(api, (0.0, 0.0)))
            current[index] = value
            result[api] = (current[0], current[1])
    return result


def _api_value(option: str, pair: str) -> tuple[str, float]:
    api, sep, raw = pair.partition("=")
    if not sep or api not in API_NAMES:
        raise click.BadParameter(
            f"{pair!r}: expected API=VALUE with API one of {API_NAMES}", param_hint=option
        )
    try:
        return api, float(raw)
    except ValueError as exc:
        raise click.BadParameter(f"{pair!r}: {raw!r} is not a number", param_hint=option) from exc


@contextmanager
def running_sandbox(box_config: SandboxConfig) -> Iterator[dict[str, str]]:
    """Start the sandbox servers; stop them on exit."""
    from sandbox.server import Sandbox

    try:
        box = Sandbox(box_config).start()
    except OSError as exc:
        raise click.ClickException(f"cannot start the sandbox: {exc}") from exc
    try:
        yield box.urls
    finally:
        box.stop()


class OneDateHandler(WSGIRequestHandler):
    """werkzeug's request handler, sending one Date header: http.server dates every answer
    before the app's headers, and the app's own answers carry a Date already (werkzeug's
    ``make_conditional``, a page-cache hit); the second would repeat a single-valued field."""

    _dated = False

    def send_response_only(self, code: int, message: str | None = None) -> None:
        """Start an answer (its status line), not yet dated."""
        self._dated = False
        super().send_response_only(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        """Send a header; a Date only once per answer (the first: http.server's own)."""
        if keyword.lower() == "date":
            if self._dated:
                return
            self._dated = True
        super().send_header(keyword, value)


@contextmanager
def running_storefront(
    settings: Settings, port: int, host: str = "127.0.0.1"
) -> Iterator[tuple[str, Flask]]:
    """Serve the storefront app in a background thread; stop it on exit."""
    from storefront import create_app, startup

    app = create_app({"SETTINGS": settings})
    startup.warm_up(app)
    try:
        server = make_server(host, port, app, threaded=True, request_handler=OneDateHandler)
    except (OSError, SystemExit) as exc:  # werkzeug exits on EADDRINUSE
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://{host}:{server.port}", app
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running_worker(settings: Settings, app: Flask) -> Iterator[None]:
    """Set up the content model and webhook, then run the sync worker in a thread."""
    from storefront.purger import WorkerPurge
    from sync.assembly import build_sync, make_cma, make_queue_factory
    from sync.journal import Journal
    from sync.setup import run_setup
    from sync.state import open_state
    from sync.worker import WorkerOptions, run_workers

    cma = make_cma(settings)
    try:
        run_setup(cma, settings, lambda line: click.echo(f"sync setup: {line}", err=True))
    except UpstreamError as exc:
        raise click.ClickException(f"sync setup failed: {exc}") from exc
    finally:
        cma.close()
    purge = WorkerPurge(app)
    parts = build_sync(
        settings, on_product_changed=purge.product, on_taxonomy_changed=purge.taxonomy
    )
    stop = threading.Event()
    journal = Journal(open_state(settings))
    factory = make_queue_factory(settings)
    args = (factory, parts.dispatcher, 2, WorkerOptions(), False, stop, journal)
    thread = threading.Thread(target=run_workers, args=args, name="sync-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
        parts.close()
        journal.state.close()
