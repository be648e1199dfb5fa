"""The processes the page benchmark runs: the sandbox, gunicorn apps and varnishd, by pid.

Shared by ``page_latency.py``; every process started here is stopped by its own pid.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VCL = ROOT / "deploy" / "varnish" / "storefront.vcl"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 30.0) -> None:
    """Until ``url`` answers below 500."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(
    args: list[str], env: dict[str, str], ready_url: str, cwd: Path = ROOT
) -> Iterator[None]:
    """Run ``args`` in ``cwd`` until the block ends, once ``ready_url`` answers."""
    proc = subprocess.Popen(
        args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(ready_url)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def gunicorn(app: str, env: dict[str, str], port: int) -> list[str]:
    """The production server command (``gunicorn.conf.py``) for ``app`` on ``port``."""
    return [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", app]


@contextmanager
def checkout(revision: str) -> Iterator[Path]:
    """The project's files at git ``revision`` in a scratch folder (``git archive``), removed
    when the block ends."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=ROOT,
                             capture_output=True)  # fmt: skip
    if archive.returncode:
        raise SystemExit(f"--against {revision}: {archive.stderr.decode().strip()}")
    with tempfile.TemporaryDirectory(prefix="bench-rev-") as folder:
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        yield Path(folder)


def sandbox_command(medusa_ms: float, contentful_ms: float) -> list[str]:
    """``storefront sandbox`` with latency injected into Medusa and the CDA."""
    # The CMA's limit is lifted: the page benchmark gives products content before it measures.
    return [str(BIN / "storefront"), "sandbox", "--latency", f"medusa={medusa_ms}",
            "--latency", f"cda={contentful_ms}", "--cma-rate-limit", "1000"]  # fmt: skip


def set_latency(base_url: str, ms: float) -> None:
    """Change a sandbox API's injected latency while it runs."""
    httpx.post(f"{base_url}/_sandbox/faults", json={"latency_ms": ms}).raise_for_status()


def varnish_missing() -> str | None:
    """Why varnishd with vmod xkey cannot run here, or None."""
    if shutil.which("varnishd") is None and not Path("/usr/sbin/varnishd").exists():
        return "varnishd not installed (apt-get install varnish varnish-modules)"
    if not any(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")):
        return "vmod xkey not installed (apt-get install varnish-modules)"
    return None


@contextmanager
def varnish(backend_port: int, work: Path) -> Iterator[str]:
    """varnishd with the shipped VCL (its backend pointed at ``backend_port``); yields its URL."""
    vcl = work / "storefront.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000"', f'.port = "{backend_port}"'))
    port = free_port()
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    command = [varnishd, "-F", "-j", "none", "-n", str(work / "state"), "-T", "none",
               "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,64m"]  # fmt: skip
    with process(command, dict(os.environ), f"http://127.0.0.1:{port}/healthz"):
        yield f"http://127.0.0.1:{port}"
