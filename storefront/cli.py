"""The ``storefront`` command: demo, serve, sandbox (and, with their issues, sync and translate)."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click
from click.decorators import FC
from flask import Flask
from werkzeug.serving import make_server

from sandbox.config import FaultSpec, SandboxConfig
from storefront import config as config_module
from storefront.clients.errors import UpstreamError
from storefront.config import ConfigError, Settings

API_NAMES = ("medusa", "cda", "preview", "cma")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Multi-locale storefront over Medusa v2 and Contentful, with sync and an offline sandbox."""


def load_settings() -> Settings:
    """Settings from the environment, or a clean CLI error naming the bad variable."""
    try:
        return config_module.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _fault_option(name: str, help_text: str) -> Callable[[FC], FC]:
    return click.option(name, multiple=True, metavar="API=VALUE", help=help_text)


def sandbox_options(func: FC) -> FC:
    """Options shared by ``sandbox`` and ``demo``."""
    func = click.option("--data-dir", type=click.Path(path_type=Path), help="State directory.")(
        func
    )
    func = click.option(
        "--cma-rate-limit", type=int, default=10, show_default=True, help="CMA req/s (0 = off)."
    )(func)
    func = _fault_option("--latency", "Added latency in ms, e.g. medusa=40 cda=80.")(func)
    func = _fault_option("--error-rate", "Share of injected 500/503, e.g. cma=0.2.")(func)
    return click.option("--no-seed", is_flag=True, help="Start empty, without the demo catalog.")(
        func
    )


@main.command()
@sandbox_options
def sandbox(
    data_dir: Path | None,
    cma_rate_limit: int,
    latency: tuple[str, ...],
    error_rate: tuple[str, ...],
    no_seed: bool,
) -> None:
    """Run the local Medusa and Contentful stand-ins until Ctrl-C or SIGTERM."""
    stop = _stop_on_signals()
    settings = load_settings()
    box_config = sandbox_config(settings, data_dir, cma_rate_limit, latency, error_rate, no_seed)
    with running_sandbox(box_config) as urls:
        _print_urls(urls)
        _wait_for(stop)


@main.command()
@click.option("--port", type=int, default=8000, show_default=True, help="Storefront port.")
@sandbox_options
def demo(
    port: int,
    data_dir: Path | None,
    cma_rate_limit: int,
    latency: tuple[str, ...],
    error_rate: tuple[str, ...],
    no_seed: bool,
) -> None:
    """Run the sandbox, the sync worker and the storefront together, offline, until Ctrl-C."""
    stop = _stop_on_signals()
    _quiet_logging()
    settings = load_settings()
    if data_dir is not None:
        settings = settings.replace(data_dir=str(data_dir))
    box_config = sandbox_config(settings, data_dir, cma_rate_limit, latency, error_rate, no_seed)
    with running_sandbox(box_config) as urls:
        settings = settings.replace(
            medusa_url=urls["medusa"],
            contentful_cda_url=urls["cda"],
            contentful_preview_url=urls["preview"],
            contentful_cma_url=urls["cma"],
            public_url=f"http://127.0.0.1:{port}",
        )
        with running_storefront(settings, port) as (store_url, app), running_worker(settings, app):
            _print_urls({**urls, "storefront": store_url})
            _wait_for(stop)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(host: str, port: int) -> None:
    """Run the storefront alone against whatever the configuration points at."""
    stop = _stop_on_signals()
    settings = load_settings()
    with running_storefront(settings, port, host) as (url, _):
        _print_urls({"storefront": url})
        _wait_for(stop)


def sandbox_config(
    settings: Settings,
    data_dir: Path | None,
    cma_rate_limit: int,
    latency: tuple[str, ...],
    error_rate: tuple[str, ...],
    no_seed: bool,
) -> SandboxConfig:
    """Map the project's settings and the CLI flags onto the sandbox's own config."""
    faults = {
        api: FaultSpec(latency_ms=lat, error_rate=err)
        for api, (lat, err) in _faults(latency, error_rate).items()
    }
    return SandboxConfig(
        data_dir=(data_dir or Path(settings.data_dir)) / "sandbox",
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
        cma_rate_limit=cma_rate_limit,
        seed=not no_seed,
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


@contextmanager
def running_storefront(
    settings: Settings, port: int, host: str = "127.0.0.1"
) -> Iterator[tuple[str, Flask]]:
    """Serve the storefront app in a background thread; stop it on exit."""
    from storefront import create_app

    app = create_app({"SETTINGS": settings})
    try:
        server = make_server(host, port, app, threaded=True)
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
    from sync.cli import build_sync, make_cma, make_queue_factory
    from sync.setup import run_setup
    from sync.worker import WorkerOptions, run_workers

    cma = make_cma(settings)
    try:
        run_setup(cma, settings, lambda line: click.echo(f"sync setup: {line}", err=True))
    except UpstreamError as exc:
        raise click.ClickException(f"sync setup failed: {exc}") from exc
    finally:
        cma.close()
    parts = build_sync(settings, on_product_changed=_purger(app))
    stop = threading.Event()
    args = (make_queue_factory(settings), parts.dispatcher, 2, WorkerOptions(), False, stop)
    thread = threading.Thread(target=run_workers, args=args, name="sync-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
        parts.close()


def _purger(app: Flask) -> Callable[[str], None]:
    """The storefront cache purge, callable from the worker's threads."""
    from storefront import services

    def purge(product_id: str) -> None:
        with app.app_context():
            services.current_for(app).purge_product(product_id)

    return purge


def _quiet_logging() -> None:
    """The sync worker's one line per event, without a line per HTTP request."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("werkzeug", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _print_urls(urls: dict[str, str]) -> None:
    labels = {
        "storefront": "Storefront",
        "medusa": "Medusa (Store + Admin API)",
        "cda": "Contentful Delivery API",
        "preview": "Contentful Preview API",
        "cma": "Contentful Management API",
    }
    for name, url in urls.items():
        click.echo(f"{labels.get(name, name):<28} {url}")
    click.echo("Press Ctrl-C to stop.")


def _stop_on_signals() -> threading.Event:
    """An event set by SIGINT or SIGTERM; installed first so no signal kills a half-started demo."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop


def _wait_for(stop: threading.Event) -> None:
    """Block until a stop signal arrives."""
    while not stop.wait(0.5):
        pass
    click.echo("Stopping.", err=True)


def _register_subcommands() -> None:
    from storefront.translate import translate_group
    from sync.cli import sync as sync_group

    main.add_command(translate_group)
    main.add_command(sync_group)


_register_subcommands()
