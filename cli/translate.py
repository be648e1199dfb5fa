"""``storefront translate extract|update|compile``: the UI catalogs in ``translations/``.

A thin wrapper over pybabel with the project's paths, so translators need one command each.
"""

from __future__ import annotations

from pathlib import Path

import click
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


@click.group("translate", invoke_without_command=True)
@click.option("--to", "target", metavar="LOCALE", help="Content: the locale to fill (es-ES).")
@click.option("--from", "source", metavar="LOCALE", help="Content: source (default locale).")
@click.option("--fields", help="Content: comma-separated fields (default: all localized text).")
@click.option(
    "--provider",
    type=click.Choice(["pseudo", "deepl", "libretranslate"]),
    help="Content: translation provider (default: TRANSLATE_PROVIDER, else pseudo).",
)
@click.option("--overwrite", is_flag=True, help="Content: replace existing translations too.")
@click.option("--publish", is_flag=True, help="Content: publish each translated entry.")
@click.option("--dry-run", is_flag=True, help="Content: show what would be translated.")
@click.pass_context
def translate_group(
    ctx: click.Context,
    target: str | None,
    source: str | None,
    fields: str | None,
    provider: str | None,
    overwrite: bool,
    publish: bool,
    dry_run: bool,
) -> None:
    """Translate product, collection and category content (--to LOCALE), or manage UI catalogs
    (extract/update/compile)."""
    if ctx.invoked_subcommand is not None:
        return
    if not target:
        raise click.UsageError("--to LOCALE is required (or use extract, update, compile)")
    from cli.bulk import run_translate
    from sync.bulk.translate import TranslateOptions

    names = tuple(f.strip() for f in (fields or "").split(",") if f.strip()) or None
    options = TranslateOptions(target, source, names, overwrite, publish, dry_run)
    run_translate(options, provider)


@translate_group.command("extract")
def extract_command() -> None:
    """Extract UI strings into translations/messages.pot."""
    click.echo(f"wrote {extract()}")


@translate_group.command("update")
def update_command() -> None:
    """Extract, then merge new strings into every language's messages.po."""
    extract()
    update()
    click.echo("catalogs updated; translate the empty msgstr entries, then run compile")


@translate_group.command("compile")
def compile_command() -> None:
    """Compile the catalogs to .mo files."""
    compile_catalogs()
    click.echo("catalogs compiled")
