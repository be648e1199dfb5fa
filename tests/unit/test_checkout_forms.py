"""The checkout's address form and signed order references, without a network."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from babel import Locale
from flask import Flask
from flask_babel import Babel

from storefront.checkout import references
from storefront.checkout.forms import AddressForm, country_choices

GOOD = {"email": "ana@example.com", "first_name": "Ana", "last_name": "Muster",
        "address_1": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115",
        "country_code": "DE", "phone": ""}  # fmt: skip
EUROPE = ("es", "de", "fr")
GERMAN = Locale("de", "DE")


@pytest.fixture(autouse=True)
def context() -> Iterator[None]:
    """An app context: messages go through Flask-Babel (English catalog here)."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "unit-test-secret"
    Babel(app)
    with app.test_request_context():
        yield


def test_a_complete_address_passes_and_is_normalised() -> None:
    form = AddressForm.from_mapping({**GOOD, "city": "  Berlin  ", "extra": "ignored"})
    assert form.validate(EUROPE, GERMAN) and form.errors == {}
    address = form.address()
    assert address.city == "Berlin" and address.country_code == "de" and address.phone == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "ana@", "valid email"),
        ("email", "ana example.com", "valid email"),
        ("city", "", "fill in"),
        ("postal_code", "1011", "postal code for Deutschland"),
        ("postal_code", "ABCDE", "postal code for Deutschland"),
        ("country_code", "us", "from the list"),
        ("phone", "call me", "phone number"),
        ("last_name", "x" * 101, "under 100"),
    ],
)
def test_each_refusal_names_the_field(field: str, value: str, message: str) -> None:
    form = AddressForm.from_mapping({**GOOD, field: value})
    assert not form.validate(EUROPE, GERMAN)
    assert list(form.errors) == [field] and message in form.errors[field]
    assert form.values[field] == value.strip()  # what was typed is kept for the page


@pytest.mark.parametrize(("country", "code"), [("us", "94103-1234"), ("nl", "1012 AB"),
                                               ("pt", "1100-148"), ("gb", "SW1A 1AA")])  # fmt: skip
def test_postal_codes_of_other_countries(country: str, code: str) -> None:
    form = AddressForm.from_mapping({**GOOD, "country_code": country, "postal_code": code})
    assert form.validate((country,), Locale("en", "US")), form.errors


def test_countries_are_named_and_sorted_in_the_page_language() -> None:
    assert country_choices(EUROPE, Locale("es", "ES")) == [
        ("de", "Alemania"), ("es", "España"), ("fr", "Francia")]  # fmt: skip
    assert [name for _, name in country_choices(EUROPE, GERMAN)] == [
        "Deutschland", "Frankreich", "Spanien"]  # fmt: skip


def test_an_order_reference_round_trips_and_refuses_forgeries() -> None:
    reference = references.sign("order_01ABC")
    assert references.order_id(reference) == "order_01ABC"
    assert references.order_id("order_01ABC") is None
    # Tamper with the signature's first character: the last one also carries padding bits a
    # decoder ignores, so changing it sometimes leaves the signature valid (a flaky test).
    at = reference.rindex(".") + 1
    forged = reference[:at] + ("A" if reference[at] != "A" else "B") + reference[at + 1 :]
    assert references.order_id(forged) is None
    assert references.order_id("x" * 600) is None
