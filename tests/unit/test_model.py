"""The normalized order (CONTRACT §5): exact JSON keys, always present; money as 2-place strings."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl.model import (
    Attachment, Customer, Installment, Item, Link, Order, iso_from_unix, money, money_text, order_to_json,
    text, whole_number,
)

# CONTRACT §5, plus the documented addition `notes`.
ORDER_KEYS = ["provider", "id", "code", "token", "status", "payment_status", "created_at", "currency", "total",
              "discount", "customer", "items", "installments", "attachments", "links", "payment_url", "notes",
              "amounts", "shop", "fulfilment", "payment_method", "group_id", "from_journal"]
CUSTOMER_KEYS = ["name", "document", "email"]
ITEM_KEYS = ["id", "description", "quantity", "unit_price", "total"]
INSTALLMENT_KEYS = ["number", "due_date", "amount", "paid", "method", "status", "code", "boleto_url"]
ATTACHMENT_KEYS = ["name", "type", "description", "url"]
LINK_KEYS = ["rel", "method", "url"]


def repr_id(value: object) -> str:
    # pytest's own str() of a 5000-digit int raises; name cases by a short repr.
    return "10**5000" if isinstance(value, int) and value > 10**100 else repr(value)[:30]


def full_order() -> Order:
    return Order(
        provider="gestaoplus", id="593", code="0000593098", token="t-1", status="1", payment_status="CONCLUIDO",
        created_at="2021-03-02T21:02:53+00:00", currency="BRL", total=Decimal("150"), discount=Decimal("0"),
        customer=Customer("Ana", "123", "a@example.com"),
        items=(Item("483", "CERTIFICADO PJ A1", 1, Decimal("150"), Decimal("150")),),
        installments=(Installment(1, "2021-03-02", Decimal("75"), Decimal("75"), "CARTAO_CREDITO", "LIQUIDADO", "C1"),),
        attachments=(Attachment("hello-world.pdf", "Boleto", "Hello world", "https://example.com/b.pdf"),),
        links=(Link("PAY", "GET", "https://example.com/pay"),),
        payment_url="https://example.com/pay",
        notes=("a note",),
    )


def test_json_has_exactly_the_contract_keys_in_order():
    doc = order_to_json(full_order())
    assert list(doc) == ORDER_KEYS
    assert list(doc["customer"]) == CUSTOMER_KEYS
    assert list(doc["items"][0]) == ITEM_KEYS
    assert list(doc["installments"][0]) == INSTALLMENT_KEYS
    assert list(doc["attachments"][0]) == ATTACHMENT_KEYS
    assert list(doc["links"][0]) == LINK_KEYS


def test_json_of_an_empty_order_keeps_every_key_as_null_or_empty_list():
    doc = order_to_json(Order("crayon"))
    assert list(doc) == ORDER_KEYS
    assert doc == {"provider": "crayon", "id": None, "code": None, "token": None, "status": None,
                   "payment_status": None, "created_at": None, "currency": None, "total": None, "discount": None,
                   "customer": None, "items": [], "installments": [], "attachments": [], "links": [],
                   "payment_url": None, "notes": [], "amounts": [], "shop": None, "fulfilment": None,
                   "payment_method": None, "group_id": None, "from_journal": []}


def test_json_of_a_customer_and_item_with_nothing_known_keeps_their_keys():
    doc = order_to_json(Order("x", customer=Customer(), items=(Item(),), installments=(Installment(),)))
    assert doc["customer"] == {"name": None, "document": None, "email": None}
    assert doc["items"] == [dict.fromkeys(ITEM_KEYS)]
    assert doc["installments"] == [dict.fromkeys(INSTALLMENT_KEYS)]


def test_json_money_is_two_place_text_ids_are_text_quantity_is_int():
    doc = order_to_json(full_order())
    assert doc["total"] == "150.00" and doc["discount"] == "0.00"
    assert doc["items"][0] == {"id": "483", "description": "CERTIFICADO PJ A1", "quantity": 1,
                               "unit_price": "150.00", "total": "150.00"}
    assert doc["installments"][0]["amount"] == "75.00" and doc["installments"][0]["number"] == 1
    # an id that slipped in as a number still comes out as text
    assert order_to_json(Order("x", id=593))["id"] == "593"  # type: ignore[arg-type]


def test_models_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        full_order().total = Decimal(1)  # type: ignore[misc]


@pytest.mark.parametrize(("value", "expected"), [
    (150, "150.00"), (150.0, "150.00"), ("150", "150.00"), ("150.5", "150.50"), (" 7.25 ", "7.25"),
    (0.1, "0.10"), (19.99, "19.99"), (1.005, "1.01"), (-12.5, "-12.50"), (-0.0, "0.00"), (0, "0.00"),
    (Decimal("1E+2"), "100.00"), (Decimal("2.345"), "2.35"),
])
def test_money_reads_major_units(value, expected):
    assert money(value) == Decimal(expected)
    assert str(money(value)) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (4990, "49.90"), ("4990", "49.90"), (1, "0.01"), (0, "0.00"), (999999900, "9999999.00"), (4990.0, "49.90"),
])
def test_money_reads_pagbank_centavos(value, expected):
    assert str(money(value, minor_units=True)) == expected


@pytest.mark.parametrize("value", [
    None, True, False, "abc", "", "1e5", "1_000", "0x10", "１２", "12,50", "NaN", "Infinity", float("nan"),
    float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity"), 10**18, -(10**18), 10**5000, 1e300,
    "9" * 41, [], {}, {"value": 1}, Decimal("1E+999999"),
], ids=repr_id)
def test_money_refuses_what_is_not_money(value):
    assert money(value) is None
    assert money(value, minor_units=True) is None


def test_money_limit_is_in_major_units_after_centavos():
    assert money(10**16, minor_units=True) == Decimal("100000000000000.00")
    assert money(10**15) == Decimal("1000000000000000.00")
    assert money(10**15 + 1) is None


def test_money_text_never_uses_exponents():
    assert money_text(Decimal("1E+2")) == "100.00"
    assert money_text(Decimal("0E-10")) == "0.00"
    assert money_text(None) is None and money_text(Decimal("NaN")) is None


def test_text_and_whole_number_readers():
    assert text(593) == "593" and text(1.0) == "1" and text(1.5) == "1.5" and text(True) == "true"
    assert text({"a": 1}) is None and text([1]) is None and text(10**5000) is None and text(float("nan")) is None
    assert whole_number(2) == 2 and whole_number(2.0) == 2 and whole_number("3") == 3
    for bad in (2.5, True, "two", 10**10, float("inf"), None, [1]):
        assert whole_number(bad) is None


def test_iso_from_unix_is_utc_and_bounded():
    assert iso_from_unix(1629198223) == "2021-08-17T11:03:43+00:00"  # seed 002 created_at
    assert iso_from_unix(1629198223.9) == "2021-08-17T11:03:43+00:00"
    for bad in (None, True, "soon", 10**20, 1e300, float("nan"), -(10**12)):
        assert iso_from_unix(bad) is None


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.integers(), st.integers(-10**18, 10**18), st.sampled_from([0, 1, -1, 100, 10**17, 10**17 + 1,
                                                                              -10**17, -10**17 - 1])))
def test_money_of_int_centavos_is_the_division_it_was(value):
    # The fast path for PagBank's centavos (issue 15) against the general one: divide, bound, quantize.
    from checkoutctl.model import _CENT, _MONEY_CONTEXT, MONEY_LIMIT

    number = _MONEY_CONTEXT.divide(Decimal(value), Decimal(100)) if abs(value) <= MONEY_LIMIT * 100 else None
    expected = None if number is None or abs(number) > MONEY_LIMIT else number.quantize(_CENT, context=_MONEY_CONTEXT)
    got = money(value, minor_units=True)
    assert got == expected and (got is None or str(got) == str(expected or Decimal("0.00")))
