"""The real varnishd with the shipped VCL in front of the storefront: hits, tag purges, carts.

Needs Debian's ``varnish`` and ``varnish-modules`` (vmod xkey; ``.ci/run`` installs them).
Without them the tests skip with the reason; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from werkzeug.serving import make_server

from sandbox.server import Sandbox
from storefront import create_app, purger, services
from tests.conftest import IN_CI, settings_for
from tests.functional.storefront_helpers import TSHIRT, csrf_token, product_id, variant_id

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "storefront.vcl"
VARNISHD = shutil.which("varnishd") or next(
    (p for p in ("/usr/sbin/varnishd",) if Path(p).exists()), None
)
XKEY_FOUND = any(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"))
OTHER = "/products/linen-summer-shirt?lang=es"
PAGE = f"/products/{TSHIRT}?lang=es"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def varnish_port() -> int:
    if VARNISHD is None or not XKEY_FOUND:
        reason = (
            "varnishd with vmod xkey is not installed (apt-get install varnish varnish-modules)"
        )
        if IN_CI:
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    return free_port()


@pytest.fixture(scope="module")
def app(box: Sandbox, varnish_port: int) -> Iterator[Flask]:
    application = create_app(
        {"SETTINGS": settings_for(box, varnish_url=f"http://127.0.0.1:{varnish_port}")}
    )
    yield application
    purger.for_app(application).close()
    services.current_for(application).close()


@pytest.fixture(scope="module")
def backend(app: Flask) -> Iterator[int]:
    """The storefront over real HTTP, as gunicorn would serve it to Varnish."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.port
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def varnish(tmp_path_factory: Any, backend: int, varnish_port: int) -> Iterator[str]:
    """varnishd in the foreground with the shipped VCL, its backend lines pointed at ours."""
    work = tmp_path_factory.mktemp("varnish")
    vcl = work / "storefront.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000"', f'.port = "{backend}"'))
    command = [str(VARNISHD), "-F", "-j", "none", "-n", str(work / "state"), "-T", "none",
               "-a", f"127.0.0.1:{varnish_port}", "-f", str(vcl), "-s", "malloc,32m"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{varnish_port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"varnishd exited: {output[-2000:]}")
        try:
            httpx.get(f"{url}/healthz", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("varnishd did not answer within 20 s")


@pytest.fixture
def visitor(varnish: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=varnish, timeout=10) as client:
        yield client


def status(client: httpx.Client, path: str, **kwargs: Any) -> str:
    """Varnish's verdict for one request: HIT, MISS or PASS."""
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.text[:300]
    return response.headers["X-Cache"]


def test_lang_page_is_a_hit_on_its_second_request(visitor: httpx.Client) -> None:
    path = "/collections/summer-essentials?lang=es"
    assert status(visitor, path) == "MISS"
    assert status(visitor, path) == "HIT"
    again = visitor.get(path)
    assert "xkey" not in again.headers and "Surrogate-Key" not in again.headers


def test_other_cookies_and_languages_share_the_lang_page(visitor: httpx.Client) -> None:
    status(visitor, "/?lang=de")
    headers = {"Accept-Language": "fr-FR", "Cookie": "lang=es-ES; _ga=GA1.2.3"}
    assert status(visitor, "/?lang=de", headers=headers) == "HIT"


def test_pages_without_lang_vary_on_the_locale_cookie(visitor: httpx.Client) -> None:
    spanish = visitor.get("/", headers={"Cookie": "lang=es-ES"})
    german = visitor.get("/", headers={"Cookie": "lang=de-DE; _ga=1"})
    assert 'lang="es-ES"' in spanish.text and 'lang="de-DE"' in german.text
    again = visitor.get("/", headers={"Cookie": "_ga=2; lang=de-DE"})
    assert again.headers["X-Cache"] == "HIT" and 'lang="de-DE"' in again.text


def test_a_tag_purge_drops_only_that_products_pages(
    app: Flask, box: Sandbox, visitor: httpx.Client
) -> None:
    for path in (PAGE, OTHER):
        status(visitor, path)
        assert status(visitor, path) == "HIT"
    with app.app_context():
        purger.for_app(app).purge_product(product_id(box, TSHIRT))
    assert status(visitor, PAGE) == "MISS"
    assert status(visitor, OTHER) == "HIT"


def test_carts_never_come_from_the_cache_and_stay_private(visitor: httpx.Client) -> None:
    page = visitor.get(PAGE).text
    form = {"csrf_token": csrf_token(page), "variant_id": variant_id(page, "OCT-S-WHT")}
    added = visitor.post("/cart/add", data=form, headers={"Origin": str(visitor.base_url)})
    assert added.status_code in (302, 303), added.text[:300]
    assert added.headers["X-Cache"] == "PASS" or "X-Cache" not in added.headers
    for _ in range(2):
        assert visitor.get("/cart").headers["X-Cache"] == "PASS"
    mine = visitor.get(PAGE)
    assert mine.headers["X-Cache"] == "PASS"
    assert re.search(r'class="badge">1<', mine.text)
    with httpx.Client(base_url=str(visitor.base_url), timeout=10) as stranger:
        theirs = stranger.get(PAGE)
        cart = stranger.get("/cart")
    assert not re.search(r'class="badge">\d', theirs.text)
    assert "OCT-S-WHT" not in cart.text


def test_only_the_storefront_may_purge(varnish: str) -> None:
    headers = {"xkey-purge": "nav"}
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as outsider:
        assert outsider.request("PURGE", f"{varnish}/", headers=headers).status_code == 403
    assert httpx.request("PURGE", f"{varnish}/", headers=headers).status_code == 200
    assert httpx.request("PURGE", f"{varnish}/").status_code == 400
