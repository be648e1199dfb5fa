"""Contentful request signing against the official library's test vectors."""

from __future__ import annotations

from typing import Any

import pytest

from sync import signing
from tests.conftest import load_fixture

VECTORS: list[dict[str, Any]] = load_fixture("contentful", "webhook_signature_test_vectors.json")[
    "vectors"
]


def _request(vector: dict[str, Any]) -> tuple[str, str, dict[str, str], str]:
    given = vector["input"]
    return given["method"], given["path"], given.get("headers", {}), given.get("body", "")


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["input"]["path"])
def test_sign_reproduces_the_official_headers(vector: dict[str, Any]) -> None:
    method, path, headers, body = _request(vector)
    produced = signing.sign(vector["secret"], method, path, headers, body, vector["timestamp_ms"])
    assert produced == vector["signed_headers_output"]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["input"]["path"])
def test_canonical_string_matches(vector: dict[str, Any]) -> None:
    method, path, headers, body = _request(vector)
    signed = {k.lower(): v for k, v in headers.items()}
    out = vector["signed_headers_output"]
    signed[signing.TIMESTAMP] = out[signing.TIMESTAMP]
    signed[signing.SIGNED_HEADERS] = out[signing.SIGNED_HEADERS]
    assert (
        signing.canonical_request(method, path, signed, body) == vector["canonical_string_signed"]
    )


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["input"]["path"])
def test_verify_accepts_the_vector_and_refuses_tampering(vector: dict[str, Any]) -> None:
    method, path, headers, body = _request(vector)
    all_headers = {**headers, **vector["signed_headers_output"]}
    now = vector["timestamp_ms"] + 1000
    signing.verify(vector["secret"], method, path, all_headers, body, now_ms=now)
    with pytest.raises(signing.InvalidSignature):
        signing.verify(vector["secret"], method, path, all_headers, body + "x", now_ms=now)
    with pytest.raises(signing.InvalidSignature):
        signing.verify("b" * 64, method, path, all_headers, body, now_ms=now)
    with pytest.raises(signing.ExpiredSignature):
        signing.verify(vector["secret"], method, path, all_headers, body)
    signing.verify(vector["secret"], method, path, all_headers, body, ttl_seconds=0)


def test_a_changed_signed_header_is_refused() -> None:
    vector = VECTORS[0]
    method, path, headers, body = _request(vector)
    forged = {**headers, **vector["signed_headers_output"]}
    forged["X-Contentful-Topic"] = "ContentManagement.Entry.delete"
    with pytest.raises(signing.InvalidSignature):
        signing.verify(vector["secret"], method, path, forged, body, ttl_seconds=0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {
            "x-contentful-signature": "ab",
            "x-contentful-signed-headers": "a,b",
            "x-contentful-timestamp": "1700000000000",
        },
        {
            "x-contentful-signature": "a" * 64,
            "x-contentful-signed-headers": "a",
            "x-contentful-timestamp": "1700000000000",
        },
        {
            "x-contentful-signature": "a" * 64,
            "x-contentful-signed-headers": "a,b",
            "x-contentful-timestamp": "1700000000",
        },
        {
            "x-contentful-signature": "a" * 64,
            "x-contentful-signed-headers": "a,b",
            "x-contentful-timestamp": "soon",
        },
    ],
)
def test_malformed_headers_are_refused(headers: dict[str, str]) -> None:
    with pytest.raises(signing.MalformedSignature):
        signing.verify("a" * 64, "POST", "/", headers, "", ttl_seconds=0)
