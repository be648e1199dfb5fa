"""What an operator sees: queue counts, dead letters, and replaying them."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import click

from sync.events import EventQueue


def print_status(
    queue: EventQueue, last: Mapping[str, Mapping[str, Any] | None], as_json: bool = False
) -> None:
    """Print depth, pending, delayed and dead counts, then the last success and error."""
    try:
        stats = queue.stats()
    finally:
        queue.close()
    if as_json:
        click.echo(json.dumps({**asdict(stats), **last}, default=str))
        return
    click.echo(f"queued (not yet delivered)   {stats.depth}")
    click.echo(f"in progress (claimed)        {stats.pending}")
    click.echo(f"waiting to retry             {stats.delayed}")
    click.echo(f"dead letters                 {stats.dead}")
    click.echo(f"last success                 {_describe(last.get('last_success'))}")
    click.echo(f"last error                   {_describe(last.get('last_error'))}")
    if stats.dead:
        click.echo("see `storefront sync dead-letters`; replay with --replay")


def _describe(line: Mapping[str, Any] | None) -> str:
    """``2m ago  product.updated prod_1  updated`` (or ``never``)."""
    if not line:
        return "never"
    age = _age(time.time() - float(line.get("at", time.time())))
    what = f"{line.get('event')} {line.get('product')}  {line.get('action', '')}".rstrip()
    error = f"  {line['error']}" if line.get("error") else ""
    return f"{age} ago  {what}{error}"


def _age(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def print_dead_letters(queue: EventQueue) -> None:
    """One line per dead letter: key, event, id, attempts, age and the error."""
    letters = queue.dead_letters()
    if not letters:
        click.echo("no dead letters")
        return
    for letter in letters:
        age = int(time.time() - letter.dead_at)
        click.echo(
            f"{letter.key}  {letter.event}  {letter.id}  attempts={letter.attempts}  "
            f"{age}s ago  {letter.error}"
        )


def replay_dead_letters(queue: EventQueue, ids: list[str] | None) -> int:
    """Requeue the chosen dead letters (all when `ids` is None); prints and returns the count."""
    count = queue.replay_dead_letters(ids)
    click.echo(f"requeued {count} dead letter{'s' if count != 1 else ''}")
    if ids and count < len(ids):
        click.echo("some ids matched no dead letter", err=True)
    return count
