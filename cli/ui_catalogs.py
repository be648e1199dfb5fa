"""The UI catalogs in ``translations/``: extract, update and compile them with pybabel and the
project's paths (``storefront translate extract|update|compile``).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from storefront.assets import asset_dir

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = asset_dir("translations")
POT = TRANSLATIONS / "messages.pot"
UI_LANGUAGES = ("en", "es", "de", "fr")


def pybabel(*args: str) -> None:
    """Run one pybabel command in-process."""
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(pot: Path = POT) -> Path:
    """Extract every UI string from the code and templates into a POT file."""
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "--no-location",
        "--sort-output", "--omit-header", "-o", str(pot), str(ROOT),
    )  # fmt: skip
    return pot


def update() -> None:
    """Merge the POT into each language's catalog (creating missing ones)."""
    for language in UI_LANGUAGES:
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        # Keep each catalog's header (Language, Plural-Forms); ignoring the POT date keeps
        # `update` from rewriting every .po when no string changed.
        extra = ["--no-fuzzy-matching", "--ignore-pot-creation-date"] if command == "update" else []
        pybabel(command, "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language, *extra)


def compile_catalogs() -> None:
    """Compile every catalog to the .mo files Flask-Babel reads."""
    pybabel("compile", "-d", str(TRANSLATIONS), "--use-fuzzy")
