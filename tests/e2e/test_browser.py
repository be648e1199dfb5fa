"""A visitor in real headless Chromium: Spanish product, switch to German, pick Size and Color,
add to cart.

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


def selection(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, ".selection").text.replace("\xa0", " "))


def choose(driver: Any, option: str, value: str) -> None:
    """Click one value of one option's control (its visible label, as a shopper would)."""
    from selenium.webdriver.common.by import By

    radio = f'fieldset[data-option="{option}"] input[value="{value}"]'
    driver.find_element(By.CSS_SELECTOR, radio).find_element(By.XPATH, "..").click()


def wait_for(driver: Any, condition: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(condition)


def test_spanish_product_switch_to_german_pick_size_and_color_add_to_cart(
    live_url: str, browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser.get(f"{live_url}/products/organic-cotton-tshirt?lang=es")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Camiseta de Algodón Orgánico"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es-ES"
    assert "29,99 €" in selection(browser)
    legends = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "fieldset.option legend")]
    assert legends == ["Talla", "Color"]

    browser.find_element(By.CSS_SELECTOR, '.language-switcher a[data-locale="de-DE"]').click()
    wait_for(
        browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de-DE"
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "Bio-Baumwoll-T-Shirt"
    assert "/products/organic-cotton-tshirt" in browser.current_url

    choose(browser, "Size", "L")  # L / White does not exist: the script says so at once
    wait_for(browser, lambda d: "nicht verfügbar" in selection(d))
    add = browser.find_element(By.CSS_SELECTOR, "form.add-to-cart button[data-add]")
    assert add.get_attribute("disabled") is not None
    choose(browser, "Color", "Black")  # L / Black exists but is sold out
    wait_for(browser, lambda d: "Ausverkauft" in selection(d) and "32,99 €" in selection(d))
    choose(browser, "Size", "M")
    choose(browser, "Color", "White")
    wait_for(browser, lambda d: "29,99 €" in selection(d) and "Auf Lager" in selection(d))
    assert not browser.find_element(By.CSS_SELECTOR, ".no-js").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "form.add-to-cart button[data-add]").click()

    wait_for(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "table.cart")))
    assert "/cart" in browser.current_url
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-sku="OCT-M-WHT"]')
    assert "29,99 €" in row.text.replace("\xa0", " ")
    assert "Bio-Baumwoll-T-Shirt" in row.text and "M / Weiß" in row.text
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de-DE"
    assert console_errors(browser) == []


def test_phone_header_and_cart_fit_390_pixels(live_url: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    browser.get(f"{live_url}/products/organic-cotton-tshirt?lang=es")
    header = browser.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.size["height"] < 200  # brand, languages, cart, search and one line of nav
    current = browser.find_element(By.CSS_SELECTOR, ".language-switcher a[aria-current]")
    assert current.find_element(By.CSS_SELECTOR, ".code").text == "ES" and current.is_displayed()
    other = browser.find_element(By.CSS_SELECTOR, '.language-switcher a[data-locale="de-DE"]')
    assert other.is_displayed()  # one tap away, no menu to open first
    price = browser.find_element(By.CSS_SELECTOR, ".selection .price")
    assert price.location["y"] + price.size["height"] <= 844  # the price is above the fold
    browser.find_element(By.CSS_SELECTOR, "form.add-to-cart button[data-add]").click()
    wait_for(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "table.cart")))
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    for selector in ("td.price.total", 'form[action*="/remove"] button'):
        element = browser.find_element(By.CSS_SELECTOR, selector)
        assert element.is_displayed()
        assert element.location["x"] + element.size["width"] <= 390, selector


def wait_for_url(driver: Any, path_part: str) -> None:
    """Wait until the browser has navigated to a URL containing ``path_part``."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(expected_conditions.url_contains(path_part))
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def test_spanish_shopper_checks_out_and_places_an_order(live_url: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{live_url}/products/organic-cotton-tshirt?lang=es")
    choose(browser, "Size", "S")
    choose(browser, "Color", "White")
    browser.find_element(By.CSS_SELECTOR, "form.add-to-cart button[data-add]").click()
    wait_for_url(browser, "/cart")
    browser.find_element(By.CSS_SELECTOR, ".cart-actions a.button").click()
    wait_for_url(browser, "/checkout")

    fields = {"email": "navegador@example.com", "first_name": "Ana", "last_name": "Muster",
              "address_1": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin"}  # fmt: skip
    for name, value in fields.items():
        browser.find_element(By.ID, f"f-{name}").send_keys(value)
    country = Select(browser.find_element(By.ID, "f-country_code"))
    assert sorted(o.text for o in country.options[1:]) == ["Alemania", "España", "Francia"]
    country.select_by_visible_text("Alemania")
    browser.find_element(By.CSS_SELECTOR, ".checkout-form button[type=submit]").click()
    wait_for_url(browser, "/checkout/delivery")

    shipping = browser.find_element(By.CSS_SELECTOR, 'input[name="shipping_option"]')
    assert shipping.is_selected()
    assert "4,95 €" in browser.find_element(By.CSS_SELECTOR, ".choices .price").text.replace(
        "\xa0", " "
    )
    browser.find_element(By.CSS_SELECTOR, ".checkout-form button[type=submit]").click()
    wait_for_url(browser, "/checkout/review")

    total = browser.find_element(By.CSS_SELECTOR, '[data-total="total"]').text
    assert total.replace("\xa0", " ") == "41,58 €"
    browser.find_element(By.CSS_SELECTOR, "form.place-order button").click()
    wait_for_url(browser, "/confirmed")

    assert browser.find_element(By.TAG_NAME, "h1").text == "Gracias por tu pedido"
    number = browser.find_element(By.CSS_SELECTOR, "[data-order]").get_attribute("data-order")
    assert number and number.isdigit()
    assert "Tu cesta está vacía" in _page_after(browser, f"{live_url}/cart?lang=es")
    assert console_errors(browser) == []


def _page_after(driver: Any, url: str) -> str:
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait_for_url(driver, url.split("://", 1)[1].split("/", 1)[1].split("?")[0])
    text: str = driver.find_element(By.TAG_NAME, "main").text
    return text
