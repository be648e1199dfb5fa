"""Flow 5 end to end: import, sync, translate and publish 500 products against the sandbox.

The sandbox's CMA is limited to 10 requests/s (as on the recorded spaces). For each stage this
prints its time, its requests per product, its rate beside the flows' figures (100, 50, 33 and
100 products a minute; 35 minutes in all) and, for the Contentful stages, the goal: done within
1.1 x requests / 10 s, i.e. the limiter is the only thing that costs time.

    .venv/bin/python benchmarks/bulk_pipeline.py [--products 500] [--rate 10]
"""

from __future__ import annotations

import argparse
import io
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from config.settings import Settings
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from sync.bulk.csvformat import parse
from sync.bulk.importer import Importer
from sync.bulk.medusa import BulkAdmin
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_publish, run_sync_all, run_translate_entries
from sync.bulk.translate import TranslateOptions

FLOW_PER_MINUTE = {"import": 100, "sync all": 50, "translate": 33, "publish": 100}
FLOW_TOTAL_MINUTES = 35
HEADER = (
    "handle,title,subtitle,description,material,weight,collection,categories,tags,"
    "option1_name,option1_value,sku,price_eur,price_usd,stock"
)


def catalog_csv(count: int, start: int = 0) -> str:
    """`count` products of two sizes each (numbered from `start`), in the documented CSV format."""
    rows = [HEADER]
    for n in range(start, start + count):
        handle = f"bench-tee-{n:04d}"
        first = (
            f"{handle},Bench Tee {n},Soft and light,A plain tee number {n} for the benchmark.,"
            f"100% cotton,180,Everyday Basics,T-Shirts,cotton,Size,S,BT{n:04d}-S,19.99,21.99,10"
        )
        rows += [first, f"{handle},,,,,,,,,Size,M,BT{n:04d}-M,19.99,21.99,5"]
    return "\n".join(rows) + "\n"


class Requests:
    """Counts CMA requests (and 429s) through an httpx response hook."""

    def __init__(self) -> None:
        self.count = 0
        self.limited = 0

    def hook(self, response: httpx.Response) -> None:
        """The httpx response hook."""
        self.count += 1
        self.limited += response.status_code == 429

    @property
    def hooks(self) -> dict[str, list[Callable[..., Any]]]:
        """Pass as `event_hooks`."""
        return {"response": [self.hook]}


def quiet(title: str) -> Reporter:
    return Reporter(title, fancy=False, stream=io.StringIO())


def timed(run: Callable[[], Any]) -> float:
    began = time.monotonic()
    run()
    return time.monotonic() - began


def stage_import(settings: Settings, text: str) -> tuple[float, int, Reporter]:
    specs, errors = parse(text)
    assert not errors, errors[:3]
    admin, reporter = BulkAdmin(settings.medusa_url, settings.medusa_api_key, 30), quiet("import")
    importer = Importer(admin, reporter)

    def run() -> None:
        existing, problems = importer.check(specs)
        assert not problems, problems[:3]
        importer.run(specs, existing)

    seconds = timed(run)
    admin.close()
    return seconds, admin.requests, reporter


def report(name: str, seconds: float, requests: int, products: int, cma: bool) -> bool:
    per_minute = products / seconds * 60 if seconds else float("inf")
    line = (
        f"{name:<10} {seconds:7.1f} s  {requests / products:5.2f} req/product  "
        f"{per_minute:7.0f}/min (flow: {FLOW_PER_MINUTE[name]}/min)"
    )
    ok = True
    if cma:
        goal = 1.1 * requests / 10
        ok = seconds <= goal
        line += f"  goal <= {goal:.1f} s: {'met' if ok else 'MISSED'}"
    print(line)
    return ok


def main() -> None:
    """Run the four stages and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--rate", type=int, default=10, help="CMA requests per second")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        config = SandboxConfig(
            data_dir=Path(tmp) / "sandbox", medusa_url="http://127.0.0.1:0",
            cda_url="http://127.0.0.1:0", preview_url="http://127.0.0.1:0",
            cma_url="http://127.0.0.1:0", cma_rate_limit=args.rate,
        )  # fmt: skip
        box = Sandbox(config).start()
        try:
            run_all(box, Path(tmp), args.products)
        finally:
            box.stop()


def sandbox_settings(medusa: str, cma: str, cda: str, data_dir: str) -> Settings:
    """The sync's settings for a sandbox at these URLs, its state kept in ``data_dir``."""
    return Settings(
        medusa_url=medusa, contentful_cma_url=cma, contentful_cda_url=cda, data_dir=data_dir
    )


def run_all(box: Sandbox, data_dir: Path, count: int) -> None:
    urls = box.urls
    settings = sandbox_settings(urls["medusa"], urls["cma"], urls["cda"], str(data_dir))
    print(f"{count} products, 2 variants each; sandbox CMA at {box.config.cma_rate_limit} req/s")
    seconds, requests, reporter = stage_import(settings, catalog_csv(count))
    total, ok = seconds, True
    report("import", seconds, requests, count, cma=False)

    def sync_all(r: Reporter, c: Requests) -> None:
        run_sync_all(settings, r, event_hooks=c.hooks, restart=True)

    def translate(r: Reporter, c: Requests) -> None:
        options = TranslateOptions("es-ES")
        run_translate_entries(settings, r, options, "pseudo", event_hooks=c.hooks)

    def publish(r: Reporter, c: Requests) -> None:
        run_publish(settings, r, include_drafts=True, event_hooks=c.hooks)

    stages = [("sync all", sync_all), ("translate", translate), ("publish", publish)]
    for name, stage in stages:
        counter, reporter = Requests(), quiet(name)
        seconds = timed(lambda: stage(reporter, counter))  # noqa: B023 (called at once)
        assert not reporter.failed, reporter.failures[:3]
        total += seconds
        ok &= report(name, seconds, counter.count, count, cma=True)
        if counter.limited:
            print(f"           {counter.limited} answers were 429")
    print(f"{'total':<10} {total:7.1f} s  (flow: {FLOW_TOTAL_MINUTES} min; goal: well under 5 min)")
    print("all Contentful stages within their goal" if ok else "some stage missed its goal")


if __name__ == "__main__":
    main()
