"""A thousand random calls to ``/hooks/contentful`` in the real app: never a 500, always JSON."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from config.settings import DEV_WEBHOOK_SECRET, Settings
from storefront import create_app, services
from sync import signing
from sync.webhook import MAX_BYTES, PATH

CMA_TYPE = "application/vnd.contentful.management.v1+json"
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)
# Each one_of branch is drawn about equally often: the accepted types get half of the draws.
ENTRY_TOPICS = [f"ContentManagement.Entry.{a}" for a in ("publish", "unpublish", "delete")]
OTHER_TOPICS = [
    f"ContentManagement.{kind}.{action}"
    for kind in ("Entry", "Asset", "ContentType")
    for action in ("publish", "unpublish", "archive", "delete", "save", "create")
]
REFUSED_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; b=x", ""]
# Each one_of branch is drawn about equally often: the accepted types get half of the draws.
CONTENT_TYPES = st.one_of(
    st.just(CMA_TYPE),
    st.sampled_from(["application/json", "application/json; charset=utf-8"]),
    st.sampled_from(REFUSED_TYPES),
    HEADER_TEXT,
)
TOPICS = st.one_of(
    st.none(), st.sampled_from(ENTRY_TOPICS), st.sampled_from(OTHER_TOPICS), HEADER_TEXT
)
JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**20),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
IDS = st.one_of(st.sampled_from(["prod_1", "prod_2", "e.x-1_"]), JSON_LEAF, st.text(max_size=70))
LOCALE_VALUES = st.dictionaries(st.sampled_from(["en-US", "es-ES", "xx"]), JSON_LEAF, max_size=3)
FIELDS = st.dictionaries(
    st.sampled_from(["title", "description", "handle", "medusaId", "weight", "seoTitle"]),
    st.one_of(LOCALE_VALUES, JSON),
    max_size=4,
)
SYS = st.fixed_dictionaries(
    {"id": IDS},
    optional={
        "type": st.one_of(st.sampled_from(["Entry", "DeletedEntry", "Asset"]), JSON_LEAF),
        "revision": st.one_of(st.integers(-2, 50), JSON_LEAF),
        "version": st.one_of(st.integers(-2, 50), JSON_LEAF),
        "contentType": st.one_of(
            st.fixed_dictionaries(
                {"sys": st.fixed_dictionaries({"id": st.sampled_from(["product", "blog"])})}
            ),
            JSON,
        ),
    },
)
PAYLOADS = st.one_of(
    st.fixed_dictionaries({"sys": SYS}, optional={"fields": st.one_of(FIELDS, JSON)}).map(
        json.dumps
    ),
    JSON.map(json.dumps),
).map(str.encode)
PRODUCT_PAYLOADS = st.fixed_dictionaries(
    {
        "sys": st.fixed_dictionaries({
            "type": st.just("Entry"), "id": st.sampled_from(["prod_1", "prod_2"]),
            "revision": st.integers(0, 10**6), "contentType": st.just({"sys": {"id": "product"}}),
        }),
        "fields": st.fixed_dictionaries({}, optional={
            "title": st.dictionaries(st.sampled_from(["en-US", "es-ES"]), st.text(max_size=10)),
            "handle": st.dictionaries(st.just("en-US"), st.text(max_size=10)),
        }),
    }
).map(json.dumps).map(str.encode)  # fmt: skip
BODIES = st.one_of(
    PRODUCT_PAYLOADS,
    PAYLOADS,
    st.binary(max_size=300),
    st.sampled_from([b"", b"{", b"[" * 3000, b"{}", b"\xff\xfe", b"x" * (MAX_BYTES + 1)]),
)
SIGNING = st.one_of(
    st.just("valid"), st.sampled_from(["none", "wrong-secret", "expired", "garbage"])
)
GARBAGE = st.dictionaries(
    st.sampled_from([signing.SIGNATURE, signing.SIGNED_HEADERS, signing.TIMESTAMP]), HEADER_TEXT
)


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    """The real app; upstreams point at a closed port, so a purge finds Medusa down (handled)."""
    with tempfile.TemporaryDirectory() as tmp:
        values = dict(
            env="test", data_dir=str(Path(tmp)), medusa_url="http://127.0.0.1:9", http_timeout=0.5
        )
        application = create_app({"SETTINGS": Settings(**values)})  # type: ignore[arg-type]
        yield application
        services.current_for(application).close()


def headers_for(
    body: bytes,
    content_type: str,
    topic: str | None,
    mode: str,
    key: str | None,
    garbage: dict[str, str],
) -> dict[str, str]:
    """Headers for one call, signed (or not) as `mode` says."""
    headers = {"Content-Type": content_type}
    if topic is not None:
        headers["X-Contentful-Topic"] = topic
    if key is not None:
        headers["X-Contentful-Idempotency-Key"] = key
    text = body.decode("utf-8", errors="replace")
    now = int(time.time() * 1000)
    if mode in ("valid", "wrong-secret", "expired"):
        secret = DEV_WEBHOOK_SECRET if mode != "wrong-secret" else "w" * 64
        stamp = now - 60_000 if mode == "expired" else now
        headers.update(signing.sign(secret, "POST", PATH, headers, text, stamp))
    elif mode == "garbage":
        headers.update(garbage)
    return headers


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])  # fmt: skip
@given(BODIES, CONTENT_TYPES, TOPICS, SIGNING, st.none() | HEADER_TEXT, GARBAGE)
def test_random_calls_never_give_a_500(
    app: Flask,
    body: bytes,
    content_type: str,
    topic: str | None,
    mode: str,
    key: str | None,
    garbage: dict[str, str],
) -> None:
    headers = headers_for(body, content_type, topic, mode, key, garbage)
    response = app.test_client().post(PATH, data=body, headers=headers)
    event(f"status {response.status_code}")  # --hypothesis-show-statistics: every path is hit
    assert response.status_code in (200, 202, 400, 401, 413, 415), response.get_data()
    answer: Any = response.get_json(silent=True)
    assert isinstance(answer, dict) and answer, response.get_data()
    if response.status_code >= 400:
        assert isinstance(answer.get("error"), str)
    if mode != "valid":
        assert response.status_code in (401, 413, 415)  # nothing unsigned gets through
