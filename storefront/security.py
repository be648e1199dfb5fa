"""Security headers on every response: no sniffing, no framing, a strict content policy.

Pictures may come from the shop itself, Contentful's image hosts and the configured upstreams
(the sandbox serves them over plain http on loopback); nothing else may load or run.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

from config.settings import Settings

CONTENTFUL_IMAGES = ("https://images.ctfassets.net", "https://images.eu.ctfassets.net")


def init_app(app: Flask, settings: Settings) -> None:
    """Add the headers to every response."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": content_policy(settings),
    }

    def add(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    app.after_request(add)


def content_policy(settings: Settings) -> str:
    """The Content-Security-Policy: same-origin everything, images from known hosts."""
    upstreams = (settings.medusa_url, settings.contentful_cda_url, settings.contentful_preview_url)
    origins = sorted({_origin(url) for url in upstreams} | set(CONTENTFUL_IMAGES))
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src 'self' data: {' '.join(origins)}",
            "style-src 'self'",
            "script-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
