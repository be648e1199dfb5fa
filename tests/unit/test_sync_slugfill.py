"""Slugs made by translate --to: transliterated, unique per type and locale, never replacing."""

from __future__ import annotations

from typing import Any

from sync.bulk.slugfill import SlugFiller, slug_from


def entry(entry_id: str, fields: dict[str, Any], kind: str = "product") -> dict[str, Any]:
    """A CMA entry of ``kind``."""
    content_type = {"sys": {"type": "Link", "linkType": "ContentType", "id": kind}}
    return {"sys": {"id": entry_id, "contentType": content_type}, "fields": fields}


def test_accents_are_transliterated() -> None:
    assert slug_from("Camiseta de Algodón Orgánico") == "camiseta-de-algodon-organico"
    assert slug_from("Größe — Über  Alles!") == "grosse-uber-alles"
    assert slug_from("!!!") == ""


def test_a_taken_slug_gets_a_number_and_a_set_one_stays() -> None:
    taken = entry("a", {"slug": {"es-ES": "taza"}})
    filler = SlugFiller("es-ES", [taken, entry("c", {"slug": {"es-ES": "taza"}}, "category")])
    fields: dict[str, Any] = {"title": {"es-ES": "Taza"}}
    filler.fill(entry("b", fields), fields)
    assert fields["slug"]["es-ES"] == "taza-2"
    again: dict[str, Any] = {"title": {"es-ES": "Taza"}}
    filler.fill(entry("b", again), again)  # a 409 retry of the same entry
    assert again["slug"]["es-ES"] == "taza-2"
    kept: dict[str, Any] = {"title": {"es-ES": "Taza"}, "slug": {"es-ES": "mi-taza"}}
    filler.fill(entry("d", kept), kept)
    assert kept["slug"]["es-ES"] == "mi-taza"
    assert not filler.wanted(entry("d", kept), title_coming=True)
    assert not filler.wanted(entry("e", {"title": {"es-ES": "  "}}), title_coming=False)
