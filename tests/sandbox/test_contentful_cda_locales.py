"""Locales and fallback on the CDA (docs/reference/contentful-wire.md §1.5), plus the
single-resource endpoints."""

from __future__ import annotations

import httpx

from sandbox.server import Sandbox
from tests.sandbox.test_contentful_cda_world import cda, cpa, one, world

__all__ = ["world"]


def test_default_locale_serves_plain_values_and_omits_missing_and_omitted_fields(
    world: Sandbox,
) -> None:
    shirt = one(cda(world, "/entries", **{"sys.id": "shirt"}))
    assert shirt["sys"]["locale"] == "en-US"
    assert shirt["fields"]["title"] == "Organic Cotton T-Shirt"
    assert "internalNote" not in shirt["fields"]
    assert "version" not in shirt["sys"]
    assert None not in shirt["fields"].values()


def test_fallback_walks_the_chain(world: Sandbox) -> None:
    es = one(cda(world, "/entries", locale="es-ES", **{"sys.id": "mug"}))
    assert es["fields"]["title"] == "Ceramic Mug"  # es-ES → en-US
    assert es["sys"]["locale"] == "es-ES"
    de_ch = one(cda(world, "/entries", locale="de-CH", **{"sys.id": "shirt"}))
    assert de_ch["fields"]["title"] == "Bio-T-Shirt"  # de-CH → de-DE
    assert de_ch["fields"]["description"] == "Soft and breathable"  # → de-DE → en-US


def test_an_empty_string_is_a_value_and_does_not_fall_back(world: Sandbox) -> None:
    es = one(cda(world, "/entries", locale="es-ES", **{"sys.id": "shirt"}))
    assert es["fields"]["description"] == ""
    assert es["fields"]["title"] == "Camiseta de Algodón"


def test_null_fallback_omits_the_field(world: Sandbox) -> None:
    fr = one(cda(world, "/entries", locale="fr-FR", **{"sys.id": "shirt"}))
    assert "title" not in fr["fields"]
    assert "description" not in fr["fields"]
    assert (
        one(cda(world, "/entries", locale="fr-FR", **{"sys.id": "mug"}))["fields"]["title"]
        == "Tasse"
    )


def test_non_localized_fields_come_from_the_default_locale(world: Sandbox) -> None:
    fr = one(cda(world, "/entries", locale="fr-FR", **{"sys.id": "shirt"}))
    assert fr["fields"]["weight"] == 200
    assert fr["fields"]["tags"] == ["organic", "cotton", "summer"]


def test_localized_links_differ_per_locale(world: Sandbox) -> None:
    es = one(cda(world, "/entries", locale="es-ES", **{"sys.id": "shirt"}))
    assert es["fields"]["image"]["sys"]["id"] == "shirt-pic-es"


def test_locale_star_keys_fields_by_stored_locale_without_fallback(world: Sandbox) -> None:
    body = cda(world, "/entries", locale="*", **{"sys.id": "shirt"}).json()
    shirt = body["items"][0]
    assert "locale" not in shirt["sys"]
    assert shirt["fields"]["title"] == {
        "en-US": "Organic Cotton T-Shirt",
        "es-ES": "Camiseta de Algodón",
        "de-DE": "Bio-T-Shirt",
    }
    assert shirt["fields"]["description"] == {"en-US": "Soft and breathable", "es-ES": ""}
    assert shirt["fields"]["weight"] == {"en-US": 200}
    included = {i["sys"]["id"]: i for i in body["includes"]["Entry"]}
    assert included["mug"]["fields"]["title"] == {"en-US": "Ceramic Mug", "fr-FR": "Tasse"}
    assert "locale" not in included["mug"]["sys"]


def test_includes_are_resolved_in_the_requested_locale(world: Sandbox) -> None:
    body = cda(world, "/entries", locale="fr-FR", **{"sys.id": "shirt"}).json()
    mug = next(i for i in body["includes"]["Entry"] if i["sys"]["id"] == "mug")
    assert mug["sys"]["locale"] == "fr-FR"
    assert mug["fields"]["title"] == "Tasse"


def test_unknown_or_undelivered_locale_is_a_400_naming_it(world: Sandbox) -> None:
    for code in ("tlh", "xx-XX"):
        response = cda(world, "/entries", locale=code)
        assert response.status_code == 400
        assert response.json()["sys"] == {"type": "Error", "id": "BadRequest"}
        assert code in response.json()["message"]


def test_locales_endpoint_lists_delivered_locales_with_limit_1000(world: Sandbox) -> None:
    body = cda(world, "/locales").json()
    assert body["limit"] == 1000
    assert [loc["code"] for loc in body["items"]] == ["en-US", "es-ES", "de-DE", "de-CH", "fr-FR"]
    assert body["items"][0] == {
        "code": "en-US",
        "name": "en-US",
        "default": True,
        "fallbackCode": None,
        "sys": {"id": "loc-en-US", "type": "Locale", "version": 1},
    }


def test_space_object_lists_locales(world: Sandbox) -> None:
    assert world.context is not None
    url = f"{world.urls['cda']}/spaces/{world.context.config.space_id}"
    body = httpx.get(url, headers={"Authorization": "Bearer dev-delivery-token"}).json()
    assert body["sys"] == {"type": "Space", "id": world.context.config.space_id}
    assert [loc["code"] for loc in body["locales"]][:2] == ["en-US", "es-ES"]
    assert body["locales"][0]["default"] is True


def test_single_entry_is_bare_and_404s_when_absent_or_unpublished(world: Sandbox) -> None:
    entry = cda(world, "/entries/shirt", locale="es-ES").json()
    assert entry["sys"]["type"] == "Entry" and entry["sys"]["locale"] == "es-ES"
    assert "includes" not in entry and "items" not in entry
    for missing in ("nope", "draft", "old"):
        response = cda(world, f"/entries/{missing}")
        assert response.status_code == 404
        assert response.json()["sys"] == {"type": "Error", "id": "NotFound"}
    assert cpa(world, "/entries/draft").status_code == 200
    assert cpa(world, "/entries/old").status_code == 404  # archived: hidden from preview too


def test_assets_and_content_types(world: Sandbox) -> None:
    asset = cda(world, "/assets/shirt-pic").json()
    assert asset["fields"]["file"]["fileName"] == "shirt.svg"
    assert "contentType" not in asset["sys"]
    assert cda(world, "/assets/draft-pic").status_code == 404
    types = cda(world, "/content_types").json()
    assert sorted(t["sys"]["id"] for t in types["items"]) == ["category", "product"]
    product = cda(world, "/content_types/product").json()
    assert product["displayField"] == "title"
    assert {f["id"] for f in product["fields"]} >= {"title", "weight", "related"}
    assert cda(world, "/content_types/nope").json()["message"] == "Invalid resource id"


def test_default_environment_path(world: Sandbox) -> None:
    assert world.context is not None
    url = f"{world.urls['cda']}/spaces/{world.context.config.space_id}/entries"
    response = httpx.get(url, params={"access_token": "dev-delivery-token", "sys.id": "hat"})
    assert response.status_code == 200
    assert response.json()["items"][0]["sys"]["environment"]["sys"]["id"] == "master"
