"""The production server's config: several workers only with a cache they share."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def gunicorn(workers: int, port: int, **env: str) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | env
    command = [str(GUNICORN), "-c", "gunicorn.conf.py", "-w", str(workers),
               "-b", f"127.0.0.1:{port}", "storefront:create_app()"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=environ, text=True, stderr=subprocess.PIPE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_several_workers_without_redis_are_refused() -> None:
    process = gunicorn(2, free_port())
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "set REDIS_URL" in err and "STOREFRONT_WORKERS=1" in err


def test_one_worker_without_redis_starts() -> None:
    port = free_port()
    process = gunicorn(1, port)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not serve /healthz (exit {process.poll()})")
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_stopped_worker_closes_its_pools() -> None:
    port = free_port()
    process = gunicorn(1, port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "closed its upstream and thread pools" in err and "Traceback" not in err
    # Warmed up, then the long-lived objects taken out of the collector's walks.
    frozen = re.search(r"ready, (\d+) objects frozen", err)
    assert frozen is not None and int(frozen.group(1)) > 10_000, err
