"""The ``storefront`` command: demo, serve, sandbox; assembles the sync and translate groups."""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import click
from click.decorators import FC

from cli.env import load_settings
from cli.runners import (
    SandboxFlags,
    running_sandbox,
    running_storefront,
    running_worker,
    sandbox_config,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Multi-locale storefront over Medusa v2 and Contentful, with sync and an offline sandbox."""


def _fault_option(name: str, help_text: str) -> Callable[[FC], FC]:
    return click.option(name, multiple=True, metavar="API=VALUE", help=help_text)


def sandbox_options(func: Callable[..., None]) -> Callable[..., None]:
    """The options shared by ``sandbox`` and ``demo``, handed to the command as ``flags``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        names = ("data_dir", "cma_rate_limit", "latency", "error_rate", "no_seed")
        flags = SandboxFlags(**{name: kwargs.pop(name) for name in names})
        func(*args, flags=flags, **kwargs)

    options = (
        click.option("--data-dir", type=click.Path(path_type=Path), help="State directory."),
        click.option("--cma-rate-limit", type=int, default=10, show_default=True,
                     help="CMA requests per second (0 = off)."),
        _fault_option("--latency", "Added latency in ms, e.g. medusa=40 cda=80."),
        _fault_option("--error-rate", "Share of injected 500/503, e.g. cma=0.2."),
        click.option("--no-seed", is_flag=True, help="Start empty, without the demo catalog."),
    )  # fmt: skip
    return functools.reduce(lambda f, option: option(f), options, wrapper)


@main.command()
@sandbox_options
def sandbox(flags: SandboxFlags) -> None:
    """Run the local Medusa and Contentful stand-ins until Ctrl-C or SIGTERM."""
    stop = _stop_on_signals()
    with running_sandbox(sandbox_config(load_settings(), flags)) as urls:
        _ready(urls)
        _wait_for(stop)


@main.command()
@click.option("--port", type=int, default=8000, show_default=True, help="Storefront port.")
@sandbox_options
def demo(port: int, flags: SandboxFlags) -> None:
    """Run the sandbox, the sync worker and the storefront together, offline, until Ctrl-C."""
    stop = _stop_on_signals()
    _quiet_logging()
    settings = load_settings()
    if flags.data_dir is not None:
        settings = settings.replace(data_dir=str(flags.data_dir))
    with running_sandbox(sandbox_config(settings, flags)) as urls:
        settings = settings.replace(
            medusa_url=urls["medusa"],
            contentful_cda_url=urls["cda"],
            contentful_preview_url=urls["preview"],
            contentful_cma_url=urls["cma"],
            public_url=f"http://127.0.0.1:{port}",
        )
        with running_storefront(settings, port) as (store_url, app), running_worker(settings, app):
            _ready({**urls, "storefront": store_url})
            _wait_for(stop)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(host: str, port: int) -> None:
    """Run the storefront alone against whatever the configuration points at."""
    stop = _stop_on_signals()
    with running_storefront(load_settings(), port, host) as (url, _):
        _ready({"storefront": url})
        _wait_for(stop)


def _quiet_logging() -> None:
    """The sync worker's one line per event, without a line per HTTP request."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("werkzeug", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _ready(urls: dict[str, str]) -> None:
    """Freeze what start-up loaded, then say where each server listens."""
    # Start-up's objects (modules, apps, compiled templates) live as long as the process. Left
    # to the collector, the sandbox under the page benchmark's load ran a full collection every
    # ~3 s, 38-60 ms each, and the answer in flight came that much late (a collector callback
    # in the sandbox: each pause matched a slow Contentful answer; after freezing, none).
    from storefront.startup import freeze_heap

    frozen = freeze_heap()
    _print_urls(urls)
    click.echo(f"{frozen} start-up objects frozen out of the garbage collector's walks")


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
    from cli.bulk import import_command, publish_command
    from cli.sync import sync as sync_group
    from cli.translate import translate_group

    for command in (translate_group, sync_group, import_command, publish_command):
        main.add_command(command)


_register_subcommands()
