"""Bakeronline in the real sandbox over HTTP on 127.0.0.1 (seed 002; CONTRACT §6)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from tests.unit.sandbox.test_bakeronline_sandbox import HEADERS, SEED_ORDER_KEYS, SEED_REQUEST, assert_keys

pytestmark = pytest.mark.integration
TIMEOUT = 10


def value(money: dict) -> Decimal:
    assert money["currency"] == "EUR"
    return Decimal(str(money["value"]))


def create(sandbox, http, body=SEED_REQUEST, headers=HEADERS):
    return http.post(f"{sandbox.url}/bakeronline/checkout/order", json=body, headers=headers, timeout=TIMEOUT)


def test_seed_example_answers_as_seed_002(sandbox, http):
    r = create(sandbox, http)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    data = r.json()
    assert set(data) == {"order_group", "payment_url"} and set(data["order_group"]) == {"id", "orders"}
    assert data["payment_url"] is None
    orders = data["order_group"]["orders"]
    assert [o["shop"]["id"] for o in orders] == sorted({i["shop_id"] for i in SEED_REQUEST["cart"]})
    for o in orders:
        assert_keys(SEED_ORDER_KEYS, o)
        p = {k: value(v) for k, v in o["prices"].items()}
        lines = [i for i in SEED_REQUEST["cart"] if i["shop_id"] == o["shop"]["id"]]
        assert len(lines) == 1 and p["price"] > 0
        assert p["price_with_discount"] == p["price"] - p["discount"]
        assert p["price_to_pay"] == (p["price_with_discount"] + p["warranty"] + p["delivery_cost"]
                                     + p["invoice_cost"] + p["sms_cost"] + p["transaction_cost"])


def test_show_in_another_sandbox_over_the_same_home(sandbox, http):
    from checkoutctl.sandbox_server import start_in_thread

    order = create(sandbox, http).json()["order_group"]["orders"][2]
    with start_in_thread(sandbox.home) as other:
        r = http.get(f"{other.url}/bakeronline/orders/{order['id']}", headers=HEADERS, timeout=TIMEOUT)
    assert r.status_code == 200 and r.json() == order


def test_unknown_order_and_unknown_route_are_404_json(sandbox, http):
    r = http.get(f"{sandbox.url}/bakeronline/orders/424242", headers=HEADERS, timeout=TIMEOUT)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = http.get(f"{sandbox.url}/bakeronline/nothing/here", headers=HEADERS, timeout=TIMEOUT)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("headers", "status", "code"), [
    ({"Authorization": "Bearer sandbox"}, 400, "unsupported_version"),
    ({"Authorization": "Bearer sandbox", "X-VERSION": "1.6.0"}, 400, "unsupported_version"),
    ({"X-VERSION": "1.5.0"}, 401, "unauthenticated"),
    ({"X-VERSION": "1.5.0", "Authorization": "Bearer sbx_forged"}, 401, "unauthenticated"),
])
def test_version_and_auth(sandbox, http, headers, status, code):
    r = create(sandbox, http, headers=headers)
    assert r.status_code == status and r.json()["error"]["code"] == code
    r = http.get(f"{sandbox.url}/bakeronline/orders/1", headers=headers, timeout=TIMEOUT)
    assert r.status_code == status


def test_invalid_body_422_and_catalogue_400(sandbox, http):
    body = copy.deepcopy(SEED_REQUEST)
    body["cart"][0]["amount"] = "14"
    r = create(sandbox, http, body)
    assert r.status_code == 422 and [f["path"] for f in r.json()["error"]["fields"]] == ["cart[0].amount"]
    body = copy.deepcopy(SEED_REQUEST)
    body["cart"][0]["product_price_id"] = 9999  # a reserved id (sandbox/made_up.py)
    r = create(sandbox, http, body)
    assert r.status_code == 400 and r.json()["error"]["fields"][0]["path"] == "cart[0].product_price_id"


def test_online_payment_page(sandbox, http):
    body = copy.deepcopy(SEED_REQUEST) | {"payment_method": "ideal"}
    data = create(sandbox, http, body).json()
    url = data["payment_url"]
    assert url.startswith(f"{sandbox.url}/bakeronline/pay/")
    page = http.get(url, timeout=TIMEOUT)
    assert page.status_code == 200 and "Pay with ideal" in page.text
    paid = http.post(url, timeout=TIMEOUT, allow_redirects=False)
    assert paid.status_code == 303 and paid.headers["Location"] == SEED_REQUEST["return_url"]
    order_id = data["order_group"]["orders"][0]["id"]
    shown = http.get(f"{sandbox.url}/bakeronline/orders/{order_id}", headers=HEADERS, timeout=TIMEOUT).json()
    assert shown["payment_status"] == "paid"
    joyn = http.get(shown["joyn"]["collect_url"], timeout=TIMEOUT)
    assert joyn.status_code == 200 and http.get(shown["joyn"]["qr_code_url"], timeout=TIMEOUT).status_code == 200


def test_fault_answers_in_bakeronline_error_format(sandbox, http):
    headers = HEADERS | {"X-Sandbox-Fault": "status=503"}
    r = create(sandbox, http, headers=headers)
    assert r.status_code == 503 and r.json()["error"]["code"] == "service_unavailable"
