"""A Flask app whose every write request runs in one SQLite transaction (``BEGIN IMMEDIATE``).

Optimistic locking (``X-Contentful-Version``) is only as good as the gap between reading the
version and writing the new one: real Contentful lets exactly one of several same-version writes
through. Holding the store's write transaction from the handler's first read to its last write
closes that gap for threads (the store's lock) and for other processes on the same file (SQLite's
write lock), and a handler that raises leaves nothing half-written (rollback).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, request

from sandbox.store import Store

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
View = TypeVar("View", bound=Callable[..., Any])


def own_transaction(view: View) -> View:
    """Mark a view that opens its own transaction (it must wait for another server first)."""
    view.own_transaction = True  # type: ignore[attr-defined]
    return view


class AtomicFlask(Flask):
    """Flask that dispatches each non-read request inside ``store.transaction()``."""

    def __init__(self, import_name: str, store: Store, **kwargs: Any) -> None:
        super().__init__(import_name, **kwargs)
        self.store = store

    def dispatch_request(self) -> Any:
        """Run the view; writes commit when it returns and roll back when it raises."""
        view = self.view_functions.get(request.endpoint or "")
        if request.method in READ_METHODS or getattr(view, "own_transaction", False):
            return super().dispatch_request()
        with self.store.transaction():
            return super().dispatch_request()
