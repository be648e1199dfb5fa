"""ContentfulDeliveryClient fed recorded CDA/Preview exchanges (fixtures/contentful) and errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from storefront.clients.contentful import ContentfulDeliveryClient
from storefront.clients.contentful_models import (
    ContentAsset,
    ContentEntry,
    Link,
    is_missing,
    resolve_collection,
)
from storefront.clients.errors import (
    RateLimited,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
    header_seconds,
)
from tests.conftest import load_fixture

Handler = Callable[[httpx.Request], httpx.Response]


def interactions(name: str) -> list[dict[str, Any]]:
    """The recorded exchanges of one fixture file."""
    return list(load_fixture("contentful", name)["interactions"])


def as_response(interaction: dict[str, Any]) -> httpx.Response:
    """A recorded response with its status, headers (as recorded) and JSON body."""
    response = interaction["response"]
    return httpx.Response(
        response["status"]["code"], json=response["body"], headers=response["headers"]
    )


class Recorded:
    """Serve recorded responses to requests for the recorded path whose recorded query matches."""

    def __init__(self, *exchanges: dict[str, Any]) -> None:
        self.exchanges = exchanges
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for exchange in self.exchanges:
            url = httpx.URL(exchange["request"]["uri"])
            sent = dict(request.url.params.multi_items())
            wanted = dict(url.params.multi_items())
            if request.url.path == url.path and all(sent.get(k) == v for k, v in wanted.items()):
                return as_response(exchange)
        body = {
            "sys": {"type": "Error", "id": "NotFound"},
            "message": "The resource could not be found.",
        }
        return httpx.Response(404, json=body)


def space_of(exchange: dict[str, Any]) -> tuple[str, str, str]:
    """(base URL, space, environment) of a recorded request URI."""
    url = httpx.URL(exchange["request"]["uri"])
    parts = url.path.split("/")
    return f"{url.scheme}://{url.host}", parts[2], parts[4]


def client_for(
    handler: Handler,
    exchange: dict[str, Any] | None = None,
    sleeps: list[float] | None = None,
    base_url: str | None = None,
    **options: Any,
) -> ContentfulDeliveryClient:
    """A client addressed like the recorded request; sleeps are recorded, not waited."""
    base, space, env = (
        space_of(exchange) if exchange else ("https://cdn.contentful.com", "s", "master")
    )
    record = sleeps if sleeps is not None else []
    return ContentfulDeliveryClient(
        base_url or base,
        space,
        env,
        "cda-token",
        timeout=1.0,
        transport=httpx.MockTransport(handler),
        sleep=record.append,
        **options,
    )


# -- locales ------------------------------------------------------------------------------
def test_locales_parse_default_and_fallback() -> None:
    (exchange,) = interactions("cda_locales.json")
    recorder = Recorded(exchange)
    locales = client_for(recorder, exchange).locales()
    assert [(x.code, x.name, x.default, x.fallback_code) for x in locales] == [
        ("en-US", "U.S. English", True, None),
        ("foo", "foobar", False, None),
        ("foo-BB", "Foo (BarBaz)", False, "en-US"),
    ]
    assert recorder.requests[0].headers["authorization"] == "Bearer cda-token"
    assert recorder.requests[0].url.path == "/spaces/facgnwwgj5fe/environments/testing/locales"


# -- entries and link resolution ----------------------------------------------------------
def nyancat(include: int = 2) -> ContentEntry:
    (exchange,) = interactions("cda_entries_single_locale_include2.json")
    client = client_for(Recorded(exchange), exchange)
    result = client.entries("cat", "en-US", include=include, **{"sys.id": "nyancat"})
    assert result.total == 1 and result.unresolved == ()
    return result.items[0]


def test_single_locale_entry_resolves_entries_and_assets() -> None:
    entry = nyancat()
    assert (entry.id, entry.content_type, entry.locale) == ("nyancat", "cat", "en-US")
    assert entry.fields["name"] == "Nyan Cat" and entry.value("lives") == 1337
    friend = entry.fields["bestFriend"]
    assert isinstance(friend, ContentEntry) and friend.value("name") == "Happy Cat"
    assert isinstance(entry.fields["image"], ContentAsset)
    assert isinstance(friend.fields["image"], ContentAsset)  # depth 2 reached


def test_link_cycles_stop_at_a_link() -> None:
    friend = nyancat().fields["bestFriend"]
    # nyancat -> happycat -> nyancat: the cycle is cut with a Link, not expanded again.
    assert friend.fields["bestFriend"] == Link("Entry", "nyancat")


def test_resolution_stops_at_the_include_depth() -> None:
    (exchange,) = interactions("cda_entries_single_locale_include2.json")
    body = exchange["response"]["body"]
    entry = resolve_collection(body, "en-US", depth=1).items[0]
    assert isinstance(entry.fields["bestFriend"], ContentEntry)
    assert entry.fields["bestFriend"].fields["image"] == Link("Asset", "happycat")
    flat = resolve_collection(body, "en-US", depth=0).items[0]
    assert flat.fields["bestFriend"] == Link("Entry", "happycat")
    bare = resolve_collection({**body, "includes": {}}, "en-US", depth=0)
    assert bare.items[0].fields["image"] == Link("Asset", "nyancat") and bare.unresolved == ()
    missing = resolve_collection({**body, "includes": {}}, "en-US", depth=1)
    assert "image" not in missing.items[0].fields
    assert set(missing.unresolved) == {Link("Entry", "happycat"), Link("Asset", "nyancat")}


def test_entries_request_parameters() -> None:
    recorder = Recorded()
    with pytest.raises(UpstreamNotFound):
        client_for(recorder).entries(
            "cat", "es-ES", include=50, limit=5, **{"fields.x[in]": ["a", "b"]}
        )
    params = recorder.requests[0].url.params
    assert (params["content_type"], params["locale"], params["include"]) == ("cat", "es-ES", "10")
    assert (params["limit"], params["fields.x[in]"]) == ("5", "a,b")


def test_asset_url_makes_protocol_relative_urls_absolute() -> None:
    entry = nyancat()
    client = client_for(Recorded())
    url = client.asset_url(entry.fields["image"])
    assert (
        url is not None and url.startswith("https://images.") and "/Nyan_cat_250px_frame.png" in url
    )
    sandbox = client_for(Recorded(), base_url="http://127.0.0.1:9100")
    assert sandbox.asset_url(entry.fields["image"]) == "http:" + url.removeprefix("https:")
    assert client.asset_url(Link("Asset", "x")) is None and client.asset_url(None) is None


def test_locale_star_fields_walk_the_chain() -> None:
    (exchange,) = interactions("cda_entries_locale_star_includes.json")
    result = client_for(Recorded(exchange), exchange).entries("cat", "*", **{"sys.id": "nyancat"})
    entry = result.items[0]
    assert entry.locale == "*" and entry.fields["name"] == {
        "en-US": "Nyan Cat",
        "tlh": "Nyan vIghro'",
    }
    assert entry.value("name", ["tlh", "en-US"]) == "Nyan vIghro'"
    assert entry.value("color", ["tlh", "en-US"]) == "rainbow"  # tlh has none: fall back
    assert entry.value("color", ["tlh"]) is None and entry.value("nope", ["en-US"]) is None
    friend = entry.fields["bestFriend"]["en-US"]
    assert isinstance(friend, ContentEntry) and friend.value("name", ["tlh"]) == "Quch vIghro'"


def test_localized_links_resolve_per_locale() -> None:
    (exchange,) = interactions("cda_entries_locale_star_localized_links.json")
    entry = client_for(Recorded(exchange), exchange).entries("test", "*").items[0]
    images = entry.fields["image"]
    assert set(images) == {"en-US", "es", "zh"}
    assert len({asset.id for asset in images.values()}) == 3
    client = client_for(Recorded())
    assert all(client.asset_url(a, ["en-US"]).startswith("https://") for a in images.values())  # type: ignore[union-attr]


def test_asset_url_per_locale_of_a_locale_star_asset() -> None:
    star, single = interactions("cda_asset_locale_star_vs_es.json")
    raw = star["response"]["body"]["items"][0]
    asset = ContentAsset(raw["sys"]["id"], "*", raw["fields"])
    client = client_for(Recorded())
    assert client.asset_url(asset, ["es", "en-US"]).endswith("/Flag_of_Spain.svg")  # type: ignore[union-attr]
    assert client.asset_url(asset, ["de", "en-US"]).endswith("/Flag_of_the_United_States.svg")  # type: ignore[union-attr]
    raw_es = single["response"]["body"]["items"][0]
    es = ContentAsset(raw_es["sys"]["id"], "es", raw_es["fields"])
    assert client.asset_url(es) == "https:" + raw_es["fields"]["file"]["url"]
    absolute = ContentAsset("a", "en-US", {"file": {"url": "https://cdn.example/a.png"}})
    assert client.asset_url(absolute) == "https://cdn.example/a.png"


def test_unresolvable_links_are_dropped_and_listed() -> None:
    (exchange,) = interactions("cda_unresolvable_link_errors.json")
    result = client_for(Recorded(exchange), exchange).entries(
        "lesson", "en-US", **{"sys.id": "1HR1QvURo4MoSqO0eqmUeO"}
    )
    modules = result.items[0].fields["modules"]
    assert [m.id for m in modules] == ["5u5i90HuEgcOYKacSoMEG6", "58B62ubQbmIOiAkmq44kAo"]
    assert all(isinstance(m, ContentEntry) for m in modules)
    assert result.unresolved == (Link("Entry", "2tV9n41tryO2QMwIkQUQeQ"),)


def test_cda_drops_a_draft_child_that_preview_resolves() -> None:
    cda, preview = interactions("cda_vs_preview_draft_link.json")
    query = {"sys.id": "5Etc0jWzIWwMeSu4W0SCi8"}
    published = client_for(Recorded(cda), cda).entries("parent", "en-US", **query)
    assert published.items[0].fields["children"] == []
    assert published.unresolved == (Link("Entry", "5j1nAEs6aQMm8Ea2uEASEk"),)
    drafts = client_for(Recorded(preview), preview, service="contentful-preview")
    (child,) = drafts.entries("parent", "en-US", **query).items[0].fields["children"]
    assert child.value("title") == "Child" and child.content_type == "child"


def test_links_inside_rich_text_resolve_or_drop() -> None:
    (exchange,) = interactions("rich_text_cda_entry_all_node_types.json")
    query = {"sys.id": "4fvSwl5Ob6UEWKg6MQicuC"}
    result = client_for(Recorded(exchange), exchange).entries("parent", "en-US", **query)
    child = result.items[0].fields["richTextChild"]
    targets = [
        node["data"].get("target", "dropped")
        for block in child.fields["body"]["content"]
        for node in block.get("content", [])
        if node.get("nodeType") in ("entry-hyperlink", "asset-hyperlink")
    ]
    assert isinstance(targets[1], ContentAsset) and targets[0] == "dropped"
    assert Link("Entry", "49rofLvvxCOiIMIi6mk8ai") in result.unresolved
    assert len(result.unresolved) == len(set(result.unresolved))


def test_empty_fields_and_missing_values() -> None:
    (exchange,) = interactions("cda_entry_empty_fields.json")
    query = {"sys.id": "2t1x77MgUA4SM2gMiaUcsy"}
    entry = client_for(Recorded(exchange), exchange).entries("test", "en-US", **query).items[0]
    assert entry.fields == {} and entry.value("title") is None
    blank = ContentEntry("x", "product", "en-US", {"title": "", "images": []})
    assert blank.value("title") is None and blank.value("images") is None
    assert is_missing("") and is_missing(None) and not is_missing(0) and not is_missing(False)


def test_modern_entry_keeps_rich_text_and_metadata_free_fields() -> None:
    (exchange,) = interactions("cda_entry_modern_2025.json")
    query = {"sys.id": "tIb8i9uSg9giCeDIWCvi1"}
    entry = client_for(Recorded(exchange), exchange).entries("blogPost", "en-US", **query).items[0]
    assert entry.content_type == "blogPost" and entry.updated_at == "2025-07-10T07:10:59.151Z"
    assert entry.fields["body"]["nodeType"] == "document"
    assert set(entry.fields) == {"title", "body"}


# -- products -----------------------------------------------------------------------------
def test_products_make_one_request_with_in_filters() -> None:
    recorder = Recorded(*interactions("cda_entries_single_locale_include2.json"))
    client = client_for(recorder)
    with pytest.raises(UpstreamNotFound):
        client.products("es-ES", ids=["p1", "p2", "p1", "bad,id"])
    with pytest.raises(UpstreamNotFound):
        client.products("de-DE", handles=["tee"])
    first, second = (r.url.params for r in recorder.requests)
    assert (first["content_type"], first["locale"], first["sys.id[in]"]) == (
        "product",
        "es-ES",
        "p1,p2",
    )
    assert first["limit"] == "2" and "fields.handle[in]" not in first
    assert (second["fields.handle[in]"], second["limit"]) == ("tee", "1")


def test_products_with_nothing_to_look_up_make_no_request() -> None:
    recorder = Recorded()
    client = client_for(recorder)
    assert client.products("en-US", ids=[]).items == ()
    assert client.products("en-US", handles=["a,b"]).items == ()
    assert recorder.requests == []


def test_products_by_id_are_indexed() -> None:
    (exchange,) = interactions("cda_unresolvable_link_errors.json")

    def handler(request: httpx.Request) -> httpx.Response:
        return as_response(exchange)

    result = client_for(handler).products("en-US", ids=["1HR1QvURo4MoSqO0eqmUeO"])
    assert list(result.by_id()) == ["1HR1QvURo4MoSqO0eqmUeO"]


# -- errors and retries -------------------------------------------------------------------
def recorded_error(index: int) -> dict[str, Any]:
    return interactions("cda_errors.json")[index]


@pytest.mark.parametrize(
    ("index", "status", "kind", "cls"),
    [
        (0, 400, "InvalidQuery", UpstreamRejected),
        (1, 400, "BadRequest", UpstreamRejected),
        (2, 401, "AccessTokenInvalid", UpstreamRejected),
        (3, 404, "NotFound", UpstreamNotFound),
    ],
)
def test_recorded_errors_map_onto_the_tree(index: int, status: int, kind: str, cls: type) -> None:
    exchange = recorded_error(index)
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return as_response(exchange)

    with pytest.raises(cls) as caught:
        client_for(handler).entries("product", "en-US")
    assert (caught.value.status, caught.value.error_type) == (status, kind)
    assert caught.value.message == exchange["response"]["body"]["message"]
    assert "cda-token" not in str(caught.value) and len(calls) == 1


def test_recorded_429_waits_the_reset_seconds_then_retries() -> None:
    answers = [as_response(recorded_error(4)), as_response(recorded_error(5))]
    sleeps: list[float] = []
    result = client_for(lambda request: answers.pop(0), sleeps=sleeps).entries("product", "en-US")
    assert result.items == () and sleeps == [1.0] and answers == []


def test_429_twice_raises_rate_limited() -> None:
    limited = recorded_error(4)
    sleeps: list[float] = []
    with pytest.raises(RateLimited) as caught:
        client_for(lambda request: as_response(limited), sleeps=sleeps).locales()
    assert caught.value.retry_after == 1.0 and sleeps == [1.0]
    assert isinstance(caught.value, UpstreamUnavailable) and caught.value.status == 429


def test_429_beyond_the_cap_is_not_waited_for() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(429, headers={"x-contentful-ratelimit-reset": "45"}, json={})

    sleeps: list[float] = []
    with pytest.raises(RateLimited) as caught:
        client_for(handler, sleeps=sleeps, rate_limit_wait_cap=2.0).locales()
    assert caught.value.retry_after == 45.0 and sleeps == [] and calls == [1]


def test_429_without_reset_header_backs_off_briefly() -> None:
    answers = [httpx.Response(429, json={}), as_response(recorded_error(5))]
    sleeps: list[float] = []
    client_for(lambda request: answers.pop(0), sleeps=sleeps).entries("product", "en-US")
    assert sleeps == [1.0]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-Contentful-RateLimit-Reset": "2"}, 2.0),
        ({"X-Contentful-Ratelimit-Reset": "1"}, 1.0),
        ({"x-contentful-ratelimit-reset": "0"}, 0.0),
        ({"X-CONTENTFUL-RATELIMIT-RESET": " 3 "}, 3.0),
        ({"X-Contentful-RateLimit-Reset": "soon"}, None),
        ({"X-Contentful-RateLimit-Reset": "-1"}, None),
        ({"X-Contentful-RateLimit-Reset": "nan"}, None),
        ({"X-Contentful-RateLimit-Reset": "inf"}, None),
        ({}, None),
    ],
)
def test_reset_header_is_read_case_insensitively(
    headers: dict[str, str], expected: float | None
) -> None:
    assert header_seconds(headers, "X-Contentful-RateLimit-Reset") == expected


def test_5xx_is_retried_once_quickly() -> None:
    answers = [httpx.Response(503, text="Service Unavailable"), as_response(recorded_error(5))]
    sleeps: list[float] = []
    client_for(lambda request: answers.pop(0), sleeps=sleeps, retry_delay=0.01).entries(
        "p", "en-US"
    )
    assert sleeps == [0.01]


def test_5xx_twice_is_unavailable() -> None:
    with pytest.raises(UpstreamUnavailable) as caught:
        client_for(lambda request: httpx.Response(502)).entries("p", "en-US")
    assert caught.value.status == 502 and not isinstance(caught.value, RateLimited)


def test_timeouts_retry_once_then_raise_unavailable() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectTimeout("slow", request=request)

    with pytest.raises(UpstreamUnavailable, match="timed out") as caught:
        client_for(handler, service="contentful-preview").locales()
    assert caught.value.service == "contentful-preview" and len(calls) == 2


def test_timeout_then_success() -> None:
    failures = [httpx.ReadTimeout("slow")]
    (exchange,) = interactions("cda_locales.json")

    def handler(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop()
        return as_response(exchange)

    assert len(client_for(handler).locales()) == 3


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(200, text='{"items": ['),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"sys": {"type": "Array"}}),
    ],
)
def test_malformed_bodies_are_unavailable(response: httpx.Response) -> None:
    with pytest.raises(UpstreamUnavailable):
        client_for(lambda request: response).entries("product", "en-US")


def test_a_field_nested_absurdly_deep_is_cut_not_a_recursion_error() -> None:
    from storefront.clients.contentful_models import MAX_NESTING, resolve_collection

    deep: Any = "bottom"
    for _ in range(20_000):
        deep = {"content": [deep]}
    raw = {"sys": {"id": "e1", "type": "Entry"}, "fields": {"deep": deep, "title": "kept"}}
    (entry,) = resolve_collection({"items": [raw]}, "en-US", 2).items
    assert entry.fields["title"] == "kept"
    level, node = 0, entry.fields.get("deep")
    while isinstance(node, dict | list):
        node = node.get("content") if isinstance(node, dict) else (node or [None])[0]
        level += 1
    assert level <= MAX_NESTING
