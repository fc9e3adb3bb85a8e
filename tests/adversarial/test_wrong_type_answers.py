"""Issue 9 item 7, the mapping half: whatever JSON a server sends where money or ids belong (a list for
an amount, a string for an int, null, an object, 1e999999, "NaN"), turning the answer into an `Order`
never crashes (exit 1). The order shows what could be read (exit 0), or the command ends in
ProviderFailure "unreadable answer" (exit 5; for a create the journal says `unknown`), for every
provider and every `--output` mode, through the real CLI against a server of our own on 127.0.0.1.

The net is `Call.place` / `Call.look_up` (providers/call.py), the one place every provider's
operations, and so every mapping, run.
"""

from __future__ import annotations

import copy
import json

import pytest

from tests.adversarial.conftest import SAMPLES, Reply, history

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

OUTPUTS = ("table", "json", "raw")
HUGE = "1e999999"  # written into the body as a bare JSON number
WRONG = {"a-list": [1, "2", None], "a-string": "12abc", "null": None, "an-object": {"value": {"cents": 1}},
         "huge-exponent": HUGE, "nan-text": "NaN", "a-bool": True}

GESTAOPLUS_INFO = {"data": {"id": 593, "code": "0000593098", "status": 1, "statusPayment": "ABERTO",
                            "date": {"date": "2021-03-02 21:02:53.000000", "timezone_type": 3, "timezone": "UTC"},
                            "orderTotal": "150.00", "orderDiscount": "0.00",
                            "user": {"name": "n", "document": "d", "email": "e"},
                            "orderItems": [{"id": 483, "quantity": 1, "price": "150.00", "description": "x"}],
                            "financialItems": [{"id": 1, "code": "c", "installment": 1, "amount": "150.00",
                                                "amountPaid": "0.00", "type": "BOLETO", "status": "ABERTO",
                                                "dueDate": {"date": "2021-03-02 00:00:00.000000"}}],
                            "attachmentItems": [{"name": "b.pdf", "typeDescription": "Boleto", "href": "https://ok.example/b.pdf"}]},
                   "type": "t", "title": "Unknown", "status": 200, "detail": "ok"}
GESTAOPLUS_CREATED = {"data": {"id": 593, "orderCode": "0000593098"}, "publicToken": "tok-1", "status": 200,
                      "detail": "Order created"}
PAGBANK = {"id": "CHEC_1", "reference_id": "r", "status": "ACTIVE", "created_at": "2021-01-01T00:00:00-03:00",
           "discount_amount": 0, "additional_amount": 0, "shipping": {"amount": 100},
           "customer": {"name": "n", "email": "e", "tax_id": "t"},
           "items": [{"reference_id": "i", "name": "x", "quantity": 2, "unit_amount": 4990}],
           "links": [{"rel": "PAY", "href": "https://ok.example/pay", "method": "GET"}]}
BAKERONLINE_ORDER = {"id": 14, "order_nr": 7, "status": "PENDING", "payment_status": "open", "created_at": 1629198223,
                     "currency": "EUR", "prices": {"price_to_pay": {"value": 12.5, "currency": "EUR"},
                                                   "discount": {"value": 0}},
                     "items": [{"product_id": 3, "name": "bread", "amount": 2, "price": {"value": 1.5}}]}
CRAYON = {"ExternalOrderId": "ext-1", "Errors": [], "OrderLines": [{"ProductId": "p", "Name": "x", "Quantity": 1, "Errors": []}]}

# Where money or ids belong, per provider: (document, path) pairs the wrong values go into.
SLOTS = {
    "gestaoplus": [(GESTAOPLUS_INFO, ("data", "id")), (GESTAOPLUS_INFO, ("data", "orderTotal")),
                   (GESTAOPLUS_INFO, ("data", "orderItems", 0, "price")), (GESTAOPLUS_INFO, ("data", "orderItems", 0, "quantity")),
                   (GESTAOPLUS_INFO, ("data", "financialItems", 0, "amount")), (GESTAOPLUS_INFO, ("data", "date")),
                   (GESTAOPLUS_CREATED, ("data", "id")), (GESTAOPLUS_CREATED, ("publicToken",))],
    "pagbank": [(PAGBANK, ("id",)), (PAGBANK, ("items", 0, "unit_amount")), (PAGBANK, ("items", 0, "quantity")),
                (PAGBANK, ("discount_amount",)), (PAGBANK, ("shipping", "amount")), (PAGBANK, ("items",)),
                (PAGBANK, ("links",))],
    "bakeronline": [(BAKERONLINE_ORDER, ("id",)), (BAKERONLINE_ORDER, ("prices", "price_to_pay", "value")),
                    (BAKERONLINE_ORDER, ("created_at",)), (BAKERONLINE_ORDER, ("items", 0, "amount")),
                    (BAKERONLINE_ORDER, ("prices",)), (BAKERONLINE_ORDER, ("items",))],
    "crayon": [(CRAYON, ("ExternalOrderId",)), (CRAYON, ("OrderLines", 0, "Quantity")), (CRAYON, ("OrderLines",)),
               (CRAYON, ("Errors",)), (CRAYON, ("OrderLines", 0, "Errors"))],
}
SHOW_ARGS = {
    "gestaoplus": ("order", "show", "--token", "tok-1", "--provider", "gestaoplus", "--profile", "gestaoplus"),
    "pagbank": ("order", "show", "CHEC_1", "--provider", "pagbank", "--profile", "pagbank"),
    "bakeronline": ("order", "show", "14", "--provider", "bakeronline", "--profile", "bakeronline"),
}


def with_value(document: dict, path: tuple, value) -> bytes:
    doc = copy.deepcopy(document)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "__HUGE__" if value == HUGE else value
    return json.dumps(doc).replace('"__HUGE__"', HUGE).encode()


def routes(answer: dict[int, bytes]):
    """Every provider's routes; the document with id(document) in `answer` is sent with the wrong value."""

    def body(document: dict) -> bytes:
        return answer.get(id(document)) or json.dumps(document).encode()

    def route(method: str, path: str, headers: dict) -> Reply:
        if path.startswith("/gestaoplus/order/info"):
            return Reply(200, body(GESTAOPLUS_INFO))
        if path == "/gestaoplus/order":
            return Reply(200, body(GESTAOPLUS_CREATED))
        if path.startswith("/pagbank/checkouts"):
            return Reply(201 if method == "POST" else 200, body(PAGBANK))
        if path == "/bakeronline/checkout/order":
            order = body(BAKERONLINE_ORDER).decode()
            return Reply(200, f'{{"order_group": {{"id": 5, "orders": [{order}]}}, "payment_url": "https://ok.example/pay"}}')
        if path.startswith("/bakeronline/orders/"):
            return Reply(200, body(BAKERONLINE_ORDER))
        if path.endswith("/verify"):
            return Reply(200, body(CRAYON))
        if path.endswith("/checkout"):
            return Reply(204, b"")
        return Reply(404, {"message": "no route"})

    return route


def assert_no_crash(res, output: str, what: str) -> None:
    refused = res.code == 4 and "Crayon did not verify the order" in res.err  # a non-empty Errors[]: its refusal
    assert res.code in (0, 5) or refused, (what, output, res.code, res.err[-600:])
    assert "Traceback" not in res.out + res.err
    if res.code != 0:
        assert "error: " in res.err, res.err
    elif output == "json":
        json.loads(res.out)  # stdout stays pure JSON


@pytest.mark.parametrize("provider", sorted(SLOTS))
def test_wrong_types_where_money_or_ids_belong_never_crash(cli, hostile, profiles, provider):
    profiles(hostile.url)
    for document, path in SLOTS[provider]:
        for label, value in WRONG.items():
            hostile.route = routes({id(document): with_value(document, path, value)})
            what = f"{provider} {'.'.join(map(str, path))} = {label}"
            for output in OUTPUTS:
                placed = cli("order", "create", str(SAMPLES / f"{provider}.yaml"), "--profile", provider, "--again",
                             "--output", output)
                assert_no_crash(placed, output, what)
                if provider in SHOW_ARGS:
                    assert_no_crash(cli(*SHOW_ARGS[provider], "--output", output), output, what)
    assert all(e["state"] in ("created", "unknown", "refused") for e in history(cli))  # never left pending


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("errors", [{"Message": "x"}, 7, True, HUGE])
def test_a_crayon_verify_answer_whose_errors_is_not_a_list_is_an_unreadable_answer(cli, hostile, profiles, output, errors):
    # Reading Errors[] of such an answer raised TypeError (exit 1) before the net in Call.place.
    profiles(hostile.url)
    hostile.route = routes({id(CRAYON): with_value(CRAYON, ("Errors",), errors)})
    res = cli("order", "create", str(SAMPLES / "crayon.yaml"), "--profile", "crayon", "--output", output)
    assert res.code == 5, res.err
    assert "unreadable answer from crayon (HTTP 200)" in res.err and "Traceback" not in res.err
    [entry] = history(cli)
    assert entry["state"] == "unknown"  # an answer came that could not be read: the safe side is "unknown"
    assert not hostile.sent("POST", "/crayon/api/v1/purchaserequest/checkout")
