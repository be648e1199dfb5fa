"""``storefront translate``: content (``--to LOCALE``, through ``sync.bulk``) or the UI catalogs
(``extract``, ``update``, ``compile``, through ``cli.ui_catalogs``): one command for translators.
"""

from __future__ import annotations

import click

from cli.ui_catalogs import compile_catalogs, extract, update


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
