"""The seeded space: collection and category entries with translations, the T-shirt's labels."""

from __future__ import annotations

from typing import Any

import httpx

from sandbox.medusa.ids import seeded_id
from sandbox.server import Sandbox


def _cda(sandbox: Sandbox, **params: Any) -> dict[str, Any]:
    config = sandbox.config
    url = f"{sandbox.urls['cda']}/spaces/{config.space_id}/environments/{config.environment}"
    headers = {"Authorization": f"Bearer {config.delivery_token}"}
    response = httpx.get(f"{url}/entries", params=params, headers=headers, timeout=10)
    response.raise_for_status()
    return dict(response.json())


def test_collections_are_entries_keyed_by_medusa_id_with_spanish_and_german_titles(
    sandbox: Sandbox,
) -> None:
    body = _cda(
        sandbox, content_type="collection", locale="*", **{"fields.handle": "summer-essentials"}
    )
    [item] = body["items"]
    assert item["sys"]["id"] == seeded_id("pcol", "summer-essentials")
    assert item["fields"]["title"] == {
        "en-US": "Summer Essentials",
        "es-ES": "Esenciales de verano",
        "de-DE": "Sommer-Essentials",
    }
    medusa = httpx.get(
        f"{sandbox.urls['medusa']}/store/collections",
        params={"handle": "summer-essentials"},
        headers={"x-publishable-api-key": sandbox.config.publishable_key},
        timeout=10,
    ).json()["collections"]
    assert medusa[0]["id"] == item["sys"]["id"]


def test_categories_link_their_parent_and_fall_back_to_medusas_name(sandbox: Sandbox) -> None:
    body = _cda(sandbox, content_type="category", locale="es-ES", include=1,
                **{"fields.handle": "t-shirts"})  # fmt: skip
    [item] = body["items"]
    assert item["fields"]["title"] == "Camisetas"
    assert item["fields"]["parent"]["sys"]["id"] == seeded_id("pcat", "apparel")
    lighting = _cda(
        sandbox, content_type="category", locale="es-ES", **{"fields.handle": "lighting"}
    )
    assert lighting["items"][0]["fields"]["title"] == "Lighting"  # no translation: the fallback


def test_the_tshirt_has_option_labels_and_material_per_locale(sandbox: Sandbox) -> None:
    body = _cda(sandbox, content_type="product", locale="*",
                **{"fields.handle": "organic-cotton-tshirt"})  # fmt: skip
    fields = body["items"][0]["fields"]
    assert fields["optionLabels"]["en-US"] == {
        "Size": "Size", "S": "S", "M": "M", "L": "L",
        "Color": "Color", "White": "White", "Black": "Black",
    }  # fmt: skip
    assert fields["optionLabels"]["es-ES"]["Size"] == "Talla"
    assert fields["optionLabels"]["de-DE"]["White"] == "Weiß"
    assert fields["material"] == {
        "en-US": "100% organic cotton",
        "es-ES": "100 % algodón orgánico",
        "de-DE": "100 % Bio-Baumwolle",
    }


def test_full_text_query_searches_the_requested_locale(sandbox: Sandbox) -> None:
    """Contentful's ``query`` matches the localized fields of the locale asked for."""

    def handles(locale: str, text: str) -> list[str]:
        body = _cda(sandbox, content_type="product", locale=locale, query=text)
        return [item["fields"]["handle"] for item in body["items"]]

    assert handles("es-ES", "camiseta") == ["organic-cotton-tshirt"]
    assert handles("en-US", "camiseta") == []
    assert "organic-cotton-tshirt" in handles("de-DE", "Bio-Baumwoll")
