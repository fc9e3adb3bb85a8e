"""Bakeronline answers → Orders, from seed 002's example response verbatim (seed_responses/…_200.json)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from checkoutctl.model import order_to_json
from checkoutctl.providers.bakeronline.mapping import order_from_order, orders_from_group

SEED_002 = json.loads(
    (Path(__file__).parent / "seed_responses" / "bakeronline_checkout_order_200.json").read_text("utf-8"))


def test_seed_002_is_three_orders_with_their_totals():
    orders = orders_from_group(SEED_002)
    assert [o.id for o in orders] == ["14", "15", "17"]
    assert [o.code for o in orders] == ["16", "17", "14"]  # order_nr
    assert [o.total for o in orders] == [Decimal("19.00"), Decimal("16.00"), Decimal("13.00")]  # price_to_pay
    assert [o.discount for o in orders] == [Decimal("18.00"), Decimal("14.00"), Decimal("19.00")]
    for order in orders:
        assert order.provider == "bakeronline"
        assert (order.status, order.payment_status, order.currency) == ("PENDING", "pending", "EUR")
        assert order.created_at == "2021-08-17T11:03:43+00:00"  # 1629198223
        assert order.payment_url == "https://example.com"  # the group's
        assert order.customer is None and order.items == () and order.installments == ()
        # seed 002's example numbers are random (19 − 18 + 18 + 11 + 18 + 11 + 19 ≠ 19): no Amounts then
        assert order.amounts == () and order.notes == (DO_NOT_ADD_UP,)
        assert order.group_id == "12" and order.fulfilment == "delivery 2019-01-31 12:00"
        assert order.payment_method == "point_of_sale"
    assert [o.shop for o in orders] == ["Kayley Kovacek DDS, Gent (shop 16)", "Bonnie Rutherford, Gent (shop 11)",
                                        "Ms. Karelle White IV, Gent (shop 19)"]


DO_NOT_ADD_UP = "Bakeronline's prices do not add up to its price to pay; the lines are in --output raw"


def _priced(price, discount, delivery, invoice, sms, transaction, to_pay, warranty=0):
    doc = copy.deepcopy(SEED_002)
    order = doc["order_group"]["orders"][0]
    for key, value in (("price", price), ("discount", discount), ("delivery_cost", delivery),
                       ("invoice_cost", invoice), ("sms_cost", sms), ("transaction_cost", transaction),
                       ("price_to_pay", to_pay), ("warranty", warranty)):
        order["prices"][key]["value"] = value
    return orders_from_group(doc)[0]


def test_prices_that_add_up_are_the_amount_lines_discount_negative():
    order = _priced(5.7, 0.57, 3.5, 0.5, 0, 0.25, 9.38)
    assert [(line.label, str(line.amount)) for line in order.amounts] == [
        ("price", "5.70"), ("delivery", "3.50"), ("invoice", "0.50"), ("sms", "0.00"),
        ("transaction costs", "0.25"), ("discount", "-0.57")]
    assert sum(line.amount for line in order.amounts) == order.total == Decimal("9.38")
    assert order.notes == ()


def test_a_warranty_is_a_line_when_it_costs_something():
    order = _priced(10, 0, 0, 0, 0, 0, 12, warranty=2)
    assert ("warranty", Decimal("2.00")) in [(line.label, line.amount) for line in order.amounts]


@pytest.mark.parametrize("to_pay", [9.39, 9.37, 0])
def test_prices_that_do_not_add_up_are_not_shown_as_lines(to_pay):
    order = _priced(5.7, 0.57, 3.5, 0.5, 0, 0.25, to_pay)
    assert order.amounts == () and order.notes == (DO_NOT_ADD_UP,)


def test_an_unreadable_price_line_leaves_the_amounts_out():
    order = _priced("lots", 0.57, 3.5, 0.5, 0, 0.25, 9.38)
    assert order.amounts == () and DO_NOT_ADD_UP in order.notes


def test_the_request_cart_gives_each_shops_order_its_lines():
    cart = [{"amount": 2, "product_id": 18, "product_price_id": 17, "shop_id": 16, "comment": "Lotte"},
            {"amount": 6, "product_id": 19, "product_price_id": 21, "shop_id": 11},
            {"amount": 1, "product_id": 20, "product_price_id": 22, "shop_id": 16}, "junk", None]
    first, second, third = orders_from_group(SEED_002, cart=cart)
    assert [(i.id, i.description, i.quantity) for i in first.items] == [("18", "price 17, Lotte", 2),
                                                                       ("20", "price 22", 1)]
    assert [(i.id, i.quantity) for i in second.items] == [("19", 6)]
    assert third.items == ()
    assert orders_from_group(SEED_002, cart="not a list")[0].items == ()


def test_seed_002_as_contract_json():
    docs = [order_to_json(o) for o in orders_from_group(SEED_002)]
    assert [d["total"] for d in docs] == ["19.00", "16.00", "13.00"]
    assert docs[0]["currency"] == "EUR" and docs[0]["items"] == []


def test_unknown_enum_values_are_kept():
    # seeds/README: "tolerate unknown enum values in responses"
    doc = copy.deepcopy(SEED_002)
    doc["order_group"]["orders"][0].update(status="BAKED_BY_ROBOT", payment_status="refunded_partially")
    order = orders_from_group(doc)[0]
    assert (order.status, order.payment_status) == ("BAKED_BY_ROBOT", "refunded_partially")


def test_currency_falls_back_to_the_price_then_none():
    doc = copy.deepcopy(SEED_002)
    first, second = doc["order_group"]["orders"][:2]
    del first["currency"]
    first["prices"]["price_to_pay"]["currency"] = "RON"
    del second["currency"], second["prices"], second["shop"]
    orders = orders_from_group(doc)
    assert orders[0].currency == "RON"
    assert (orders[1].currency, orders[1].total, orders[1].discount) == (None, None, None)


def test_an_invalid_order_says_so_in_notes():
    doc = copy.deepcopy(SEED_002)
    doc["order_group"]["orders"][2]["valid"] = False
    assert orders_from_group(doc)[2].notes[0] == "Bakeronline marks this order as not valid (valid: false)"


def test_lines_are_read_when_a_version_sends_them():
    one = copy.deepcopy(SEED_002["order_group"]["orders"][0])
    one["cart"] = [{"product_id": 18, "amount": 2, "name": "Croissant", "price": {"value": 1.5, "currency": "EUR"}}]
    item = order_from_order(one).items[0]
    assert (item.id, item.description, item.quantity, item.unit_price, item.total) == (
        "18", "Croissant", 2, Decimal("1.50"), Decimal("3.00"))


def test_get_order_reads_one_order_bare_or_wrapped():
    one = SEED_002["order_group"]["orders"][1]
    bare = order_from_order(one)
    assert (bare.id, bare.code, bare.total, bare.payment_url) == ("15", "17", Decimal("16.00"), None)
    assert order_from_order({"order": one}) == bare


def test_a_group_without_payment_url():
    doc = copy.deepcopy(SEED_002)
    doc["payment_url"] = None
    assert {o.payment_url for o in orders_from_group(doc)} == {None}


@pytest.mark.parametrize("doc", [None, [], "x", {"order_group": None}, {"order_group": {"orders": "many"}},
                                 {"order_group": {"orders": [None, 3, "x"]}}])
def test_not_a_group_gives_no_orders(doc):
    assert orders_from_group(doc) == []


@pytest.mark.parametrize("doc", [None, [], "x", {"order": "x"}, {"created_at": 10**30, "prices": []}])
def test_not_an_order_gives_an_empty_order(doc):
    order = order_from_order(doc)
    assert order.provider == "bakeronline" and order.id is None and order.created_at is None


def test_the_amounts_end_in_the_price_to_pay_as_bakeronline_words_it():
    # seed 002 prices.price_to_pay: the "price to pay", not a generic "total".
    from checkoutctl.model import AmountLine, Order
    from checkoutctl.render.order_table import amounts_listing

    rows = amounts_listing(_priced(5.7, 0.57, 3.5, 0.5, 0, 0.25, 9.38)).rows
    assert rows[-1] == ("price to pay", "9.38 EUR") and rows[-2] == ("discount", "-0.57 EUR")
    other = Order("gestaoplus", total=Decimal("150.00"), amounts=(AmountLine("items", Decimal("150.00")),))
    assert amounts_listing(other).rows[-1] == ("total", "150.00")  # a provider without its own word
