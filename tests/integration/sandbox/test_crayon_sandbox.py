"""Crayon in the real sandbox over HTTP on 127.0.0.1 (seed 003; seeds/README; CONTRACT §6)."""

from __future__ import annotations

import copy

import pytest

pytestmark = pytest.mark.integration
TIMEOUT = 10
BEARER = {"Authorization": "Bearer sandbox"}
PRIMARY = "/crayon/api/v1/purchaserequest"
LEGACY = "/crayon/api/v1/assets"
ERROR_KEYS = {"ErrorCode", "Message", "Parameters", "ObjectErrors"}
ORDER = {
    "ExternalOrderId": "PO-IT-0001",
    "CountryCode": "NO",
    "ResellerCustomerId": 123,
    # Required like ExternalOrderId (seeds/README lists them without `?`).
    "AdminAccount": "admin@contoso.onmicrosoft.com",
    "NotificationEmail": "it@contoso.example",
    "OrderLines": [{"ProductId": "CFQ7TTC0LH18", "SkuId": "0001", "Quantity": 3, "BillingCycle": 1,
                    "TermDuration": "P1M", "Type": 3}],
}
FORM = {"grant_type": "password", "username": "reseller@example.com", "password": "sandbox", "scope": "CustomerApi"}


def post(sandbox, http, path, body=ORDER, headers=BEARER):
    return http.post(f"{sandbox.url}{path}", json=body, headers=headers, timeout=TIMEOUT)


def test_token_good_and_bad(sandbox, http):
    url = f"{sandbox.url}/crayon/api/v1/connect/token/"
    r = http.post(url, data=FORM, auth=("sandbox", "sandbox"), timeout=TIMEOUT)
    assert r.status_code == 200 and r.json()["token_type"] == "Bearer"
    token = r.json()["access_token"]
    assert post(sandbox, http, f"{PRIMARY}/verify", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    r = http.post(url.rstrip("/"), data=FORM, auth=("sandbox", "nope"), timeout=TIMEOUT)
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = http.post(url, data=FORM | {"password": "nope"}, auth=("sandbox", "sandbox"), timeout=TIMEOUT)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("base", [PRIMARY, LEGACY])
def test_verify_then_checkout_204(sandbox, http, base):
    r = post(sandbox, http, f"{base}/verify")
    assert r.status_code == 200
    verified = r.json()
    assert verified["Errors"] == [] and verified["OrderLines"][0]["CatalogItemId"].startswith("CFQ7TTC0LH18:0001:")
    assert verified["OrderLines"][0]["Name"]
    r = post(sandbox, http, f"{base}/checkout/", verified)
    assert r.status_code == 204 and r.content == b""
    r = post(sandbox, http, f"{base}/checkout", verified)
    assert r.status_code == 400 and set(r.json()) == ERROR_KEYS and r.json()["ErrorCode"] == "DuplicateOrder"


def test_invalid_body_unknown_customer_and_auth(sandbox, http):
    bad = copy.deepcopy(ORDER)
    bad["OrderLines"][0]["Quantity"] = -1
    del bad["CountryCode"]
    r = post(sandbox, http, f"{PRIMARY}/verify", bad)
    assert r.status_code == 400 and set(r.json()) == ERROR_KEYS
    # The missing property is named (CONTRACT §2: a missing field's path is the field), as Crayon names it.
    assert {e["Property"] for e in r.json()["ObjectErrors"]} == {"OrderLines[0].Quantity", "CountryCode"}
    r = post(sandbox, http, f"{PRIMARY}/verify", ORDER | {"ResellerCustomerId": 99})  # a reserved id (sandbox/made_up.py)
    assert r.status_code == 404 and r.json()["ErrorCode"] == "CustomerNotFound"
    for headers in ({}, {"Authorization": "Bearer sbx_crayon_forged"}):
        r = post(sandbox, http, f"{PRIMARY}/verify", headers=headers)
        assert r.status_code == 401 and set(r.json()) == ERROR_KEYS


def test_unknown_product_comes_back_in_errors_and_cannot_be_checked_out(sandbox, http):
    body = copy.deepcopy(ORDER) | {"ExternalOrderId": "PO-IT-0002"}
    body["OrderLines"].append({"ProductId": "NOPE00000000", "SkuId": "0001", "Quantity": 1})
    verified = post(sandbox, http, f"{PRIMARY}/verify", body).json()
    assert len(verified["Errors"]) == 1 and "NOPE00000000" in verified["Errors"][0]
    assert post(sandbox, http, f"{PRIMARY}/checkout", verified).status_code == 400
    assert post(sandbox, http, f"{PRIMARY}/checkout", verified | {"Errors": []}).status_code == 400


def test_primary_absent_switch(sandbox, http):
    verified = post(sandbox, http, f"{PRIMARY}/verify", ORDER | {"ExternalOrderId": "PO-IT-0003"}).json()
    r = http.put(f"{sandbox.url}/crayon/_sandbox/settings", json={"primary_path": "absent"}, timeout=TIMEOUT)
    assert r.status_code == 200 and r.json() == {"primary_path": "absent"}
    for step in ("verify", "checkout"):
        r = post(sandbox, http, f"{PRIMARY}/{step}", verified)
        assert r.status_code == 404 and r.content == b""
    assert post(sandbox, http, f"{LEGACY}/checkout", verified).status_code == 204
    http.put(f"{sandbox.url}/crayon/_sandbox/settings", json={"primary_path": "present"}, timeout=TIMEOUT)
    headers = BEARER | {"X-Sandbox-Crayon-Primary": "absent"}
    assert post(sandbox, http, f"{PRIMARY}/verify", headers=headers).status_code == 404
    assert post(sandbox, http, f"{PRIMARY}/verify").status_code == 200


def test_unknown_route_is_a_crayon_error(sandbox, http):
    r = http.get(f"{sandbox.url}/crayon/api/v1/nothing", headers=BEARER, timeout=TIMEOUT)
    assert r.status_code == 404 and set(r.json()) == ERROR_KEYS and r.json()["ErrorCode"] == "NotFound"
