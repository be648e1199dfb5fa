"""Security headers on every response, with images allowed from the configured upstreams."""

from __future__ import annotations

from typing import Any

from sandbox.server import Sandbox


def test_every_response_carries_the_security_headers(client: Any, box: Sandbox) -> None:
    for path in ("/", "/products/organic-cotton-tshirt", "/products/nope", "/healthz"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert box.urls["cda"] in policy and "https://images.ctfassets.net" in policy, path
