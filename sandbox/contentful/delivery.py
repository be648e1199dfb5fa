"""Contentful Delivery and Preview API stand-in (placeholder until built)."""

from __future__ import annotations

from flask import Flask

from sandbox.server import SandboxContext


def create_app(context: SandboxContext, preview: bool) -> Flask:
    """The CDA (or, with ``preview``, the CPA) as a WSGI app."""
    return Flask(__name__ + (".preview" if preview else ".cda"))
