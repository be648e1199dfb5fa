"""The ``storefront`` command: sandbox and demo start where configured and stop on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from cli.main import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("MEDUSA_URL", "CONTENTFUL_CDA_URL", "CONTENTFUL_PREVIEW_URL", "CONTENTFUL_CMA_URL"):
        env[var] = f"http://127.0.0.1:{free_port()}"
    env["STOREFRONT_DATA_DIR"] = str(tmp_path / "data")
    env.pop("REDIS_URL", None)
    return env


def wait_for(url: str, timeout: float = 15.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    return out, err


def test_sandbox_listens_where_the_urls_point_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = service_env(tmp_path)
    proc = start(["sandbox", "--no-seed"], env)
    try:
        assert wait_for(env["MEDUSA_URL"] + "/_sandbox/faults").status_code == 200
        assert wait_for(env["CONTENTFUL_CMA_URL"] + "/_sandbox/faults").status_code == 200
    finally:
        out, _ = stop(proc)
    assert env["CONTENTFUL_CDA_URL"] in out
    assert re.search(r"^[1-9]\d* start-up objects frozen", out, re.MULTILINE), out
    assert (tmp_path / "data" / "sandbox" / "sandbox.sqlite").exists()
    with pytest.raises(httpx.TransportError):
        httpx.get(env["MEDUSA_URL"] + "/_sandbox/faults", timeout=1)


def test_demo_starts_storefront_and_sandbox_and_prints_urls(tmp_path: Path) -> None:
    env = service_env(tmp_path)
    port = free_port()
    proc = start(["demo", "--port", str(port), "--no-seed"], env)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz").json() == {"status": "ok"}
    finally:
        out, _ = stop(proc)
    assert f"http://127.0.0.1:{port}" in out
    assert env["MEDUSA_URL"] in out


def test_demo_with_a_taken_port_fails_cleanly(tmp_path: Path) -> None:
    env = service_env(tmp_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = start(["demo", "--port", str(port), "--no-seed"], env)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode != 0
    assert "cannot listen" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sandbox", "--latency", "nosuchapi=5"], "API=VALUE"),
        (["sandbox", "--error-rate", "cma=lots"], "not a number"),
    ],
)
def test_bad_flags_get_a_clear_error(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output


def test_bad_configuration_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDUSA_URL", "not-a-url")
    result = CliRunner().invoke(main, ["sandbox"])
    assert result.exit_code == 1
    assert "MEDUSA_URL" in result.output
    assert "Traceback" not in result.output
