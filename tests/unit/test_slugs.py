"""The slug index: validation, the older entry winning a clash, lookups along a chain."""

from __future__ import annotations

from typing import Any

from storefront.clients.contentful import ContentEntry
from storefront.slugs import build, is_valid


def entry(entry_id: str, slugs: dict[str, Any], handle: str = "") -> ContentEntry:
    """A ``locale=*`` entry as the CDA's select answers it."""
    fields: dict[str, Any] = {"slug": slugs, "handle": {"en-US": handle or entry_id}}
    return ContentEntry(id=entry_id, content_type="product", locale="*", fields=fields)


def test_only_lowercase_words_joined_by_hyphens_are_slugs() -> None:
    assert is_valid("camiseta-de-algodon-organico") and is_valid("mug2")
    for bad in ("", "Camiseta", "a--b", "-a", "a-", "a b", "café", "a/b", None, 3, "a" * 201):
        assert not is_valid(bad), bad


def test_the_older_entry_keeps_a_clashing_slug() -> None:
    index = build([entry("old", {"es-ES": "taza"}), entry("new", {"es-ES": "taza", "de-DE": "x"})])
    assert index.owner("taza", ["es-ES"]) == "old"
    assert index.slug_of("new", ["es-ES", "en-US"]) is None
    assert index.slug_of("new", ["de-DE"]) == "x"
    assert index.clashes == (("es-ES", "taza", "old", "new"),)


def test_lookups_follow_the_chain_and_skip_invalid_values() -> None:
    index = build([entry("a", {"es-ES": "camiseta", "de-DE": "Bad Slug"}, handle="tshirt")])
    assert index.slug_of("a", ["es-MX", "es-ES"]) == "camiseta"
    assert index.slug_of("a", ["de-DE", "en-US"]) is None
    assert index.owner("camiseta", ["en-US"]) is None and index.anywhere("camiseta") == "a"
    assert index.handles == {"a": "tshirt"}
