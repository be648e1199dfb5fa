"""CDA/CPA over HTTP: tokens, places, 304, include depth, asset files, and the official SDK."""

from __future__ import annotations

import contentful
import httpx
import pytest

from sandbox.contentful.common import KIND_CONTENT_TYPE, KIND_ENTRY
from sandbox.server import Sandbox
from tests.conftest import SDK_TIMEOUT, SandboxFactory
from tests.sandbox.test_contentful_cda_contract import content_type_doc, entry_doc, link, put
from tests.sandbox.test_contentful_cda_world import SVG, cda, world

__all__ = ["world"]


def _url(box: Sandbox, api: str = "cda", space: str = "sandboxspace", env: str = "master") -> str:
    return f"{box.urls[api]}/spaces/{space}/environments/{env}/entries"


@pytest.mark.parametrize(
    ("api", "headers", "params", "status"),
    [
        ("cda", {}, {}, 401),
        ("cda", {"Authorization": "Bearer dev-preview-token"}, {}, 401),
        ("preview", {"Authorization": "Bearer dev-delivery-token"}, {}, 401),
        ("cda", {}, {"access_token": "dev-delivery-token"}, 200),
        ("preview", {"Authorization": "Bearer dev-preview-token"}, {}, 200),
        ("cda", {"Authorization": "Bearer wrong"}, {"access_token": "dev-delivery-token"}, 401),
    ],
)
def test_each_api_accepts_only_its_own_token(
    world: Sandbox, api: str, headers: dict[str, str], params: dict[str, str], status: int
) -> None:
    response = httpx.get(_url(world, api), headers=headers, params=params)
    assert response.status_code == status
    if status == 401:
        assert response.json()["sys"]["id"] == "AccessTokenInvalid"


def test_wrong_space_or_environment_is_404(world: Sandbox) -> None:
    auth = {"Authorization": "Bearer dev-delivery-token"}
    for url in (_url(world, space="other"), _url(world, env="staging")):
        response = httpx.get(url, headers=auth)
        assert response.status_code == 404
        assert response.json()["sys"] == {"type": "Error", "id": "NotFound"}
    assert httpx.get(f"{world.urls['cda']}/nowhere", headers=auth).json()["sys"]["id"] == "NotFound"


def test_if_none_match_gives_304_and_changes_invalidate(world: Sandbox) -> None:
    first = cda(world, "/entries", **{"sys.id": "hat"})
    etag = first.headers["etag"]
    again = httpx.get(
        str(first.request.url), headers={**first.request.headers, "If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    other = cda(world, "/entries", **{"sys.id": "mug"})
    assert other.headers["etag"] != etag


def test_include_depth_is_honoured_up_to_ten(make_sandbox: SandboxFactory) -> None:
    box = make_sandbox(seed=False)
    put(box, KIND_CONTENT_TYPE, content_type_doc("node", [{"id": "next", "type": "Link"}]))
    chain = [f"n{i}" for i in range(13)]
    for here, there in zip(chain, chain[1:] + [None], strict=True):
        fields = {"next": {"en-US": link("Entry", there)}} if there else {}
        put(box, KIND_ENTRY, entry_doc(here, "node", fields))
    for depth in (0, 1, 2, 10):
        body = cda(box, "/entries", **{"sys.id": "n0"}, include=depth).json()
        assert len(body.get("includes", {}).get("Entry", [])) == depth
    assert cda(box, "/entries", include=11).status_code == 400


def test_asset_files_are_served_with_image_parameters_checked(world: Sandbox) -> None:
    url = cda(world, "/assets/shirt-pic").json()["fields"]["file"]["url"]
    assert url.startswith("//127.0.0.1:")
    response = httpx.get(
        f"http:{url}", params={"w": 400, "h": 300, "fm": "webp", "q": 75, "fit": "fill"}
    )
    assert response.status_code == 200
    assert response.content == SVG
    assert response.headers["content-type"] == "image/svg+xml"
    assert "max-age" in response.headers["cache-control"]
    cached = httpx.get(f"http:{url}", headers={"If-None-Match": response.headers["etag"]})
    assert cached.status_code == 304
    for bad in (
        {"w": 0},
        {"w": 4001},
        {"h": "x"},
        {"q": 101},
        {"fm": "bmp"},
        {"fit": "stretch"},
        {"f": "middle"},
        {"r": "-1"},
        {"bg": "red"},
    ):
        rejected = httpx.get(f"http:{url}", params=bad)
        assert rejected.status_code == 400, bad
        assert rejected.json()["sys"]["id"] == "BadRequest"
    assert httpx.get(f"http:{url}".replace("shirt.svg", "nope.svg")).status_code == 404


@pytest.fixture
def sdk(world: Sandbox) -> contentful.Client:
    """The official contentful.py client pointed at the sandbox CDA."""
    assert world.context is not None
    host = world.urls["cda"].split("//", 1)[1]
    return contentful.Client(
        world.context.config.space_id,
        "dev-delivery-token",
        api_url=host,
        https=False,
        environment="master",
        max_rate_limit_retries=0,
        timeout_s=SDK_TIMEOUT,
    )


def test_sdk_reads_entries_in_a_locale_with_fallback(sdk: contentful.Client) -> None:
    entries = sdk.entries({"locale": "es-ES", "content_type": "product", "order": "sys.id"})
    by_id = {e.id: e for e in entries}
    assert by_id["shirt"].title == "Camiseta de Algodón"
    assert by_id["mug"].title == "Ceramic Mug"
    assert by_id["shirt"].description == ""
    assert by_id["shirt"].image.id == "shirt-pic-es"


def test_sdk_reads_all_locales(sdk: contentful.Client) -> None:
    entries = sdk.entries({"locale": "*", "sys.id": "shirt"})
    shirt = entries[0]
    assert shirt.fields("es-ES")["title"] == "Camiseta de Algodón"
    assert shirt.fields("de-DE")["title"] == "Bio-T-Shirt"


def test_sdk_reads_one_entry_with_resolved_links(sdk: contentful.Client) -> None:
    shirt = sdk.entry("shirt")
    assert shirt.title == "Organic Cotton T-Shirt"
    assert shirt.image.url().startswith("//127.0.0.1:")
    related = [getattr(r, "id", None) for r in shirt.related]
    assert related[0] == "mug"
    assert shirt.related[0].title == "Ceramic Mug"


def test_sdk_reads_assets_content_types_locales_and_space(sdk: contentful.Client) -> None:
    assert sdk.asset("shirt-pic").title == "Shirt"
    assert {a.id for a in sdk.assets()} == {"shirt-pic", "shirt-pic-es"}
    assert {c.id for c in sdk.content_types()} == {"category", "product"}
    assert sdk.content_type("product").field_for("weight").type == "Integer"
    assert [loc.code for loc in sdk.locales()][:2] == ["en-US", "es-ES"]
    assert sdk.space().locales[0].code == "en-US"
