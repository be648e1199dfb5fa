"""Product page latency and throughput against the sandbox with upstream latency injected.

Starts the sandbox (Medusa +40 ms, Contentful +80 ms by default) and the storefront under the
production gunicorn config with a Redis cache in a scratch database, then prints:
- the upstream baselines: each request alone, both one after the other (the sequential sum)
  and both at once from a script (the parallel floor), and a Flask view under the same gunicorn
  config that makes only the Contentful request (what the server, Flask and the wake-ups cost
  any page here, before its own work);
- true cold product pages (a product nobody asked for yet, warm process), two ways: one after
  another, as a busy worker serves them, between two runs of the Contentful request (the goal's
  figure); and in rounds with the baselines above (one of each per round), so the machine's
  drift weighs on all alike, where each page comes after five requests to other processes and
  finds the worker's CPU caches cold (on a 2-core machine the two read within the noise of 40
  samples of each other). Then new products that have a
  published Contentful entry (default locale only: the Spanish page shows it through the
  fallback chain; the first kind has none, its content answer is empty), and cold pages with
  the cache database flushed before each request;
- the first requests after a start: a fresh gunicorn, one new product each;
- cached product page p50/p95 and page-cache hit throughput, ``/products/x`` and
  ``/products/x?lang=es``, beside a hello-world Flask app under the same gunicorn config;
- hits through Varnish (the shipped VCL in front of gunicorn), when varnishd is installed;
- the first view after a translator publishes a Spanish title (signed webhook, purge, re-warm);
- with ``--against REV``, the true cold pages of git revision REV's storefront in the same rounds
  and the same block as this tree's (its own code and gunicorn config, the same sandbox, its
  own Redis database).
Figures are printed, never asserted. Run: ``python benchmarks/page_latency.py [--help]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import bench_load
import httpx
import redis
from bench_servers import (
    BIN,
    ROOT,
    checkout,
    free_port,
    gunicorn,
    process,
    sandbox_command,
    set_latency,
    varnish,
    varnish_missing,
    wait_for,
)
from bulk_pipeline import catalog_csv, quiet, sandbox_settings, stage_import
from publish_probe import first_views_after_publish

from config.settings import Settings
from storefront import tagversions
from sync.bulk.runs import run_publish, run_sync_all

PRODUCT = "organic-cotton-tshirt"
BASELINE = 9000  # the number of the new product the upstream baselines ask for
AGAINST = 5000  # the first number of the new products the --against revision's pages show
IN_A_ROW = 7000  # the first number of the new products whose pages are measured one after another
PAGE = f"/products/{PRODUCT}?lang=es-ES"
HITS = {
    "/products/x": f"/products/{PRODUCT}",
    "/products/x?lang=es": f"/products/{PRODUCT}?lang=es",
}
STOREFRONT = "storefront:create_app()"
HELLO = "benchmarks.hello_app:app"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``samples``."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def timed(
    call: Callable[[], object], count: int, before: Callable[[], object] = lambda: None
) -> list[float]:
    """Milliseconds of ``count`` calls, ``before`` run (untimed) ahead of each."""
    samples = []
    for _ in range(count):
        before()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def timed_each(calls: list[Callable[[], object]]) -> list[float]:
    """Milliseconds of each call, once."""
    iterator: Iterator[Callable[[], object]] = iter(calls)
    return timed(lambda: next(iterator)(), len(calls))


def upstream_calls(env: dict[str, str], handle: str) -> dict[str, Callable[[], object]]:
    """Each upstream request a new product's page makes (``handle``: one like the measured
    pages, no Contentful entry), alone, and both one after the other (a page without fan-out)."""
    medusa = httpx.Client(
        base_url=env["MEDUSA_URL"], headers={"x-publishable-api-key": "pk_dev_sandbox_" + "0" * 52}
    )
    cda = httpx.Client(
        base_url=env["CONTENTFUL_CDA_URL"], headers={"authorization": "Bearer dev-delivery-token"}
    )
    region = medusa.get("/store/regions").json()["regions"][0]["id"]
    fields = "*variants.calculated_price,+variants.inventory_quantity"
    query = {"content_type": "product", "locale": "*", "include": "2", "fields.handle[in]": handle}

    def commerce() -> None:
        medusa.get("/store/products", params={"handle": handle, "region_id": region,
                                              "fields": fields})  # fmt: skip

    def content() -> None:
        cda.get("/spaces/sandboxspace/environments/master/entries", params=query)

    def both_at_once() -> None:
        side = threading.Thread(target=content)
        side.start()
        commerce()
        side.join()

    def one_after_other() -> None:
        commerce()
        content()

    # Both sandbox APIs live in one process, so two requests at once share its GIL: "parallel"
    # is the floor any parallel fetch against this sandbox can reach.
    return {"medusa": commerce, "contentful": content, "sequential": one_after_other,
            "parallel": both_at_once}  # fmt: skip


def interleaved(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Milliseconds of each call, one of each per round: the machine's drift over the run
    (its other work, the CPU's clock) then weighs on every row alike, and the rows' differences
    compare like with like."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            samples[name] += timed(call, 1)
    return samples


def in_a_row(
    baseline: Callable[[], object], pages: dict[str, Callable[[], object]], count: int
) -> dict[str, list[float]]:
    """``count`` of each kind of page one after another, as a busy worker serves them (its
    caches warm), in ABBA order between two runs of ``baseline``: the machine's drift over the
    block then cancels out of the differences. The baseline's samples are under "baseline"."""
    half = max(1, count // 2)
    calls = {"baseline": baseline, **pages}
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for name in ["baseline", *pages, *reversed(pages), "baseline"]:
        samples[name] += timed(calls[name], half)
    return samples


def import_products(env: dict[str, str], count: int, medusa_ms: float, start: int = 0) -> list[str]:
    """``count`` products nobody has asked for yet (imported with the latency off)."""
    set_latency(env["MEDUSA_URL"], 0)
    try:
        stage_import(Settings(medusa_url=env["MEDUSA_URL"]), catalog_csv(count, start))
    finally:
        set_latency(env["MEDUSA_URL"], medusa_ms)
    return [f"/products/bench-tee-{n:04d}?lang=es-ES" for n in range(start, start + count)]


def give_content(env: dict[str, str], medusa_ms: float) -> None:
    """Every product so far gets its published Contentful entry (``sync all``, ``publish``):
    the default locale only, so a Spanish page shows it through the fallback chain."""
    settings = sandbox_settings(
        env["MEDUSA_URL"], env["CONTENTFUL_CMA_URL"], env["CONTENTFUL_CDA_URL"],
        env["STOREFRONT_DATA_DIR"],
    )  # fmt: skip
    set_latency(env["MEDUSA_URL"], 0)
    try:
        run_sync_all(settings, quiet("sync all"), restart=True)
        run_publish(settings, quiet("publish"), include_drafts=True)
    finally:
        set_latency(env["MEDUSA_URL"], medusa_ms)


def against_revision(
    stack: ExitStack, args: argparse.Namespace, env: dict[str, str]
) -> Callable[[], object] | None:
    """True cold pages of ``--against``'s storefront, one new product per call: its own code and
    gunicorn.conf.py, the same sandbox, its own Redis database. None without the flag."""
    if not args.against:
        return None
    tree = stack.enter_context(checkout(args.against))
    other = {**env, "PYTHONPATH": str(tree), "REDIS_URL": args.against_redis_url}
    scratch = redis.Redis.from_url(args.against_redis_url)
    scratch.flushdb()
    stack.callback(scratch.flushdb)
    pages = iter(import_products(env, 2 * args.samples + 1, args.medusa_ms, AGAINST))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stack.enter_context(process(gunicorn(STOREFRONT, other, port), other, f"{base}/healthz",
                                cwd=tree))  # fmt: skip
    client = httpx.Client()
    timed(lambda: client.get(base + PAGE), 4)  # warm its worker processes
    client.get(base + next(pages))
    return lambda: client.get(base + next(pages))


def first_requests_after_start(env: dict[str, str], paths: list[str]) -> list[float]:
    """A fresh gunicorn, ready when /healthz answers on fresh connections; one new product each."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with process(gunicorn(STOREFRONT, env, port), env, f"{base}/healthz"):
        for _ in range(8):  # reuse_port spreads fresh connections over the workers
            wait_for(f"{base}/healthz")
        # One client, no keep-alive: a new connection per visitor, but not a new httpx.Client
        # (building one costs ~20 ms of the benchmark's own CPU, mostly its SSL context).
        with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as visitor:
            return timed_each([lambda p=p: visitor.get(base + p) for p in paths])  # type: ignore[misc]


def hit_throughput(base: str, hello: str, args: argparse.Namespace) -> list[str]:
    """Page-cache hits with and without ``?lang=``, against the hello-world floor.

    The floor is measured before and after the hits and averaged: other work on the machine
    changes from one run to the next, and each ratio should compare like with like.
    """
    floors, rates = [], {}
    floor, how = bench_load.requests_per_second(hello + "/", args.clients, args.seconds)
    floors.append(floor)
    for label, path in HITS.items():
        httpx.get(base + path)  # stored
        rates[label], how = bench_load.requests_per_second(base + path, args.clients, args.seconds)
    floor, how = bench_load.requests_per_second(hello + "/", args.clients, args.seconds)
    floors.append(floor)
    floor = statistics.mean(floors)
    lines = [f"hello-world Flask app, same gunicorn config, {how}: {floor:.0f} req/s "
             f"(mean of {floors[0]:.0f} before and {floors[1]:.0f} after the hits)"]  # fmt: skip
    for label, rps in rates.items():
        lines.append(f"page-cache hit {label}, {how}: {rps:.0f} req/s = {rps / floor:.2f} x "
                     "the hello-world floor (goal: >= 0.75)")  # fmt: skip
    if how != "wrk -t2 -c32":
        lines.append(bench_load.WRK_MISSING + "the figures above come from Python clients")
    return lines


def through_varnish(web_port: int, args: argparse.Namespace) -> list[str]:
    """Hits through varnishd with the shipped VCL, or why they were skipped."""
    missing = varnish_missing()
    if missing:
        return [f"Varnish: skipped, {missing}"]
    with tempfile.TemporaryDirectory(prefix="bench-varnish-") as work, \
            varnish(web_port, Path(work)) as url:  # fmt: skip
        path = HITS["/products/x?lang=es"]
        verdicts = [httpx.get(url + path).headers.get("X-Cache", "?") for _ in range(2)]
        client = httpx.Client()
        p50, p95 = percentiles(timed(lambda: client.get(url + path), args.samples * 5))
        rps, how = bench_load.requests_per_second(url + path, args.clients, args.seconds)
    return [
        f"Varnish (shipped VCL) /products/x?lang=es: first {verdicts[0]}, then {verdicts[1]}",
        f"Varnish hit p50 {p50:.2f} ms, p95 {p95:.2f} ms; {how}: {rps:.0f} req/s",
    ]


def environment(args: argparse.Namespace) -> dict[str, str]:
    """The variables every process of the run shares."""
    ports = {name: free_port() for name in ("medusa", "cda", "preview", "cma", "web")}
    return {
        **os.environ,
        "STOREFRONT_DATA_DIR": tempfile.mkdtemp(prefix="bench-"),
        "REDIS_URL": args.redis_url,
        "MEDUSA_URL": f"http://127.0.0.1:{ports['medusa']}",
        "CONTENTFUL_CDA_URL": f"http://127.0.0.1:{ports['cda']}",
        "CONTENTFUL_PREVIEW_URL": f"http://127.0.0.1:{ports['preview']}",
        "CONTENTFUL_CMA_URL": f"http://127.0.0.1:{ports['cma']}",
        "STOREFRONT_PUBLIC_URL": f"http://127.0.0.1:{ports['web']}",
        "WEB_PORT": str(ports["web"]),
        "STOREFRONT_WORKERS": str(args.workers),
        "PYTHONPATH": str(ROOT),
    }


def register_webhook(env: dict[str, str]) -> None:
    """``storefront sync setup``: the sandbox then delivers signed webhooks to the storefront."""
    subprocess.run([str(BIN / "storefront"), "sync", "setup"], env=env, cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medusa-ms", type=float, default=40)
    parser.add_argument("--contentful-ms", type=float, default=80)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--starts", type=int, default=8, help="first requests after a start")
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--against", metavar="REV", help="also measure the true cold page of "
                        "git revision REV's storefront, in the same rounds and block")  # fmt: skip
    parser.add_argument("--against-redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis_url)

    def flush() -> None:
        # Emptied by hand: the storefront's processes are told to forget what they remember.
        client.flushdb()
        client.publish(tagversions.CHANNEL, tagversions.EVERYTHING)

    flush()
    try:
        run(args, environment(args), flush)
    finally:
        flush()


def run(args: argparse.Namespace, env: dict[str, str], flush: Callable[[], object]) -> None:
    """Start everything, measure, print."""
    web, hello_port = int(env["WEB_PORT"]), free_port()
    base, hello = f"http://127.0.0.1:{web}", f"http://127.0.0.1:{hello_port}"
    sandbox_env = {**env, "REDIS_URL": ""}  # the sandbox's Medusa events go to SQLite here
    with ExitStack() as stack:
        stack.enter_context(process(sandbox_command(args.medusa_ms, args.contentful_ms),
                                    sandbox_env, env["MEDUSA_URL"] + "/health"))  # fmt: skip
        rich = import_products(env, args.samples, args.medusa_ms)
        give_content(env, args.medusa_ms)
        fresh = import_products(env, args.samples + args.starts, args.medusa_ms, args.samples)
        # The baselines ask for a product like the true cold pages' (the demo product's rich
        # entry took the sandbox ~1 ms longer to answer, which flattered the difference).
        in_row = iter(import_products(env, args.samples, args.medusa_ms, IN_A_ROW))
        [baseline] = import_products(env, 1, args.medusa_ms, BASELINE)
        handle = baseline.split("/")[-1].split("?")[0]
        stack.enter_context(process(gunicorn(STOREFRONT, env, web), env, f"{base}/healthz"))
        stack.enter_context(process(gunicorn(HELLO, env, hello_port), env, hello + "/"))
        theirs = against_revision(stack, args, env)
        register_webhook(env)
        # This process ran the import and the sync above: a full collection of what they left
        # took 20-40 ms here, and one during a timed request lands in that sample.
        gc.collect()
        gc.freeze()
        client = httpx.Client()
        page_url = base + PAGE
        timed(lambda: client.get(page_url), 5)  # warm the worker processes
        calls = upstream_calls(env, handle)
        calls["one-request app"] = lambda: client.get(f"{hello}/contentful?handle={handle}")
        new_pages = iter(fresh[: args.samples])
        calls["true cold"] = lambda: client.get(base + next(new_pages))
        pages: dict[str, Callable[[], object]] = {
            "in a row": lambda: client.get(base + next(in_row))
        }
        if theirs is not None:
            calls["against"] = pages["against in a row"] = theirs
        base_rows = interleaved(calls, args.samples)
        rows: dict[str, list[float]] = {
            name: base_rows.pop(name) for name in ("true cold", "against") if name in base_rows
        }
        rows.update(in_a_row(calls["contentful"], pages, args.samples))
        rows["with content"] = timed_each([lambda p=p: client.get(base + p)  # type: ignore[misc]
                                           for p in rich])  # fmt: skip
        rows["flushed"] = timed(lambda: client.get(page_url), args.samples, before=flush)
        client.get(page_url)
        rows["warm"] = timed(lambda: client.get(page_url), args.samples * 5)
        rows["first"] = first_requests_after_start(env, fresh[args.samples :])
        rps = bench_load.python_clients(page_url, args.clients, args.seconds)
        lines = hit_throughput(base, hello, args)
        lines += through_varnish(web, args)
        lines += first_views_after_publish(env, base, args.publishes)
    report(args, base_rows, rows, rps, lines)


def report(
    args: argparse.Namespace,
    base: dict[str, list[float]],
    rows: dict[str, list[float]],
    rps: float,
    lines: list[str],
) -> None:
    """Print every figure."""
    print(f"injected latency: Medusa {args.medusa_ms:.0f} ms, Contentful "
          f"{args.contentful_ms:.0f} ms; gunicorn.conf.py with {args.workers} workers")  # fmt: skip
    print(f"{'measure':<52} {'p50 ms':>8} {'p95 ms':>8}")
    table = (
        ("Medusa product request alone", base["medusa"]),
        ("Contentful entries request alone", base["contentful"]),
        ("both one after the other (sequential sum)", base["sequential"]),
        ("both at once from a script (parallel floor)", base["parallel"]),
        ("Flask view making only the Contentful request", base["one-request app"]),
        ("Contentful request alone, around the pages in a row", rows["baseline"]),
        ("true cold product page, new products one after another", rows["in a row"]),
        ("true cold product page, new products in the rounds", rows["true cold"]),
        ("... a new product with its Contentful entry", rows["with content"]),
        ("cold product page (cache flushed)", rows["flushed"]),
        ("first requests after a start (new product each)", rows["first"]),
        ("cached product page", rows["warm"]),
    )
    for label, samples in table:
        p50, p95 = percentiles(samples)
        print(f"{label:<52} {p50:>8.1f} {p95:>8.1f}")
    floor = percentiles(base["parallel"])[0]
    cold, first = percentiles(rows["true cold"])[0], rows["first"]
    for line in [*in_a_row_lines(args, rows), *rounds_lines(args, base, rows)]:
        print(line)
    print(f"true cold p50 in the rounds minus the parallel floor's p50: {cold - floor:+.1f} ms; "
          f"sequential sum p50 {percentiles(base['sequential'])[0]:.1f} ms")  # fmt: skip
    print(
        f"first requests after a start: worst {max(first):.1f} ms, p50 "
        f"{statistics.median(first):.1f} ms, floor {floor:.1f} ms (goal: worst <= floor + 20)"
    )
    print(f"cached page p50: {percentiles(rows['warm'])[0]:.2f} ms (goal: under 3 ms)")
    print(f"cached page throughput, {args.clients} Python client processes: {rps:.0f} req/s")
    for line in lines:
        print(line)


def in_a_row_lines(args: argparse.Namespace, rows: dict[str, list[float]]) -> list[str]:
    """The true cold pages one after another (the worker warm, as under a shop's traffic)."""
    around = percentiles(rows["baseline"])[0]
    cold = percentiles(rows["in a row"])[0]
    lines = [f"true cold p50, one after another, minus the Contentful request's p50 around them: "
             f"{cold - around:+.1f} ms (goal: <= +5)"]  # fmt: skip
    if "against in a row" in rows:
        lines.append(against_line(args.against, rows["in a row"], rows["against in a row"], around))
    return lines


def rounds_lines(
    args: argparse.Namespace, base: dict[str, list[float]], rows: dict[str, list[float]]
) -> list[str]:
    """The true cold pages in the rounds: each after five requests to other processes (the
    worker's CPU caches cold), beside the baselines of the same rounds."""
    slower = max(percentiles(base["medusa"])[0], percentiles(base["contentful"])[0])
    cold = percentiles(rows["true cold"])[0]
    paired = [
        c - max(m, f)
        for c, m, f in zip(rows["true cold"], base["medusa"], base["contentful"], strict=True)
    ]
    proxy = percentiles(base["one-request app"])[0]
    lines = [
        f"true cold p50 in the rounds minus the slower upstream's p50: {cold - slower:+.1f} ms "
        "(each page after five requests to other processes: the worker's caches cold)",
        f"  per round (each page against the upstream requests just before it): p50 "
        f"{statistics.median(paired):+.1f} ms",
        f"  of which any Flask view waiting on that request pays here: "
        f"{proxy - percentiles(base['contentful'])[0]:+.1f} ms; the storefront's own work: "
        f"{cold - proxy:+.1f} ms",
    ]
    if "against" in rows:
        lines.append(
            against_line(args.against, rows["true cold"], rows["against"], slower, rounds=True)
        )
    return lines


def against_line(
    revision: str, ours: list[float], theirs: list[float], upstream: float, rounds: bool = False
) -> str:
    """The ``--against`` revision's true cold page beside this tree's (measured alike, both
    against ``upstream``, the p50 the line above subtracts); ``rounds``: the samples were taken
    in rounds, so pair them too."""
    p50 = percentiles(theirs)[0]
    line = (
        f"  the same pages at {revision}: p50 {p50:.1f} ms ({p50 - upstream:+.1f} over the same "
        f"upstream p50); this tree minus it: {percentiles(ours)[0] - p50:+.1f} ms"
    )
    if rounds:
        paired = statistics.median(o - t for o, t in zip(ours, theirs, strict=True))
        line += f", per round {paired:+.1f}"
    return line


if __name__ == "__main__":
    main()
