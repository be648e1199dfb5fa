"""The Flask floor: a hello-world app for ``gunicorn -c gunicorn.conf.py benchmarks.hello_app:app``.

``benchmarks/page_latency.py`` serves it with the storefront's own gunicorn config, so the
page-cache hit figures can be read against what Flask itself costs on this machine.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The smallest page Flask can serve."""
    return "Hello, world!"
