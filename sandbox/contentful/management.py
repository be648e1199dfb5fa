"""Contentful Management API stand-in (placeholder until built)."""

from __future__ import annotations

from flask import Flask

from sandbox.server import SandboxContext


def create_app(context: SandboxContext) -> Flask:
    """The CMA as a WSGI app."""
    return Flask(__name__)
