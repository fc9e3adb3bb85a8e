"""PagBank Checkout object → Order. The example is built from seed 004's field list (v2.2): every
RESPONSE: Sim field, with amounts in centavos."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from checkoutctl.model import Customer, Item, Link, order_to_json
from checkoutctl.providers.pagbank.mapping import order_from_checkout

PAY = "https://pagamento.sandbox.pagbank.com.br/pagamento?code=2a1f-41d6"
CHECKOUT = {
    "id": "CHEC_6A4B3C2D-1E0F-4A5B-8C7D-9E8F7A6B5C4D",
    "reference_id": "pedido-001",
    "expiration_date": "2023-08-14T19:09:10-03:00",
    "created_at": "2023-08-14T17:09:10.000-03:00",
    "status": "ACTIVE",
    "customer": {"name": "Jose da Silva", "email": "jose@example.com", "tax_id": "12345678909",
                 "phone": {"country": "+55", "area": "27", "number": "999999999"}},
    "customer_modifiable": False,
    "items": [
        {"reference_id": "camiseta-p", "name": "Camiseta", "description": "Camiseta azul", "quantity": 2,
         "unit_amount": 4990},
        {"reference_id": "bone", "name": "Boné", "quantity": 1, "unit_amount": 10000},
    ],
    "additional_amount": 500,
    "discount_amount": 1000,
    "shipping": {"type": "FIXED", "service_type": "SEDEX", "address_modifiable": True, "amount": 1500},
    "payment_methods": [{"type": "CREDIT_CARD", "brands": ["VISA"]}, {"type": "PIX"}],
    "redirect_url": "https://loja.example.com/obrigado",
    "notification_urls": ["https://loja.example.com/notify"],
    "links": [
        {"rel": "SELF", "href": "https://sandbox.api.pagseguro.com/checkouts/CHEC_6A4B", "method": "GET"},
        {"rel": "PAY", "href": PAY, "method": "GET"},
        {"rel": "INACTIVATE", "href": "https://sandbox.api.pagseguro.com/checkouts/CHEC_6A4B/inactivate",
         "method": "POST"},
    ],
}


def test_checkout_maps_every_field():
    order = order_from_checkout(CHECKOUT)
    assert order.provider == "pagbank"
    assert (order.id, order.code, order.status) == (CHECKOUT["id"], "pedido-001", "ACTIVE")
    assert order.created_at == "2023-08-14T17:09:10-03:00"
    assert order.currency == "BRL" and order.token is None and order.payment_status is None
    assert order.customer == Customer(name="Jose da Silva", document="12345678909", email="jose@example.com")
    assert order.items == (
        Item(id="camiseta-p", description="Camiseta", quantity=2, unit_price=Decimal("49.90"), total=Decimal("99.80")),
        Item(id="bone", description="Boné", quantity=1, unit_price=Decimal("100.00"), total=Decimal("100.00")),
    )
    # 2 × 49.90 + 100.00 + additional 5.00 + shipping 15.00 − discount 10.00
    assert order.total == Decimal("209.80")
    assert order.discount == Decimal("10.00")
    assert order.links[1] == Link(rel="PAY", method="GET", url=PAY)
    assert [k.rel for k in order.links] == ["SELF", "PAY", "INACTIVATE"]
    assert order.payment_url == PAY
    assert order.installments == () and order.attachments == ()


def test_checkout_as_contract_json():
    doc = order_to_json(order_from_checkout(CHECKOUT))
    assert doc["total"] == "209.80" and doc["discount"] == "10.00"
    assert doc["items"][0] == {"id": "camiseta-p", "description": "Camiseta", "quantity": 2,
                               "unit_price": "49.90", "total": "99.80"}
    assert doc["payment_url"] == PAY


def test_total_without_optional_amounts():
    checkout = copy.deepcopy(CHECKOUT)
    for key in ("additional_amount", "discount_amount", "shipping"):
        del checkout[key]
    order = order_from_checkout(checkout)
    assert order.total == Decimal("199.80") and order.discount is None


def test_free_shipping_has_no_amount():
    checkout = copy.deepcopy(CHECKOUT)
    checkout["shipping"] = {"type": "FREE"}
    assert order_from_checkout(checkout).total == Decimal("194.80")


@pytest.mark.parametrize(("key", "value"), [("discount_amount", "ten"), ("additional_amount", float("nan")),
                                            ("shipping", {"amount": [1]})])
def test_total_is_unknown_when_a_part_is_unreadable(key, value):
    checkout = copy.deepcopy(CHECKOUT)
    checkout[key] = value
    assert order_from_checkout(checkout).total is None


def test_total_is_unknown_when_an_item_amount_is():
    checkout = copy.deepcopy(CHECKOUT)
    checkout["items"][1]["unit_amount"] = None
    assert order_from_checkout(checkout).total is None
    checkout["items"] = []
    assert order_from_checkout(checkout).total is None


def test_no_pay_link_means_no_payment_url():
    checkout = copy.deepcopy(CHECKOUT)
    checkout["links"] = [k for k in checkout["links"] if k["rel"] != "PAY"] + ["junk", {"rel": "PAY"}]
    order = order_from_checkout(checkout)
    assert order.payment_url is None and len(order.links) == 3


def test_an_error_body_is_an_order_with_nothing_known():
    # seeds/README: {"error_messages":[{"error","description","parameter_name"}]}
    order = order_from_checkout({"error_messages": [{"error": "invalid_value", "description": "x",
                                                     "parameter_name": "customer.tax_id"}]})
    assert order.id is None and order.items == () and order.total is None and order.customer is None


@pytest.mark.parametrize("doc", [None, [], "<html>403</html>", 1.5, [CHECKOUT]])
def test_not_a_checkout_gives_an_empty_order(doc):
    order = order_from_checkout(doc)
    assert order.provider == "pagbank" and order.id is None and order.links == ()
