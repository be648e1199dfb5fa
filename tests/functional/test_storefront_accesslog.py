"""The preview secret never reaches an access log: gunicorn's (a real process) or werkzeug's."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from storefront.accesslog import FILTER, redact

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-preview-secret-for-the-log-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def test_gunicorn_logs_the_preview_request_redacted(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "STOREFRONT_PREVIEW_SECRET": SECRET, "STOREFRONT_DATA_DIR": str(tmp_path),
           "STOREFRONT_BIND": f"127.0.0.1:{port}", "STOREFRONT_WORKERS": "1",
           "STOREFRONT_THREADS": "2"}  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tmp_path / "access.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "storefront:create_app()"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/healthz", time.monotonic() + 30)
            referer = {"Referer": f"{base}/?preview={SECRET}"}
            answer = httpx.get(f"{base}/?lang=es-ES&preview={SECRET}", headers=referer)
            assert answer.status_code == 303 and SECRET not in answer.headers["Location"]
            httpx.get(f"{base}/healthz", headers=referer)  # the secret only in the Referer
            time.sleep(0.3)  # the access line is written after the response
        finally:
            server.terminate()
            server.wait(timeout=20)
    text = log.read_text()
    assert text.count("preview=[redacted]") >= 3  # request line and Referer, Referer alone
    assert SECRET not in text


def test_the_development_server_log_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("werkzeug")
    logger.addFilter(FILTER)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        line = f"GET /?preview={SECRET} HTTP/1.1"
        logger.info('%s - - [%s] "%s" %s %s', "127.0.0.1", "now", line, 303, "-")
    assert "preview=[redacted]" in caplog.text and SECRET not in caplog.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /?preview=s HTTP/1.1", "GET /?preview=[redacted] HTTP/1.1"),
        ("GET /p?lang=es&preview=s&x=1 HTTP/1.1", "GET /p?lang=es&preview=[redacted]&x=1 HTTP/1.1"),
        ("preview=s", "preview=[redacted]"),
        ("GET /previews?preview_size=2 HTTP/1.1", "GET /previews?preview_size=2 HTTP/1.1"),
    ],
)
def test_redact(line: str, expected: str) -> None:
    assert redact(line) == expected
