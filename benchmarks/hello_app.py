"""The Flask floor: a hello-world app for ``gunicorn -c gunicorn.conf.py benchmarks.hello_app:app``.

``benchmarks/page_latency.py`` serves it with the storefront's own gunicorn config, so the
page-cache hit figures can be read against what Flask itself costs on this machine, and the
cold product page against a view that only makes the page's slower upstream request
(``/contentful?handle=...``, with ``CONTENTFUL_CDA_URL`` set): what any Flask page that waits on
that request costs here, before any work of its own.
"""

from __future__ import annotations

import os

import httpx
from flask import Flask, request

app = Flask(__name__)
PAGE_SIZE = 7_500  # bytes, about a product page's HTML
ENTRIES = "/spaces/sandboxspace/environments/master/entries"
QUERY = {"content_type": "product", "locale": "*", "include": "2"}
_cda = httpx.Client(
    base_url=os.environ.get("CONTENTFUL_CDA_URL", "http://127.0.0.1:1"),
    headers={"authorization": "Bearer dev-delivery-token"},
)


@app.get("/")
def hello() -> str:
    """The smallest page Flask can serve."""
    return "Hello, world!"


@app.get("/contentful")
def contentful() -> str:
    """A product page's Contentful request (``?handle=``), its JSON read, and a page-sized
    answer."""
    handle = request.args.get("handle", "organic-cotton-tshirt")
    _cda.get(ENTRIES, params={**QUERY, "fields.handle[in]": handle}).raise_for_status().json()
    return "x" * PAGE_SIZE
