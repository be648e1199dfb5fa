"""Progress for bulk commands: a rich bar on a terminal, plain lines otherwise, then a summary.

A `Reporter` counts one outcome per item (``created``, ``updated``, ``unchanged``, ``failed``...),
is safe to call from worker threads, and calls an optional ``on_item(name, outcome)`` hook after
counting: tests interrupt a run by raising from it, as a Ctrl-C would.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TextIO

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

FAILED = "failed"
ItemHook = Callable[[str, str], None]


@dataclass(frozen=True)
class Failure:
    """One item that failed, and why."""

    item: str
    error: str


class Reporter:
    """Counts outcomes and shows progress for one bulk stage."""

    def __init__(
        self,
        title: str,
        *,
        stream: TextIO | None = None,
        fancy: bool | None = None,
        on_item: ItemHook | None = None,
    ) -> None:
        """`fancy` defaults to whether `stream` (stderr) is a terminal."""
        self.title = title
        self.stream = stream or sys.stderr
        self.fancy = self.stream.isatty() if fancy is None else fancy
        self.on_item = on_item
        self.counts: Counter[str] = Counter()
        self.failures: list[Failure] = []
        self.total = 0
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    @property
    def failed(self) -> bool:
        """True when any item failed."""
        return bool(self.failures)

    @property
    def done(self) -> int:
        """Items reported so far."""
        return sum(self.counts.values())

    def __enter__(self) -> Reporter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start(self, total: int) -> None:
        """Announce how many items the stage will go through."""
        self.total = total
        if self.fancy and self._bar is None:
            console = Console(file=self.stream)
            self._bar = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console,
            )  # fmt: skip
            self._bar.start()
            self._task = self._bar.add_task(self.title, total=total, last="")
        elif not self.fancy:
            click.echo(f"{self.title}: {total} items", file=self.stream)

    def item(self, name: str, outcome: str, error: str | None = None) -> None:
        """Count one item's outcome (thread-safe); `error` makes it a failure."""
        if error is not None:
            outcome = FAILED
        with self._lock:
            self.counts[outcome] += 1
            if error is not None:
                self.failures.append(Failure(name, error))
            self._show(name, outcome, error)
        if self.on_item is not None:
            self.on_item(name, outcome)

    def _show(self, name: str, outcome: str, error: str | None) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, last=f"{name}: {outcome}")
            return
        suffix = f" ({error})" if error else ""
        line = f"{self.title}: {self.done}/{self.total or '?'} {name} {outcome}{suffix}"
        click.echo(line, file=self.stream)

    def close(self) -> None:
        """Stop the bar (idempotent)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary(self, out: TextIO | None = None) -> None:
        """Print the outcome counts and every failure as a table (plain text off a terminal)."""
        self.close()
        out = out or sys.stdout
        if self.fancy:
            self._rich_summary(Console(file=out))
            return
        click.echo(f"{self.title} summary", file=out)
        for outcome, count in sorted(self.counts.items()):
            click.echo(f"  {outcome:<16} {count}", file=out)
        for failure in self.failures:
            click.echo(f"  FAILED {failure.item}: {failure.error}", file=out)

    def _rich_summary(self, console: Console) -> None:
        table = Table(title=f"{self.title} summary")
        table.add_column("outcome")
        table.add_column("items", justify="right")
        for outcome, count in sorted(self.counts.items()):
            table.add_row(outcome, str(count))
        console.print(table)
        if self.failures:
            errors = Table(title="failures")
            errors.add_column("item")
            errors.add_column("error")
            for failure in self.failures:
                errors.add_row(failure.item, failure.error)
            console.print(errors)
