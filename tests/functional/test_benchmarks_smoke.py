"""The benchmark scripts still run (tiny sizes; their figures are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_bulk_pipeline_runs_every_stage() -> None:
    out = run("bulk_pipeline.py", "--products", "4")
    for stage in ("import", "sync all", "translate", "publish", "total"):
        assert any(line.startswith(stage) for line in out.splitlines()), out


def test_sync_throughput_reports_requests_per_product() -> None:
    assert "per product" in run("sync_throughput.py", "--products", "4")


def test_page_latency_prints_its_figures(redis_url: str) -> None:
    del redis_url  # the fixture makes sure a Redis answers (CI) or skips with the reason
    out = run("page_latency.py", "--samples", "3", "--seconds", "1", "--clients", "1")
    assert "cold product page" in out and "cached page p50" in out
