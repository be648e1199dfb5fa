"""The benchmark scripts still run (tiny sizes; their figures are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_bulk_pipeline_runs_every_stage() -> None:
    out = run("bulk_pipeline.py", "--products", "4")
    for stage in ("import", "sync all", "translate", "publish", "total"):
        assert any(line.startswith(stage) for line in out.splitlines()), out


def test_sync_throughput_reports_requests_per_product() -> None:
    assert "per product" in run("sync_throughput.py", "--products", "4")


PAGE_LATENCY_LINES = (
    "true cold product page, new products one after another",
    "true cold product page, new products in the rounds",
    "minus the Contentful request's p50 around them",
    "a new product with its Contentful entry",
    "Flask view making only the Contentful request",
    "the storefront's own work",
    "per round (each page against the upstream requests just before it)",
    "cold product page (cache flushed)",
    "first requests after a start: worst",
    "cached page p50",
    "hello-world Flask app, same gunicorn config",
    "page-cache hit /products/x,",
    "page-cache hit /products/x?lang=es,",
    "Varnish",
    "first view after a publish",
)


def test_page_latency_prints_its_figures(redis_url: str) -> None:
    # The fixture makes sure a Redis answers (CI) or skips with the reason; the run empties
    # that database (and the --against storefront's, the next one) before and after.
    sizes = ("--samples", "3", "--seconds", "1", "--clients", "1", "--starts", "2")
    against = ("--against", "HEAD", "--against-redis-url", _next_database(redis_url))
    out = run("page_latency.py", *sizes, "--publishes", "1", "--redis-url", redis_url, *against,
              timeout=300)  # fmt: skip
    for line in PAGE_LATENCY_LINES:
        assert line in out, out
    assert out.count("the same pages at HEAD: p50") == 2, out  # in a row and in the rounds
    assert "1 of 1 already showed the new title" in out, out


def _next_database(url: str) -> str:
    """The same Redis server's next database (15 -> 14: databases count from 0 to 15)."""
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number or 0) - 1) % 16}"
