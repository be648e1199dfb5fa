"""Where the app's templates, static files and UI catalogs are, installed or in a checkout.

In a checkout they are the top-level ``templates/``, ``static/`` and ``translations/`` folders;
a wheel carries them inside the package (``storefront/templates`` ...; see ``setup.py``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """The folder ``name`` (templates, static, translations) wherever the project is installed."""
    installed = PACKAGE / name
    return installed if installed.is_dir() else PACKAGE.parent / name
