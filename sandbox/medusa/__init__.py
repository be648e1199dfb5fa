"""Medusa v2 Store and Admin API stand-in (placeholder until built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from sandbox.server import SandboxContext


def create_app(context: SandboxContext) -> Flask:
    """The Medusa Store + Admin API as a WSGI app."""
    return Flask(__name__)
