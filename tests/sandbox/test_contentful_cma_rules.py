"""CMA rules: version locking, lifecycle 400s, validation 422s, JSON Patch, queries, locales."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox

MT = "application/vnd.contentful.management.v1+json"
PRODUCT_FIELDS = [
    {"id": "medusaId", "name": "Medusa id", "type": "Symbol", "required": True},
    {"id": "title", "name": "Title", "type": "Symbol", "localized": True, "required": True},
    {"id": "description", "name": "Description", "type": "Text", "localized": True},
    {"id": "weight", "name": "Weight", "type": "Number"},
    {"id": "stock", "name": "Stock", "type": "Integer"},
    {"id": "active", "name": "Active", "type": "Boolean"},
    {"id": "launch", "name": "Launch", "type": "Date"},
    {"id": "extra", "name": "Extra", "type": "Object"},
    {"id": "body", "name": "Body", "type": "RichText", "localized": True},
    {"id": "hero", "name": "Hero", "type": "Link", "linkType": "Asset"},
    {"id": "tags", "name": "Tags", "type": "Array", "items": {"type": "Symbol"}},
    {"id": "images", "name": "Images", "type": "Array",
     "items": {"type": "Link", "linkType": "Asset"}},
]  # fmt: skip


class Api:
    """Calls on the sandbox CMA's environment."""

    def __init__(self, box: Sandbox) -> None:
        self.env = f"{box.urls['cma']}/spaces/{box.config.space_id}/environments/master"
        self.auth = {"Authorization": f"Bearer {box.config.management_token}", "Content-Type": MT}

    def __call__(
        self, method: str, path: str, body: Any = None, version: int | None = None,
        ct: str | None = None, content: bytes | None = None, content_type: str = MT,
    ) -> httpx.Response:  # fmt: skip
        h = {**self.auth, "Content-Type": content_type}
        if version is not None:
            h["X-Contentful-Version"] = str(version)
        if ct is not None:
            h["X-Contentful-Content-Type"] = ct
        if content is not None:
            return httpx.request(method, self.env + path, content=content, headers=h)
        return httpx.request(method, self.env + path, json=body, headers=h)

    def entry(self, id: str, fields: dict[str, Any]) -> dict[str, Any]:
        r = self("PUT", f"/entries/{id}", {"fields": fields}, ct="product")
        assert r.status_code == 201, r.text
        return dict(r.json())

    def product_type(self, locale: dict[str, Any], fields: list[dict[str, Any]]) -> None:
        """Add ``locale`` and an active ``product`` content type of ``fields``."""
        assert self("POST", "/locales", locale).status_code == 201
        product = {"name": "Product", "displayField": "title", "fields": fields}
        assert self("PUT", "/content_types/product", product).status_code == 201
        assert self("PUT", "/content_types/product/published", version=1).status_code == 200


@pytest.fixture
def api(empty_sandbox: Sandbox) -> Api:
    api = Api(empty_sandbox)
    german = {"code": "de-DE", "name": "German", "fallbackCode": "en-US", "optional": True}
    api.product_type(german, PRODUCT_FIELDS)
    return api


def test_versions_count_every_change(api: Api) -> None:
    api.entry("p1", {"medusaId": {"en-US": "p1"}, "title": {"en-US": "Shirt"}})
    fields = {"medusaId": {"en-US": "p1"}, "title": {"en-US": "T"}}
    assert api("PUT", "/entries/p1", {"fields": fields}, 1).json()["sys"]["version"] == 2
    sys = api("PUT", "/entries/p1/published", version=2).json()["sys"]
    assert (sys["version"], sys["publishedVersion"]) == (3, 2)
    assert api("PUT", "/entries/p1/published", version=2).status_code == 409  # stale
    assert api("PUT", "/entries/p1/published").status_code == 409  # version is required
    sys = api("PUT", "/entries/p1/published", version=3).json()["sys"]
    assert (sys["version"], sys["publishedVersion"], sys["publishedCounter"]) == (4, 3, 2)
    assert api("DELETE", "/entries/p1/published", version=1).status_code == 409
    sys = api("DELETE", "/entries/p1/published").json()["sys"]  # version optional here
    assert sys["version"] == 5 and "publishedVersion" not in sys
    assert api("DELETE", "/entries/p1/published").json()["message"] == "Not published"
    sys = api("PUT", "/entries/p1/archived").json()["sys"]
    assert (sys["archivedVersion"], sys["version"]) == (5, 6)
    assert api("PUT", "/entries/p1/published", version=6).json()["message"] == (
        "Cannot publish archived"
    )
    assert api("PUT", "/entries/p1", {"fields": {}}, 6).status_code == 400
    assert api("DELETE", "/entries/p1/archived", version=3).status_code == 409
    sys = api("DELETE", "/entries/p1/archived", version=6).json()["sys"]
    assert sys["version"] == 7 and "archivedVersion" not in sys
    assert api("DELETE", "/entries/p1").status_code == 204
    assert api("GET", "/entries/p1").status_code == 404


def test_put_needs_the_current_version_and_replaces_everything(api: Api) -> None:
    api.entry("p1", {"title": {"en-US": "Shirt", "de-DE": "Hemd"}, "weight": {"en-US": 2}})
    assert api("PUT", "/entries/p1", {"fields": {}}).status_code == 409  # create on existing id
    assert api("PUT", "/entries/p1", {"fields": {}}, version=7).status_code == 409
    assert api("PUT", "/entries/nope", {"fields": {}}, version=1).status_code == 404
    r = api("PUT", "/entries/p1", {"fields": {"title": {"en-US": "Shirt 2", "de-DE": None}}}, 1)
    assert r.json()["fields"] == {"title": {"en-US": "Shirt 2"}}  # nothing merged


def test_read_merge_write_keeps_other_locales_and_fields(api: Api) -> None:
    api.entry("p1", {"title": {"en-US": "Shirt", "de-DE": "Hemd"}, "weight": {"en-US": 2}})
    current = api("GET", "/entries/p1").json()
    current["fields"]["title"]["en-US"] = "Better shirt"
    r = api("PUT", "/entries/p1", {"fields": current["fields"]}, current["sys"]["version"])
    assert r.json()["fields"] == {
        "title": {"en-US": "Better shirt", "de-DE": "Hemd"}, "weight": {"en-US": 2}
    }  # fmt: skip


def test_json_patch_writes_one_locale(api: Api) -> None:
    api.entry("p1", {"title": {"en-US": "Shirt"}, "weight": {"en-US": 2}})
    patch = [
        {"op": "test", "path": "/fields/title/en-US", "value": "Shirt"},
        {"op": "add", "path": "/fields/title/de-DE", "value": "Hemd"},
        {"op": "replace", "path": "/fields/weight/en-US", "value": 3},
        {"op": "add", "path": "/fields/tags", "value": {"en-US": ["a"]}},
        {"op": "add", "path": "/fields/tags/en-US/-", "value": "b"},
    ]
    ctype = "application/json-patch+json"
    assert api("PATCH", "/entries/p1", patch, content_type=ctype).status_code == 409
    r = api("PATCH", "/entries/p1", patch, 1, content_type=ctype)
    assert r.status_code == 200, r.text
    assert r.json()["fields"] == {
        "title": {"en-US": "Shirt", "de-DE": "Hemd"}, "weight": {"en-US": 3},
        "tags": {"en-US": ["a", "b"]},
    }  # fmt: skip
    assert r.json()["sys"]["version"] == 2
    failing = [{"op": "test", "path": "/fields/weight/en-US", "value": 99}]
    assert api("PATCH", "/entries/p1", failing, 2, content_type=ctype).status_code == 422
    removing = [{"op": "remove", "path": "/fields/title/de-DE"}]
    r = api("PATCH", "/entries/p1", removing, 2, content_type=ctype)
    assert r.json()["fields"]["title"] == {"en-US": "Shirt"}
    bad_value = [{"op": "replace", "path": "/fields/weight/en-US", "value": "heavy"}]
    assert api("PATCH", "/entries/p1", bad_value, 3, content_type=ctype).status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 5), ("title", "x" * 257), ("description", ["no"]), ("weight", "2"),
        ("stock", 1.5), ("stock", True), ("active", "yes"), ("launch", "someday"),
        ("extra", "text"), ("body", {"nodeType": "paragraph"}),
        ("hero", {"sys": {"type": "Link", "linkType": "Entry", "id": "x"}}),
        ("tags", ["a", 1]), ("images", [{"sys": {"id": "x"}}]),
    ],
)  # fmt: skip
def test_wrong_types_are_422(api: Api, field: str, value: Any) -> None:
    r = api("POST", "/entries", {"fields": {field: {"en-US": value}}}, ct="product")
    assert r.status_code == 422
    assert r.json()["sys"]["id"] == "InvalidEntry"
    assert r.json()["details"]["errors"][0]["path"] == ["fields", field, "en-US"]


def test_unknown_fields_and_locales_are_422(api: Api) -> None:
    cases = [
        {"nope": {"en-US": "x"}},  # unknown field
        {"title": {"fr-FR": "x"}},  # unknown locale
        {"weight": {"de-DE": 2}},  # non-localized field in a non-default locale
    ]
    for fields in cases:
        r = api("POST", "/entries", {"fields": fields}, ct="product")
        assert r.status_code == 422, fields
        assert r.json()["details"]["errors"][0]["name"] == "unknown"
    assert api("POST", "/entries", {"fields": {}}, ct="missing").status_code == 422
    assert api("POST", "/entries", {"fields": {}}).status_code == 422


def test_required_fields_are_enforced_on_publish(api: Api) -> None:
    api.entry("p1", {"title": {"en-US": "Shirt"}})
    r = api("PUT", "/entries/p1/published", version=1)
    assert r.status_code == 422
    assert r.json()["details"]["errors"] == [
        {"name": "required", "path": ["fields", "medusaId", "en-US"]}
    ]
    api("PUT", "/entries/p1", {"fields": {"title": {"en-US": "S"}, "medusaId": {"en-US": "p"}}}, 1)
    assert api("PUT", "/entries/p1/published", version=2).status_code == 200


def test_bad_input_never_500s(api: Api, empty_sandbox: Sandbox) -> None:
    r = api("POST", "/entries", content=b"{not json", ct="product")
    assert (r.status_code, r.json()["sys"]["id"]) == (400, "BadRequest")
    assert api("POST", "/entries", content=b"[1]", ct="product").status_code == 400
    assert api("PUT", "/entries/p1", content=b"{", ct="product").status_code == 400
    assert api("PUT", "/entries/bad id!", {"fields": {}}, ct="product").status_code == 422
    assert api("GET", "/nothing/here").json()["sys"]["id"] == "NotFound"
    assert api("PUT", "/entries/x", {}, version="abc").status_code == 409  # type: ignore[arg-type]
    assert api("GET", "/entries?limit=5000").status_code == 400
    assert api("GET", "/entries?bogus=1").status_code == 400
    wrong_env = api.env.replace("/environments/master", "/environments/staging")
    r = httpx.get(f"{wrong_env}/entries", headers=api.auth)
    assert (r.status_code, r.json()["details"]["type"]) == (404, "Environment")
    wrong_space = api.env.replace(empty_sandbox.config.space_id, "otherspace")
    assert httpx.get(f"{wrong_space}/entries", headers=api.auth).status_code == 404
    assert httpx.get(f"{api.env}/entries").json()["sys"]["id"] == "AccessTokenInvalid"


def test_queries_filter_order_and_page(api: Api) -> None:
    for i, (title, weight) in enumerate([("B", 3), ("A", 1), ("C", 2)]):
        api.entry(f"p{i}", {"medusaId": {"en-US": f"prod_{i}"}, "title": {"en-US": title,
                  "de-DE": f"de {title}"}, "weight": {"en-US": weight}})  # fmt: skip

    def ids(query: str) -> list[str]:
        r = api("GET", f"/entries?{query}")
        assert r.status_code == 200, r.text
        return [e["sys"]["id"] for e in r.json()["items"]]

    assert ids("content_type=product&fields.medusaId=prod_1") == ["p1"]
    assert ids("sys.id=p2") == ["p2"]
    assert ids("sys.id[in]=p0,p2") == ["p0", "p2"]
    assert ids("content_type=product&order=fields.weight") == ["p1", "p2", "p0"]
    assert ids("content_type=product&order=-fields.title&limit=2&skip=1") == ["p0", "p1"]
    assert ids("content_type=product&fields.title=de B") == []  # default locale only
    assert ids("content_type=other") == []
    r = api("GET", "/entries?limit=1")
    assert (r.json()["total"], r.json()["limit"], r.json()["sys"]) == (3, 1, {"type": "Array"})
    assert api("GET", "/entries?fields.medusaId=prod_1").status_code == 400


def test_locales_rules(api: Api) -> None:
    locales = api("GET", "/locales").json()["items"]
    de = next(loc for loc in locales if loc["code"] == "de-DE")
    default = next(loc for loc in locales if loc["default"])
    assert api("POST", "/locales", {"code": "de-DE", "name": "Again"}).status_code == 422
    assert api("POST", "/locales", {"code": "x", "fallbackCode": "zz"}).status_code == 422
    r = api("POST", "/locales", {"code": "de-AT", "name": "Austria", "fallbackCode": "de-DE"})
    at = r.json()
    assert r.status_code == 201 and at["sys"]["version"] == 0
    cycle = {"fallbackCode": "de-AT"}
    assert api("PUT", f"/locales/{de['sys']['id']}", cycle, version=0).status_code == 422
    assert api("PUT", f"/locales/{de['sys']['id']}", {"name": "Deutsch"}).status_code == 409
    r = api("PUT", f"/locales/{de['sys']['id']}", {"name": "Deutsch"}, version=0)
    assert (r.json()["name"], r.json()["sys"]["version"]) == ("Deutsch", 1)
    assert api("DELETE", f"/locales/{de['sys']['id']}").status_code == 422  # de-AT falls back
    assert api("DELETE", f"/locales/{default['sys']['id']}").status_code == 400
    assert api("DELETE", f"/locales/{at['sys']['id']}").status_code == 204


def test_content_type_rules(api: Api) -> None:
    api.entry("p1", {"title": {"en-US": "Shirt"}})
    assert api("DELETE", "/content_types/product").json()["message"] == "Cannot delete published"
    r = api("DELETE", "/content_types/product/published")
    assert (r.status_code, r.json()["message"]) == (400, "Content Type has entries")
    api("DELETE", "/entries/p1")
    r = api("DELETE", "/content_types/product/published")
    assert r.status_code == 200 and "publishedVersion" not in r.json()["sys"]
    assert api("POST", "/entries", {"fields": {}}, ct="product").status_code == 422  # inactive
    assert api("DELETE", "/content_types/product").status_code == 204
    bad = {"name": "X", "fields": [{"id": "a", "name": "A", "type": "Nope"}]}
    assert api("POST", "/content_types", bad).status_code == 422
    dup = {"name": "X", "fields": [{"id": "a", "name": "A", "type": "Symbol"}] * 2}
    assert api("POST", "/content_types", dup).status_code == 422
    assert api("POST", "/content_types", {"fields": []}).status_code == 422


def _nested_lists(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"nodeType": "paragraph", "data": {}, "content": []}
    for _ in range(levels):
        item = {"nodeType": "list-item", "data": {}, "content": [node]}
        node = {"nodeType": "unordered-list", "data": {}, "content": [item]}
    return {"nodeType": "document", "data": {}, "content": [node]}


def test_rich_text_nested_too_deep_is_a_422_never_a_500(api: Api) -> None:
    fields = {"title": {"en-US": "Deep"}, "medusaId": {"en-US": "p"}}
    saved = api.entry("p1", {**fields, "body": {"en-US": _nested_lists(100)}})
    assert api("PUT", "/entries/p1/published", version=saved["sys"]["version"]).status_code == 200
    for levels in (140, 200):
        body = {"fields": {**fields, "body": {"en-US": _nested_lists(levels)}}}
        r = api("PUT", "/entries/p1", body, version=2)
        assert r.status_code == 422, levels
        assert r.json()["details"]["errors"][0]["name"] == "nesting"
    deeper = b'{"fields": {"extra": {"en-US": ' + b'{"a": [' * 3000 + b"]}" * 3000 + b"}}}"
    assert api("PUT", "/entries/p1", content=deeper, version=2).status_code == 400
