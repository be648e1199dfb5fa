"""Product page latency and throughput against the sandbox with upstream latency injected.

Starts the sandbox (Medusa +40 ms, Contentful +80 ms by default) and the storefront under
gunicorn (gthread) with a Redis cache in a scratch database, then prints:
- the sequential baseline: the two upstream requests one after the other, measured now;
- cold product page p50/p95 (the cache database flushed before each request);
- cached product page p50/p95;
- cached page throughput from several client processes with keep-alive connections.
Figures are printed, never asserted. Run: ``python benchmarks/page_latency.py [--help]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/products/organic-cotton-tshirt?lang=es-ES"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(args: list[str], env: dict[str, str], ready_url: str) -> Iterator[None]:
    proc = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(ready_url)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def timed(
    call: Callable[[], object], count: int, before: Callable[[], object] = lambda: None
) -> list[float]:
    samples = []
    for _ in range(count):
        before()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def upstream_baselines(env: dict[str, str], count: int) -> dict[str, list[float]]:
    """Each upstream request alone, and both one after the other (a page without fan-out)."""
    medusa = httpx.Client(
        base_url=env["MEDUSA_URL"], headers={"x-publishable-api-key": "pk_dev_sandbox_" + "0" * 52}
    )
    cda = httpx.Client(
        base_url=env["CONTENTFUL_CDA_URL"], headers={"authorization": "Bearer dev-delivery-token"}
    )
    region = medusa.get("/store/regions").json()["regions"][0]["id"]

    def commerce() -> None:
        medusa.get(
            "/store/products",
            params={
                "handle": "organic-cotton-tshirt",
                "region_id": region,
                "fields": "*variants.calculated_price,+variants.inventory_quantity",
            },
        )

    def content() -> None:
        cda.get(
            "/spaces/sandboxspace/environments/master/entries",
            params={
                "content_type": "product",
                "locale": "*",
                "include": 2,
                "fields.handle[in]": "organic-cotton-tshirt",
            },
        )

    def both_at_once() -> None:
        side = threading.Thread(target=content)
        side.start()
        commerce()
        side.join()

    def one_after_other() -> None:
        commerce()
        content()

    return {
        "medusa": timed(commerce, count),
        "contentful": timed(content, count),
        "sequential": timed(one_after_other, count),
        # Both sandbox APIs live in one process, so two requests at once share its GIL:
        # this is the floor any parallel fetch against this sandbox can reach.
        "parallel": timed(both_at_once, count),
    }


def _hammer(url: str, seconds: float, result: multiprocessing.Queue) -> None:
    done = 0
    with httpx.Client() as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            client.get(url)
            done += 1
    result.put(done)


def wrk_throughput(url: str, connections: int, seconds: float) -> float | None:
    """Requests/s measured by wrk (Debian package ``wrk``) when installed, else None."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{int(seconds)}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(found.group(1)) if found else None


def throughput(url: str, clients: int, seconds: float) -> float:
    result: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_hammer, args=(url, seconds, result)) for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    total = sum(result.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medusa-ms", type=float, default=40)
    parser.add_argument("--contentful-ms", type=float, default=80)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="bench-")
    ports = {name: free_port() for name in ("medusa", "cda", "preview", "cma", "web")}
    env = {
        **os.environ,
        "STOREFRONT_DATA_DIR": data,
        "REDIS_URL": args.redis_url,
        "MEDUSA_URL": f"http://127.0.0.1:{ports['medusa']}",
        "CONTENTFUL_CDA_URL": f"http://127.0.0.1:{ports['cda']}",
        "CONTENTFUL_PREVIEW_URL": f"http://127.0.0.1:{ports['preview']}",
        "CONTENTFUL_CMA_URL": f"http://127.0.0.1:{ports['cma']}",
        "STOREFRONT_BIND": f"127.0.0.1:{ports['web']}",
        "STOREFRONT_WORKERS": "2",
    }
    sandbox_env = {**env, "REDIS_URL": ""}  # the sandbox's Medusa events go to SQLite here
    bin_dir = Path(sys.executable).parent
    sandbox = [
        str(bin_dir / "storefront"),
        "sandbox",
        "--latency",
        f"medusa={args.medusa_ms}",
        "--latency",
        f"cda={args.contentful_ms}",
    ]
    web = [
        str(bin_dir / "gunicorn"),
        "-c",
        "gunicorn.conf.py",
        "--access-logfile",
        "/dev/null",
        "storefront:create_app()",
    ]
    page_url = f"http://127.0.0.1:{ports['web']}{PAGE}"
    flush = redis.Redis.from_url(args.redis_url).flushdb

    web_ready = f"http://127.0.0.1:{ports['web']}/healthz"
    with process(sandbox, sandbox_env, env["MEDUSA_URL"] + "/health"), process(web, env, web_ready):
        client = httpx.Client()
        timed(lambda: client.get(page_url), 5)  # warm the worker processes
        base = upstream_baselines(env, args.samples)
        cold = timed(lambda: client.get(page_url), args.samples, before=flush)
        client.get(page_url)
        warm = timed(lambda: client.get(page_url), args.samples * 5)
        rps = throughput(page_url, args.clients, args.seconds)
        wrk_rps = wrk_throughput(page_url, 32, args.seconds)
    flush()
    report(args, base, cold, warm, rps, wrk_rps)


def report(
    args: argparse.Namespace,
    base: dict[str, list[float]],
    cold: list[float],
    warm: list[float],
    rps: float,
    wrk_rps: float | None,
) -> None:
    print(
        f"injected latency: Medusa {args.medusa_ms:.0f} ms, Contentful {args.contentful_ms:.0f} ms"
    )
    print(f"{'measure':<46} {'p50 ms':>8} {'p95 ms':>8}")
    rows = (
        ("Medusa product request alone", base["medusa"]),
        ("Contentful entries request alone", base["contentful"]),
        ("both one after the other (sequential)", base["sequential"]),
        ("both at once from a script (parallel floor)", base["parallel"]),
        ("cold product page (cache flushed)", cold),
        ("cached product page", warm),
    )
    for label, samples in rows:
        p50, p95 = percentiles(samples)
        print(f"{label:<46} {p50:>8.1f} {p95:>8.1f}")
    slower = max(percentiles(base["medusa"])[0], percentiles(base["contentful"])[0])
    print(
        f"cold page p50 minus the slower upstream's p50: {percentiles(cold)[0] - slower:+.1f} ms"
        " (goal: within 10 ms)"
    )
    floor = percentiles(base["parallel"])[0]
    print(f"cold page p50 minus the parallel floor's p50: {percentiles(cold)[0] - floor:+.1f} ms")
    print(f"cached page p50: {percentiles(warm)[0]:.2f} ms (goal: under 3 ms)")
    print(
        f"cached page throughput, gunicorn gthread 2x16, {args.clients} Python client processes: "
        f"{rps:.0f} req/s"
    )
    if wrk_rps is None:
        print("wrk not installed (apt-get install wrk): no wrk throughput figure")
    else:
        print(f"cached page throughput, gunicorn gthread 2x16, wrk -t2 -c32: {wrk_rps:.0f} req/s")


if __name__ == "__main__":
    main()
