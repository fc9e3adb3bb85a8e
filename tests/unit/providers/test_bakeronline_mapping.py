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
        assert order.customer is None and order.items == () and order.installments == () and order.notes == ()


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
    assert orders_from_group(doc)[2].notes == ("Bakeronline marks this order as not valid (valid: false)",)


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
