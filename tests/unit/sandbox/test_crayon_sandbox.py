"""Crayon sandbox handlers through werkzeug's test Client: no socket (seed 003; seeds/README)."""

from __future__ import annotations

import base64
import copy

import pytest
from werkzeug.test import Client

from checkoutctl.providers.crayon import sandbox as cr
from checkoutctl.sandbox.context import CORE_SCHEMA, SandboxContext
from checkoutctl.sandbox.store import Store
from checkoutctl.store.migrations import Migrations
from tests.unit.sandbox.routes_app import wsgi_app

BEARER = {"Authorization": "Bearer sandbox"}
PRIMARY = "/crayon/api/v1/purchaserequest"
LEGACY = "/crayon/api/v1/assets"
ORDER = {
    "ExternalOrderId": "PO-2030-0001",
    "CountryCode": "NO",
    "ResellerCustomerId": 123,
    # Required like ExternalOrderId (seeds/README lists them without `?`).
    "AdminAccount": "admin@contoso.onmicrosoft.com",
    "NotificationEmail": "it@contoso.example",
    "OrderLines": [
        {"ProductId": "CFQ7TTC0LH18", "SkuId": "0001", "Quantity": 5, "BillingCycle": 1, "TermDuration": "P1M", "Type": 3},
        {"ProductId": "CFQ7TTC0LDPB", "Quantity": 1},
    ],
}
ERROR_KEYS = {"ErrorCode", "Message", "Parameters", "ObjectErrors"}


@pytest.fixture
def ctx(tmp_path):
    store = Store(tmp_path / "sandbox.sqlite3", [Migrations.of_statements("sandbox_core", CORE_SCHEMA),
                                                  Migrations.of_statements("crayon", cr.SCHEMA)])
    yield SandboxContext(store)
    store.close()


@pytest.fixture
def client(ctx):
    return Client(wsgi_app(ctx, cr))


def basic(user: str, secret: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()}


FORM = {"grant_type": "password", "username": "reseller@example.com", "password": "sandbox", "scope": "CustomerApi"}


@pytest.mark.parametrize("path", ["/crayon/api/v1/connect/token", "/crayon/api/v1/connect/token/"])
def test_token_then_use_it(client, path):
    r = client.post(path, data=FORM, headers=basic("sandbox", "sandbox"))
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert data["token_type"] == "Bearer" and data["expires_in"] > 0 and data["access_token"]
    assert r.headers["Cache-Control"] == "no-store"
    verified = client.post(f"{PRIMARY}/verify", json=ORDER, headers={"Authorization": f"Bearer {data['access_token']}"})
    assert verified.status_code == 200


@pytest.mark.parametrize(("headers", "form", "status", "error"), [
    (basic("sandbox", "wrong"), FORM, 401, "invalid_client"),
    ({}, FORM, 401, "invalid_client"),
    (basic("sandbox", "sandbox"), FORM | {"password": "nope"}, 400, "invalid_grant"),
    (basic("sandbox", "sandbox"), FORM | {"grant_type": "client_credentials"}, 400, "unsupported_grant_type"),
    (basic("sandbox", "sandbox"), FORM | {"scope": "Other"}, 400, "invalid_scope"),
    (basic("sandbox", "sandbox"), {"grant_type": "password"}, 400, "invalid_request"),
])
def test_token_errors_are_oauth_style(client, headers, form, status, error):
    r = client.post("/crayon/api/v1/connect/token/", data=form, headers=headers)
    assert r.status_code == status and r.get_json()["error"] == error
    assert "access_token" not in r.get_json()


def test_client_credentials_in_the_form_also_work(client):
    r = client.post("/crayon/api/v1/connect/token", data=FORM | {"client_id": "sandbox", "client_secret": "sandbox"})
    assert r.status_code == 200


@pytest.mark.parametrize("base", [PRIMARY, LEGACY])
def test_verify_fills_in_the_catalogue(client, base):
    r = client.post(f"{base}/verify", json=ORDER, headers=BEARER)
    assert r.status_code == 200
    order = r.get_json()
    assert order["Errors"] == [] and order["ExternalOrderId"] == ORDER["ExternalOrderId"]
    first, second = order["OrderLines"]
    assert first["CatalogItemId"] == "CFQ7TTC0LH18:0001:CFQ7TTC0LH0R" and first["Name"] == "Microsoft 365 Business Basic"
    assert first["Quantity"] == 5
    assert second["SkuId"] == "0001" and second["CatalogItemId"].startswith("CFQ7TTC0LDPB:0001:")
    assert second["BillingCycle"] == 1 and second["TermDuration"] == "P1M" and second["Type"] == 3
    assert order["AdminAccount"] and order["NotificationEmail"]


def test_verify_reports_unknown_products_in_errors(client):
    body = copy.deepcopy(ORDER)
    body["OrderLines"].append({"ProductId": "NOPE", "SkuId": "0001", "Quantity": 1})
    body["OrderLines"].append({"ProductId": "CFQ7TTC0LF8R", "Quantity": 1})  # two SKUs: ambiguous
    r = client.post(f"{PRIMARY}/verify", json=body, headers=BEARER)
    assert r.status_code == 200
    errors = r.get_json()["Errors"]
    assert len(errors) == 2 and errors[0].startswith("OrderLines[2]:") and "SkuId" in errors[1]
    # Checking that order out as verify returned it is refused by the rules (Errors must be empty) …
    r = client.post(f"{PRIMARY}/checkout", json=r.get_json(), headers=BEARER)
    assert r.status_code == 400 and r.get_json()["ErrorCode"] == "ValidationError"
    # … and with Errors dropped, by the catalogue.
    body["OrderLines"] = body["OrderLines"][2:3]
    r = client.post(f"{PRIMARY}/checkout", json=body, headers=BEARER)
    assert r.status_code == 400 and r.get_json()["ErrorCode"] == "OrderNotVerified"
    assert r.get_json()["ObjectErrors"][0]["Property"] == "OrderLines[0].ProductId"


def test_invalid_body_is_400_with_object_errors(client):
    body = copy.deepcopy(ORDER)
    body["OrderLines"][0]["Quantity"] = 0
    body["CountryCode"] = "XX"
    r = client.post(f"{PRIMARY}/verify", json=body, headers=BEARER)
    assert r.status_code == 400
    err = r.get_json()
    assert set(err) == ERROR_KEYS and err["ErrorCode"] == "ValidationError"
    assert {e["Property"] for e in err["ObjectErrors"]} == {"OrderLines[0].Quantity", "CountryCode"}
    r = client.post(f"{PRIMARY}/verify", data=b"{", headers=BEARER, content_type="application/json")
    assert r.status_code == 400 and r.get_json()["ErrorCode"] == "InvalidRequestBody"


def test_unknown_customer_is_404(client):
    r = client.post(f"{PRIMARY}/verify", json=ORDER | {"ResellerCustomerId": 999}, headers=BEARER)
    assert r.status_code == 404
    assert set(r.get_json()) == ERROR_KEYS and r.get_json()["ErrorCode"] == "CustomerNotFound"


@pytest.mark.parametrize("path", [f"{PRIMARY}/verify", f"{LEGACY}/verify", f"{PRIMARY}/checkout", f"{LEGACY}/checkout"])
@pytest.mark.parametrize("auth", [{}, {"Authorization": "Bearer nope"}, basic("sandbox", "sandbox")])
def test_bearer_is_required(client, path, auth):
    r = client.post(path, json=ORDER, headers=auth)
    assert r.status_code == 401 and set(r.get_json()) == ERROR_KEYS


def verified(client, body=ORDER) -> dict:
    r = client.post(f"{PRIMARY}/verify", json=body, headers=BEARER)
    assert r.status_code == 200 and r.get_json()["Errors"] == []
    return r.get_json()


@pytest.mark.parametrize("path", [f"{PRIMARY}/checkout", f"{LEGACY}/checkout", f"{PRIMARY}/checkout/", f"{LEGACY}/checkout/"])
def test_checkout_is_204_empty_and_once_only(client, path):
    order = verified(client)
    r = client.post(path, json=order, headers=BEARER)
    assert r.status_code == 204 and r.data == b""
    again = client.post(path, json=order, headers=BEARER)
    assert again.status_code == 400
    assert again.get_json()["ErrorCode"] == "DuplicateOrder"
    assert again.get_json()["Parameters"] == {"ExternalOrderId": ORDER["ExternalOrderId"]}
    # Verify now says so too, before anyone tries.
    assert "already checked out" in client.post(f"{PRIMARY}/verify", json=ORDER, headers=BEARER).get_json()["Errors"][0]


def test_checkout_wants_the_verified_order(client):
    r = client.post(f"{PRIMARY}/checkout", json=ORDER, headers=BEARER)
    assert r.status_code == 400 and r.get_json()["ErrorCode"] == "OrderNotVerified"


def test_primary_switch_by_header(client):
    order = verified(client)
    headers = BEARER | {"X-Sandbox-Crayon-Primary": "absent"}
    for step in ("verify", "checkout"):
        r = client.post(f"{PRIMARY}/{step}", json=order, headers=headers)
        assert r.status_code == 404 and r.data == b""
    assert client.post(f"{LEGACY}/checkout", json=order, headers=headers).status_code == 204


def test_primary_switch_by_setting(client):
    assert client.get("/crayon/_sandbox/settings").get_json() == {"primary_path": "present"}
    r = client.put("/crayon/_sandbox/settings", json={"primary_path": "absent"})
    assert r.status_code == 200 and r.get_json() == {"primary_path": "absent"}
    assert client.post(f"{PRIMARY}/verify", json=ORDER, headers=BEARER).status_code == 404
    assert client.post(f"{LEGACY}/verify", json=ORDER, headers=BEARER).status_code == 200
    # The per-request header wins over the setting.
    present = BEARER | {"X-Sandbox-Crayon-Primary": "present"}
    assert client.post(f"{PRIMARY}/verify", json=ORDER, headers=present).status_code == 200
    assert client.put("/crayon/_sandbox/settings", json={"primary_path": "maybe"}).status_code == 400
    client.put("/crayon/_sandbox/settings", json={"primary_path": "present"})
    assert client.post(f"{PRIMARY}/verify", json=ORDER, headers=BEARER).status_code == 200
