"""Bakeronline sandbox handlers through werkzeug's test Client: no socket (seed 002)."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal

import pytest
from werkzeug.test import Client

from checkoutctl.providers.bakeronline import sandbox as bo
from checkoutctl.sandbox.context import CORE_SCHEMA, SandboxContext
from checkoutctl.sandbox.store import Store
from checkoutctl.store.migrations import Migrations
from tests.unit.sandbox.routes_app import wsgi_app

HEADERS = {"X-VERSION": "1.5.0", "Authorization": "Bearer sandbox"}
FUTURE = (date.today() + timedelta(days=30)).isoformat()
ADDRESS = {"street": "Sint-Denijslaan", "nr": "96", "zipcode": "9000", "city": "Gent", "country": "BE"}

# Seed 002 example request 1 with the sandbox catalogue's ids (the seed's own), a future date,
# takeout keyed shop_<id> (seeds/README) and coupon codes the catalogue knows.
SEED_REQUEST = {
    "cart": [
        {"amount": 14, "persons": 16, "gram": 18, "comment": "...", "product_id": 18, "product_price_id": 17,
         "shop_id": 12, "options": [{"option_id": 15, "upload_id": 11}, {"option_id": 15, "upload_id": 16}]},
        {"amount": 17, "persons": 17, "gram": 15, "comment": "...", "product_id": 15, "product_price_id": 19,
         "shop_id": 13, "options": [{"option_id": 16, "upload_id": 19}]},
        {"amount": 17, "persons": 17, "gram": 17, "comment": "...", "product_id": 13, "product_price_id": 10,
         "shop_id": 15, "options": [{"option_id": 11, "upload_id": 13}]},
    ],
    "checkout": {
        "method": "delivery",
        "delivery": {"date": FUTURE, "time": "12:00", "address": ADDRESS, "notes": "...", "end_time": "12:00"},
        "takeout": {"shops": {"shop_13": {"id": 13, "date": FUTURE, "time": "12:00"}}},
        "latch": {"latch_id": 12, "telephone": "+32 475 00 00 00", "date": FUTURE, "time": "12:00",
                  "notification_method": "email"},
        "isop": {"origin": "in-store", "customer_id": 12, "employee_id": 14},
        "warranty": {"bank": "ING. Bank"},
        "invoice": {"company": {"name": "...", "vat": "BE0123456749", "address": ADDRESS}},
        "config": {"askInvoice": False, "askIsop": False},
        "coupons": [{"code": "SANDBOX10"}],
    },
    "payment_method": "point_of_sale",
    "return_url": "https://example.com",
}

# Every key of seed 002's response, nested as there (Example response 1).
MONEY = {"value": None, "currency": None}
SEED_ORDER_KEYS = {
    "id": None, "status": None, "valid": None, "order_nr": None,
    "prices": {k: MONEY for k in ("price", "discount", "warranty", "delivery_cost", "invoice_cost", "sms_cost",
                                  "transaction_cost", "price_to_pay", "price_with_discount")},
    "payment_method": None,
    "checkout": {"method": None, "date": None, "time": None, "end_time": None,
                 "address": {"street": None, "nr": None, "zipcode": None, "city": None, "country": None},
                 "notes": None, "name": None, "latch_id": None},
    "shop": {"id": None, "name": None,
             "address": {"street": None, "nr": None, "zipcode": None, "city": None, "country": None,
                         "position": {"latitude": None, "longitude": None}},
             "allow_comments": None, "currency": None},
    "created_at": None,
    "joyn": {"points": None, "collect_url": None, "qr_code_url": None},
    "payment_status": None, "currency": None,
}


def assert_keys(shape: dict, data: dict, where: str = "") -> None:
    assert isinstance(data, dict), where
    assert set(data) == set(shape), (where, set(data) ^ set(shape))
    for key, sub in shape.items():
        if isinstance(sub, dict):
            assert_keys(sub, data[key], f"{where}.{key}")


@pytest.fixture
def ctx(tmp_path):
    store = Store(tmp_path / "sandbox.sqlite3", [Migrations.of_statements("sandbox_core", CORE_SCHEMA),
                                                  Migrations.of_statements("bakeronline", bo.SCHEMA)])
    yield SandboxContext(store)
    store.close()


@pytest.fixture
def client(ctx):
    return Client(wsgi_app(ctx, bo))


def post(client, body, headers=HEADERS):
    return client.post("/bakeronline/checkout/order", json=body, headers=headers)


def value(money: dict) -> Decimal:
    assert money["currency"] == "EUR"
    return Decimal(str(money["value"]))


def test_seed_example_gets_seed_shaped_answer_one_order_per_shop(client):
    r = post(client, SEED_REQUEST)
    assert r.status_code == 200, r.get_json()
    assert r.headers["Content-Type"].startswith("application/json")
    data = r.get_json()
    assert set(data) == {"order_group", "payment_url"} and set(data["order_group"]) == {"id", "orders"}
    orders = data["order_group"]["orders"]
    assert [o["shop"]["id"] for o in orders] == [12, 13, 15]
    for o in orders:
        assert_keys(SEED_ORDER_KEYS, o)
        assert o["status"] == "PENDING" and o["payment_status"] == "pending" and o["valid"] is True
        assert o["currency"] == "EUR" and o["shop"]["currency"] == "EUR"
        assert o["payment_method"] == "point_of_sale" and isinstance(o["created_at"], int)
        assert o["checkout"]["date"] == FUTURE and o["checkout"]["address"] == ADDRESS
    assert data["payment_url"] is None  # point_of_sale is paid in the shop


def test_prices_add_up_from_the_catalogue(client):
    orders = post(client, SEED_REQUEST).get_json()["order_group"]["orders"]
    croissants = orders[0]["prices"]
    assert value(croissants["price"]) == 14 * Decimal("1.20")
    assert value(croissants["discount"]) == Decimal("1.68")  # SANDBOX10: 10 % of 16.80
    assert value(croissants["delivery_cost"]) == Decimal("3.50")
    assert value(croissants["invoice_cost"]) == Decimal("0.50")
    for o in orders:
        p = {k: value(v) for k, v in o["prices"].items()}
        assert p["price_with_discount"] == p["price"] - p["discount"]
        assert p["price_to_pay"] == (p["price_with_discount"] + p["warranty"] + p["delivery_cost"] + p["invoice_cost"]
                                     + p["sms_cost"] + p["transaction_cost"])
        for money in o["prices"].values():
            assert value(money) == value(money).quantize(Decimal("0.01"))
    assert value(orders[1]["prices"]["price"]) == 17 * Decimal("14.50")


def test_online_payment_gets_a_payment_page_that_pays(client):
    body = copy.deepcopy(SEED_REQUEST)
    body["payment_method"] = "bancontact"
    data = post(client, body).get_json()
    url = data["payment_url"]
    assert url.startswith("http://localhost/bakeronline/pay/")
    order = data["order_group"]["orders"][0]
    assert value(order["prices"]["transaction_cost"]) == Decimal("0.25")
    path = url.removeprefix("http://localhost")
    page = client.get(path)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    paid = client.post(path)
    assert paid.status_code == 303 and paid.headers["Location"] == "https://example.com"
    shown = client.get(f"/bakeronline/orders/{order['id']}", headers=HEADERS).get_json()
    assert shown["payment_status"] == "paid"


@pytest.mark.parametrize("version", [None, "1.6.0", "1.4.0"])
def test_x_version_is_required(client, version):
    headers = {"Authorization": "Bearer sandbox"} | ({"X-VERSION": version} if version else {})
    r = post(client, SEED_REQUEST, headers)
    assert r.status_code == 400
    assert r.get_json()["error"]["code"] == "unsupported_version" and "1.5.0" in r.get_json()["error"]["message"]


@pytest.mark.parametrize("auth", [None, "Bearer nope", "Basic c2FuZGJveDpzYW5kYm94"])
def test_bearer_is_required(client, auth):
    headers = {"X-VERSION": "1.5.0"} | ({"Authorization": auth} if auth else {})
    r = post(client, SEED_REQUEST, headers)
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthenticated"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_invalid_body_lists_each_field_with_its_path(client):
    body = copy.deepcopy(SEED_REQUEST)
    body["cart"][1]["amount"] = 0
    body["payment_method"] = "cash"
    r = post(client, body)
    assert r.status_code == 422
    err = r.get_json()["error"]
    assert err["code"] == "validation_failed"
    assert {f["path"] for f in err["fields"]} == {"cart[1].amount", "payment_method"}


def test_not_json_is_400(client):
    r = client.post("/bakeronline/checkout/order", data=b"{nope", headers=HEADERS, content_type="application/json")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_json"


def test_catalogue_refuses_unknown_ids_and_past_dates(client):
    body = copy.deepcopy(SEED_REQUEST)
    body["cart"][0]["shop_id"] = 99
    body["cart"][1]["product_price_id"] = 999
    body["cart"][2]["product_id"] = 18  # sold by shop 12, not 15
    body["checkout"]["coupons"] = [{"code": "..."}]
    r = post(client, body)
    assert r.status_code == 400
    err = r.get_json()["error"]
    assert err["code"] == "invalid_order"
    assert {(f["path"], f["rule"]) for f in err["fields"]} >= {
        ("cart[0].shop_id", "unknown_shop"), ("cart[1].product_price_id", "unknown_product_price"),
        ("cart[2].product_id", "product_not_in_shop"), ("checkout.coupons[0].code", "unknown_coupon"),
    }
    # A past date needs no catalogue: it is a rule validate runs too, refused as a 422 (issue 12).
    body = copy.deepcopy(SEED_REQUEST)
    body["checkout"]["delivery"]["date"] = "2019-01-31"
    r = post(client, body)
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "validation_failed"
    assert {(f["path"], f["rule"]) for f in r.get_json()["error"]["fields"]} == {("checkout.delivery.date", "past-date")}


def test_takeout_needs_every_cart_shop(client):
    body = copy.deepcopy(SEED_REQUEST)
    body["checkout"]["method"] = "takeout"
    r = post(client, body)
    assert r.status_code == 422  # a rule validate runs too (issue 12)
    assert {f["rule"] for f in r.get_json()["error"]["fields"]} == {"takeout-shop"}
    body["cart"] = body["cart"][1:2]  # only shop 13, which has its shop_13 entry
    r = post(client, body)
    assert r.status_code == 200
    order = r.get_json()["order_group"]["orders"][0]
    assert order["checkout"]["method"] == "takeout" and order["checkout"]["address"] is None
    assert value(order["prices"]["delivery_cost"]) == 0


def test_get_order_by_id_and_unknown_404(client):
    orders = post(client, SEED_REQUEST).get_json()["order_group"]["orders"]
    r = client.get(f"/bakeronline/orders/{orders[1]['id']}", headers=HEADERS)
    assert r.status_code == 200 and r.get_json() == orders[1]
    for missing in ("999999", "abc"):
        r = client.get(f"/bakeronline/orders/{missing}", headers=HEADERS)
        assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/bakeronline/orders/{orders[0]['id']}", headers={"Authorization": "Bearer sandbox"}).status_code == 400
    assert client.get(f"/bakeronline/orders/{orders[0]['id']}", headers={"X-VERSION": "1.5.0"}).status_code == 401


def test_order_numbers_count_per_shop(client):
    first = post(client, SEED_REQUEST).get_json()["order_group"]
    second = post(client, SEED_REQUEST).get_json()["order_group"]
    assert second["id"] != first["id"]
    assert [o["order_nr"] + 1 for o in first["orders"]] == [o["order_nr"] for o in second["orders"]]


def test_issued_token_is_accepted(ctx, client):
    token = ctx.issue_token("bakeronline")
    r = post(client, SEED_REQUEST, {"X-VERSION": "1.5.0", "Authorization": f"Bearer {token}"})
    assert r.status_code == 200


def test_amount_cap_and_non_ascii_ids(client):
    body = copy.deepcopy(SEED_REQUEST)
    body["cart"][0]["amount"] = 10**30
    r = post(client, body)
    # The bound is a rule validate runs too (issue 12): a 422 naming the field.
    assert r.status_code == 422 and r.get_json()["error"]["fields"][0]["rule"] == "range", r.get_json()
    assert r.get_json()["error"]["fields"][0]["path"] == "cart[0].amount"
    post(client, SEED_REQUEST)
    assert client.get("/bakeronline/orders/\uff11", headers=HEADERS).status_code == 404  # fullwidth 1
