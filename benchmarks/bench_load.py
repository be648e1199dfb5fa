"""Load generators for the page benchmark: wrk when installed, else Python client processes."""

from __future__ import annotations

import multiprocessing
import re
import shutil
import subprocess

import httpx

WRK_MISSING = "wrk not installed (apt-get install wrk, or brew install wrk): "


def _hammer(url: str, seconds: float, result: multiprocessing.Queue) -> None:
    import time

    done = 0
    with httpx.Client() as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            client.get(url)
            done += 1
    result.put(done)


def python_clients(url: str, clients: int, seconds: float) -> float:
    """Requests/s from ``clients`` processes with one keep-alive connection each."""
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


def wrk(url: str, connections: int, seconds: float) -> float | None:
    """Requests/s measured by ``wrk -t2`` when installed, else None."""
    found = shutil.which("wrk")
    if found is None:
        return None
    out = subprocess.run(
        [found, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else None


def requests_per_second(url: str, clients: int, seconds: float) -> tuple[float, str]:
    """wrk -t2 -c32 when installed, else the Python clients; with how it was measured."""
    measured = wrk(url, 32, seconds)
    if measured is not None:
        return measured, "wrk -t2 -c32"
    return python_clients(url, clients, seconds), f"{clients} Python client processes"
