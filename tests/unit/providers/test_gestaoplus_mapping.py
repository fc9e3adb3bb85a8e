"""Gestão Plus answers → Order, from seed 001's 200 example verbatim (seed_responses/…_200.json)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from checkoutctl.model import Attachment, Customer, Installment, Item, order_to_json
from checkoutctl.providers.gestaoplus.mapping import created_from_answer, order_from_info

SEED_001 = json.loads((Path(__file__).parent / "seed_responses" / "gestaoplus_order_info_200.json").read_text("utf-8"))
ATTACHMENT_HREF = SEED_001["data"]["attachmentItems"][0]["href"]


def test_seed_001_maps_every_field():
    order = order_from_info(SEED_001, token="abc123")
    assert order.provider == "gestaoplus"
    assert (order.id, order.code, order.token) == ("593", "0000593098", "abc123")
    assert (order.status, order.payment_status) == ("1", "CONCLUIDO")
    assert order.created_at == "2021-03-02T21:02:53+00:00"
    assert order.currency == "BRL"
    assert (order.total, order.discount) == (Decimal("150.00"), Decimal("0.00"))
    assert order.customer == Customer(name="Solucoes Inteligentes Servicos EIRELI", document="123421341234",
                                      email="example@exemple.com")
    assert order.items == (Item(id="483", description="CERTIFICADO PJ A1", quantity=1,
                                unit_price=Decimal("150.00"), total=Decimal("150.00")),)
    assert order.installments == (
        Installment(number=1, due_date="2021-03-02", amount=Decimal("75.00"), paid=Decimal("75.00"),
                    method="CARTAO_CREDITO", status="LIQUIDADO", code="GOPAGHOM_708=============a"),
        Installment(number=2, due_date="2021-04-01", amount=Decimal("75.00"), paid=Decimal("75.00"),
                    method="CARTAO_CREDITO", status="LIQUIDADO", code="GOPAGHOM_708f=============0b954a"),
    )
    assert order.attachments == (Attachment(name="hello-world.pdf", type="Boleto", description="Hello world",
                                            url=ATTACHMENT_HREF),)
    assert order.links == () and order.payment_url is None and order.notes == ()


def test_seed_001_as_contract_json():
    doc = order_to_json(order_from_info(SEED_001))
    assert doc["token"] is None
    assert doc["total"] == "150.00" and doc["discount"] == "0.00"
    assert doc["items"] == [{"id": "483", "description": "CERTIFICADO PJ A1", "quantity": 1,
                             "unit_price": "150.00", "total": "150.00"}]
    assert [i["due_date"] for i in doc["installments"]] == ["2021-03-02", "2021-04-01"]
    assert doc["attachments"][0]["type"] == "Boleto"


def test_item_total_is_price_times_quantity():
    doc = copy.deepcopy(SEED_001)
    doc["data"]["orderItems"][0].update(quantity=3, price=49.9)
    item = order_from_info(doc).items[0]
    assert (item.quantity, item.unit_price, item.total) == (3, Decimal("49.90"), Decimal("149.70"))


def test_the_403_problem_document_is_an_order_with_nothing_known():
    # seed 001, 403: {type, title: "Forbidden", status: 403, detail} — no `data`, so no order fields.
    order = order_from_info({"type": "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
                             "title": "Forbidden", "status": 403, "detail": "Forbidden (Invalid token)"})
    assert order.status is None and order.id is None and order.customer is None and order.items == ()


@pytest.mark.parametrize(("date", "expected"), [
    ({"date": "2021-03-02 21:02:53.000000", "timezone_type": 3, "timezone": "UTC"}, "2021-03-02T21:02:53+00:00"),
    ({"date": "2021-03-02 21:02:53.250000", "timezone": "UTC"}, "2021-03-02T21:02:53.250000+00:00"),
    ({"date": "2021-03-02 21:02:53.000000", "timezone_type": 1, "timezone": "-03:00"}, "2021-03-02T21:02:53-03:00"),
    ({"date": "2021-03-02 21:02:53.000000", "timezone": "America/Sao_Paulo"}, "2021-03-02T21:02:53-03:00"),
    ({"date": "2021-03-02 21:02:53.000000", "timezone": "Mars/Olympus"}, "2021-03-02T21:02:53"),
    ({"date": "2021-03-02 21:02:53.000000", "timezone": "../../etc/passwd"}, "2021-03-02T21:02:53"),
    ({"date": "2021-02-30 21:02:53.000000", "timezone": "UTC"}, None),
    ({"date": "yesterday", "timezone": "UTC"}, None),
    ("2021-03-02", None),
    (None, None),
])
def test_php_dates(date, expected):
    doc = copy.deepcopy(SEED_001)
    doc["data"]["date"] = date
    assert order_from_info(doc).created_at == expected


def test_unreadable_parts_become_none_not_errors():
    doc = copy.deepcopy(SEED_001)
    data = doc["data"]
    data.update(orderTotal="lots", orderDiscount=float("nan"), user="nobody", orderItems={"not": "a list"})
    data["financialItems"] = [None, 7, {"installment": "x", "amount": [], "dueDate": "soon"}]
    data["attachmentItems"] = [{"href": {"evil": True}}]
    order = order_from_info(doc)
    assert order.total is None and order.discount is None and order.customer is None and order.items == ()
    assert order.installments == (Installment(),)
    assert order.attachments == (Attachment(),)


@pytest.mark.parametrize("doc", [None, [], "text", 42, [SEED_001], {"data": "x"}, {"data": [1, 2]}])
def test_not_a_document_gives_an_empty_order(doc):
    order = order_from_info(doc)
    assert order.provider == "gestaoplus" and order.id is None and order.installments == ()


def test_created_answer():
    # seeds/README: {data:{id, orderCode}, publicToken, status:200, detail:"Order created"}
    answer = {"data": {"id": 594, "orderCode": "0000594001"}, "publicToken": "pt-xyz", "status": 200,
              "detail": "Order created"}
    assert created_from_answer(answer) == {"id": "594", "orderCode": "0000594001", "publicToken": "pt-xyz"}


@pytest.mark.parametrize("doc", [None, [], "x", {"data": None}, {"data": [1]}, {"publicToken": {"a": 1}}])
def test_created_answer_without_the_fields(doc):
    assert created_from_answer(doc) == {"id": None, "orderCode": None, "publicToken": None}


# --- issue 11: codes in words, each installment's boleto, amounts that add up ----------------------


def _boleto_plan(count: int, boletos: int) -> dict:
    import copy

    doc = copy.deepcopy(SEED_001)
    first = doc["data"]["financialItems"][0]
    doc["data"]["financialItems"] = [dict(first, installment=n, code=f"C{n}") for n in range(1, count + 1)]
    attachment = doc["data"]["attachmentItems"][0]
    doc["data"]["attachmentItems"] = [dict(attachment, name=f"b{n}.pdf", href=f"https://dev.gestao.plus/file?q={n}")
                                      for n in range(1, boletos + 1)]
    return doc


def test_one_boleto_per_installment_pairs_them_in_order():
    order = order_from_info(_boleto_plan(3, 3))
    assert [i.boleto_url for i in order.installments] == [f"https://dev.gestao.plus/file?q={n}" for n in (1, 2, 3)]
    assert [i["boleto_url"] for i in order_to_json(order)["installments"]] == [
        f"https://dev.gestao.plus/file?q={n}" for n in (1, 2, 3)]


@pytest.mark.parametrize("count, boletos", [(2, 1), (2, 3), (3, 0)])
def test_boletos_that_do_not_match_the_installments_pair_nothing(count, boletos):
    order = order_from_info(_boleto_plan(count, boletos))
    assert {i.boleto_url for i in order.installments} == {None}
    assert len(order.attachments) == boletos  # still listed as attachments


def test_seed_001_codes_in_words_and_amounts():
    order = order_from_info(SEED_001)
    assert (order.status, order.status_meaning) == ("1", "active")
    assert (order.payment_status, order.payment_status_meaning) == ("CONCLUIDO", "paid in full")
    assert [(line.label, str(line.amount)) for line in order.amounts] == [("items", "150.00"), ("discount", "0.00")]


def test_amounts_that_do_not_add_up_to_the_total_are_left_out():
    import copy

    doc = copy.deepcopy(SEED_001)
    doc["data"]["orderTotal"] = 149
    assert order_from_info(doc).amounts == ()
    doc["data"].update(orderTotal=140, orderDiscount=10)
    assert [(line.label, str(line.amount)) for line in order_from_info(doc).amounts] == [
        ("items", "150.00"), ("discount", "-10.00")]
