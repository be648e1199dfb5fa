"""Medusa customer accounts: register, create the customer, log in, /me by Bearer and by cookie
session, refresh; and the admin inventory item's stocked and reserved totals.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sandbox.server import Sandbox


@pytest.fixture
def medusa(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"x-publishable-api-key": sandbox.config.publishable_key}
    with httpx.Client(base_url=sandbox.urls["medusa"], headers=headers) as client:
        yield client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _account(medusa: httpx.Client, email: str = "ana@example.com") -> tuple[str, dict[str, Any]]:
    """Register and create the customer; the login token and the customer."""
    credentials = {"email": email, "password": "s3cret-pass"}
    registration = medusa.post("/auth/customer/emailpass/register", json=credentials)
    assert registration.status_code == 200, registration.text
    token = registration.json()["token"]
    created = medusa.post(
        "/store/customers", json={"email": email, "first_name": "Ana"}, headers=_bearer(token)
    )
    assert created.status_code == 200, created.text
    login = medusa.post("/auth/customer/emailpass", json=credentials)
    assert login.status_code == 200
    customer: dict[str, Any] = created.json()["customer"]
    return login.json()["token"], customer


def test_register_create_login_and_me(medusa: httpx.Client) -> None:
    token, customer = _account(medusa)
    assert customer["email"] == "ana@example.com" and customer["has_account"] is True
    assert customer["id"].startswith("cus_") and customer["addresses"] == []
    me = medusa.get("/store/customers/me", headers=_bearer(token))
    assert me.status_code == 200 and me.json()["customer"] == customer
    updated = medusa.post("/store/customers/me", json={"last_name": "Ruiz"}, headers=_bearer(token))
    assert updated.json()["customer"]["last_name"] == "Ruiz"


def test_a_registration_token_becomes_a_customer_token_by_refresh(medusa: httpx.Client) -> None:
    credentials = {"email": "bo@example.com", "password": "pw-123456"}
    token = medusa.post("/auth/customer/emailpass/register", json=credentials).json()["token"]
    bad_email = medusa.post("/store/customers", json={"email": "nope"}, headers=_bearer(token))
    assert bad_email.status_code == 400
    assert medusa.get("/store/customers/me", headers=_bearer(token)).status_code == 401
    medusa.post("/store/customers", json={}, headers=_bearer(token))
    again = medusa.post("/store/customers", json={}, headers=_bearer(token))
    assert again.status_code == 400  # the identity has its customer now
    refreshed = medusa.post("/auth/token/refresh", headers=_bearer(token)).json()["token"]
    me = medusa.get("/store/customers/me", headers=_bearer(refreshed))
    assert me.json()["customer"]["email"] == "bo@example.com"
    twice = medusa.post("/store/customers", json={}, headers=_bearer(refreshed))
    assert twice.status_code == 400
    assert twice.json()["message"] == "Request already authenticated as a customer."


def test_a_cookie_session_stands_in_for_the_token_until_deleted(
    sandbox: Sandbox, medusa: httpx.Client
) -> None:
    token, customer = _account(medusa)
    opened = medusa.post("/auth/session", headers=_bearer(token))
    assert opened.status_code == 200
    assert opened.json()["user"]["actor_id"] == customer["id"]
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith("connect.sid=s%3A") and "HttpOnly" in cookie
    headers = {"x-publishable-api-key": sandbox.config.publishable_key}
    with httpx.Client(base_url=sandbox.urls["medusa"], headers=headers) as browser:
        browser.cookies.set("connect.sid", opened.cookies["connect.sid"])
        assert browser.get("/store/customers/me").json()["customer"]["id"] == customer["id"]
        assert browser.delete("/auth/session").json() == {"success": True}
        browser.cookies.set("connect.sid", opened.cookies["connect.sid"])
        assert browser.get("/store/customers/me").status_code == 401
        browser.cookies.set("connect.sid", "s%3Aforged.sig")
        assert browser.get("/store/customers/me").status_code == 401


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/auth/customer/emailpass", {"email": "ana@example.com", "password": "x"},
         "Invalid email or password"),
        ("/auth/customer/emailpass", {"email": "who@example.com", "password": "s3cret-pass"},
         "Invalid email or password"),
        ("/auth/customer/emailpass/register", {"email": "ana@example.com", "password": "y"},
         "Identity with email already exists"),
        ("/auth/customer/emailpass/register", {"email": "x@example.com"},
         "Password should be a string"),
    ],
)  # fmt: skip
def test_bad_credentials_get_401(
    medusa: httpx.Client, path: str, body: dict[str, str], message: str
) -> None:
    _account(medusa)
    r = medusa.post(path, json=body)
    assert r.status_code == 401 and r.json() == {"type": "unauthorized", "message": message}


def test_customer_routes_refuse_what_medusa_refuses(sandbox: Sandbox, medusa: httpx.Client) -> None:
    token, _ = _account(medusa)
    assert medusa.get("/store/customers/me").json() == {"message": "Unauthorized"}
    assert medusa.get("/store/customers/me", headers=_bearer("a.b.c")).status_code == 401
    admin = medusa.post(
        "/auth/user/emailpass",
        json={"email": sandbox.config.admin_email, "password": sandbox.config.admin_password},
    ).json()["token"]
    assert medusa.get("/store/customers/me", headers=_bearer(admin)).status_code == 401
    odd = medusa.post("/store/customers/me", json={"password": "x"}, headers=_bearer(token))
    assert odd.status_code == 400
    for bad in ({"first_name": 5}, {"metadata": "x"}):
        r = medusa.post("/store/customers/me", json=bad, headers=_bearer(token))
        assert r.status_code == 400 and r.json()["type"] == "invalid_data"
    assert (
        medusa.get("/store/customers/me", headers=_bearer(token)).json()["customer"]["first_name"]
        == "Ana"
    )
    no_key = httpx.get(f"{sandbox.urls['medusa']}/store/customers/me", headers=_bearer(token))
    assert no_key.status_code == 400  # the publishable key is still required


def test_admin_inventory_items_carry_stocked_and_reserved_totals(sandbox: Sandbox) -> None:
    auth = (sandbox.config.api_key, "")
    r = httpx.get(f"{sandbox.urls['medusa']}/admin/inventory-items", auth=auth)
    items = r.json()["inventory_items"]
    assert items
    for item in items:
        levels = item["location_levels"]
        assert item["stocked_quantity"] == sum(lv["stocked_quantity"] for lv in levels)
        assert item["reserved_quantity"] == sum(lv["reserved_quantity"] for lv in levels)
    assert any(item["stocked_quantity"] > 0 for item in items)
    one = httpx.get(f"{sandbox.urls['medusa']}/admin/inventory-items/{items[0]['id']}", auth=auth)
    assert one.json()["inventory_item"]["stocked_quantity"] == items[0]["stocked_quantity"]
