"""Medusa product -> managed values, content hash and the locale-safe merge."""

from __future__ import annotations

from typing import Any

from sync.content_model import MANAGED_FIELDS
from sync.field_mapping import (
    content_hash,
    entry_values,
    is_current,
    managed_values,
    merged_body,
    new_entry_body,
)
from tests.conftest import load_fixture


def _product() -> dict[str, Any]:
    return dict(load_fixture("medusa-v2", "admin_product_get.json")["product"])


def test_managed_values_from_a_recorded_admin_product() -> None:
    product = _product()
    values = managed_values(product)
    assert set(values) == set(MANAGED_FIELDS)
    assert values["medusaId"] == product["id"] and values["title"] == "Organic Cotton T-Shirt"
    assert values["weight"] == 200 and values["handle"] == "organic-cotton-tshirt"


def test_empty_strings_are_absent_and_integral_floats_are_ints() -> None:
    values = managed_values({"id": "p", "title": "T", "subtitle": "  ", "weight": 12.0})
    assert (
        values["subtitle"] is None and values["weight"] == 12 and isinstance(values["weight"], int)
    )
    assert "subtitle" not in new_entry_body(values, "en-US")["fields"]


def test_hash_ignores_spelling_but_not_content() -> None:
    a = {"medusaId": "p", "title": "T", "weight": 1.0}
    assert content_hash(a) == content_hash(
        {"weight": 1, "title": "T", "medusaId": "p", "handle": ""}
    )
    assert content_hash(a) != content_hash({**a, "title": "U"})


def test_merge_replaces_only_default_locale_managed_values() -> None:
    entry: dict[str, Any] = {
        "sys": {"id": "p", "version": 7},
        "metadata": {"tags": [{"sys": {"type": "Link", "linkType": "Tag", "id": "t"}}]},
        "fields": {
            "medusaId": {"en-US": "p"},
            "title": {"en-US": "Old", "de-DE": "Alt", "es-ES": "Viejo"},
            "subtitle": {"en-US": "Gone soon", "de-DE": "Bleibt"},
            "seoTitle": {"en-US": "SEO", "fr-FR": "SEO fr"},
            "custom": {"en-US": 1},
        },
    }
    values = managed_values({"id": "p", "title": "New", "subtitle": None, "weight": 3})
    body = merged_body(entry, values, "en-US")
    assert body["fields"]["title"] == {"en-US": "New", "de-DE": "Alt", "es-ES": "Viejo"}
    assert body["fields"]["subtitle"] == {"de-DE": "Bleibt"}  # only en-US removed
    assert body["fields"]["seoTitle"] == entry["fields"]["seoTitle"]
    assert body["fields"]["custom"] == {"en-US": 1} and body["fields"]["weight"] == {"en-US": 3}
    assert body["metadata"] == entry["metadata"] and "sys" not in body
    assert entry["fields"]["title"]["en-US"] == "Old"  # the entry read is not modified
    assert is_current({"fields": body["fields"]}, values, "en-US")
    assert entry_values({"fields": body["fields"]}, "de-DE")["title"] == "Alt"


def test_a_managed_field_emptied_in_every_locale_is_dropped() -> None:
    entry = {
        "fields": {"medusaId": {"en-US": "p"}, "title": {"en-US": "T"}, "handle": {"en-US": "h"}}
    }
    body = merged_body(entry, managed_values({"id": "p", "title": "T"}), "en-US")
    assert "handle" not in body["fields"] and "metadata" not in body


def test_option_labels_are_the_identity_map_and_merging_keeps_other_locales() -> None:
    product = _product()
    labels = managed_values(product)["optionLabels"]
    assert labels is not None and labels["Size"] == "Size" and labels["White"] == "White"
    entry = {
        "sys": {"id": product["id"], "version": 3},
        "fields": {"optionLabels": {"en-US": {"Size": "Size"}, "es-ES": {"Size": "Talla"}}},
    }
    grown = {
        **product,
        "options": [*product["options"], {"title": "Fit", "values": [{"value": "Slim"}]}],
    }
    values = managed_values(grown)
    assert not is_current(entry, values, "en-US")
    merged = merged_body(entry, values, "en-US")["fields"]["optionLabels"]
    assert merged["es-ES"] == {"Size": "Talla"}  # a translator's locale is never touched
    assert merged["en-US"]["Fit"] == "Fit" and merged["en-US"]["Slim"] == "Slim"
    after = {"fields": merged_body(entry, values, "en-US")["fields"]}
    assert is_current(after, values, "en-US")


def test_a_product_without_options_has_no_labels() -> None:
    assert managed_values({"id": "p", "title": "T", "options": []})["optionLabels"] is None
