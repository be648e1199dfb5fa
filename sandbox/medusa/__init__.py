"""Medusa v2 Store and Admin API stand-in (see app.py); ``create_app(context)`` is the entry."""

from __future__ import annotations

from sandbox.medusa.app import create_app

__all__ = ["create_app"]
