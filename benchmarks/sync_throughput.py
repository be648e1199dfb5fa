"""Sync throughput: N new Medusa products synced to the sandbox CMA at its rate limit.

Prints the wall time, the CMA requests made, requests per product, and the bound the issue sets:
time <= 1.1 x (CMA requests / limit).
Run: ``python benchmarks/sync_throughput.py [--products 500]``.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import httpx

from config.settings import Settings
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from sync.assembly import build_sync, make_queue_factory
from sync.worker import WorkerOptions, run_workers


def _create_products(box: Sandbox, count: int) -> None:
    """POST count products to the Admin API (each emits product.created)."""
    with httpx.Client(
        base_url=box.urls["medusa"], auth=(box.config.api_key, ""), timeout=30
    ) as client:
        for number in range(count):
            body = {
                "title": f"Benchmark product {number}",
                "handle": f"bench-{number}",
                "subtitle": "Synced",
                "description": "A product made by the benchmark.",
                "weight": 100 + number,
                # Medusa refuses a product without options (one default option is enough).
                "options": [{"title": "Default option", "values": ["Default option value"]}],
            }
            client.post("/admin/products", json=body).raise_for_status()


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--rate", type=int, default=10, help="sandbox CMA requests per second")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--auto-publish", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        config = SandboxConfig(
            data_dir=Path(tmp) / "sandbox",
            medusa_url="http://127.0.0.1:0",
            cda_url="http://127.0.0.1:0",
            preview_url="http://127.0.0.1:0",
            cma_url="http://127.0.0.1:0",
            cma_rate_limit=args.rate,
        )
        box = Sandbox(config).start()
        try:
            _run(box, args, tmp)
        finally:
            box.stop()


def _run(box: Sandbox, args: argparse.Namespace, data_dir: str) -> None:
    """Create the products, then time the sync of their events."""
    settings = Settings(
        medusa_url=box.urls["medusa"],
        contentful_cma_url=box.urls["cma"],
        data_dir=data_dir,
        sync_auto_publish=args.auto_publish,
    )
    started = time.perf_counter()
    _create_products(box, args.products)
    print(f"created {args.products} products in Medusa in {time.perf_counter() - started:.1f} s")
    statuses: list[int] = []
    parts = build_sync(
        settings, event_hooks={"response": [lambda r: statuses.append(r.status_code)]}
    )
    statuses.clear()  # the one-time default-locale read is setup, not sync
    options = WorkerOptions(base_delay=0.5, block_ms=100)
    started = time.perf_counter()
    handled = run_workers(
        make_queue_factory(settings), parts.dispatcher, args.concurrency, options, once=True
    )
    elapsed = time.perf_counter() - started
    parts.close()
    requests = len(statuses)
    bound = 1.1 * requests / args.rate
    print(f"events handled           {handled}")
    print(f"sync time                {elapsed:.1f} s")
    print(f"CMA requests             {requests} ({statuses.count(429)} answered 429)")
    print(f"requests per product     {requests / args.products:.2f}")
    print(f"products per minute      {args.products / elapsed * 60:.0f}")
    verdict = "OK" if elapsed <= bound else "OVER"
    print(f"bound 1.1 x req / {args.rate}     {bound:.1f} s  -> {verdict}")


if __name__ == "__main__":
    main()
