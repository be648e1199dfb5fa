"""A visitor in real headless Chromium: Spanish product, switch to German, add to cart.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them the
test is skipped with the reason; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from sandbox.server import Sandbox
from tests.conftest import IN_CI, settings_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def live_url(sandbox: Sandbox) -> Iterator[str]:
    """The storefront served over real HTTP (a browser needs a socket)."""
    from storefront import create_app, services

    app = create_app({"SETTINGS": settings_for(sandbox)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=5)
    services.current_for(app).close()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium driven through chromedriver."""
    if not (CHROMIUM and CHROMEDRIVER):
        reason = (
            "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
        if IN_CI:
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def prices(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, ".variant .price")
    return [element.text.replace("\xa0", " ") for element in found]


def test_spanish_product_switch_to_german_add_to_cart(live_url: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    browser.get(f"{live_url}/products/organic-cotton-tshirt?lang=es")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Camiseta de Algodón Orgánico"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es-ES"
    assert "29,99 €" in prices(browser)

    browser.find_element(By.CSS_SELECTOR, '.language-switcher a[data-locale="de-DE"]').click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Bio-Baumwoll-T-Shirt"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de-DE"
    assert "/products/organic-cotton-tshirt" in browser.current_url

    sold_out = browser.find_element(By.CSS_SELECTOR, 'input[data-sku="OCT-L-BLK"]')
    assert sold_out.get_attribute("disabled") is not None
    browser.find_element(By.CSS_SELECTOR, 'input[data-sku="OCT-M-WHT"]').click()
    browser.find_element(By.CSS_SELECTOR, "form.add-to-cart button[type=submit]").click()

    # click() returns before the POST's redirect has updated current_url: wait for it.
    WebDriverWait(browser, 10).until(lambda driver: "/cart" in driver.current_url)
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-sku="OCT-M-WHT"]')
    assert "29,99 €" in row.text.replace("\xa0", " ")
    assert "Bio-Baumwoll-T-Shirt" in row.text
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de-DE"
    assert console_errors(browser) == []
