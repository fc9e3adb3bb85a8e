"""Gestão Plus ERP cancel over real HTTP: DELETE /gestaoplus/order-external/{orderId} (seeds/README:
x-api-key + Origin), and what GET /order/info shows afterwards."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

TIMEOUT = 10
AUTH = {"Authorization": "Bearer sandbox", "Origin": "https://loja.example"}
ERP = {"x-api-key": "sandbox", "Origin": "https://loja.example"}
BOLETO_3X = {"items": [{"id": 483, "quantity": 1}], "type": "V", "negotiationType": 33, "uri": "cliente-42"}


def placed(http, sandbox) -> dict:
    answer = http.post(f"{sandbox.url}/gestaoplus/order", json=BOLETO_3X, headers=AUTH, timeout=TIMEOUT).json()
    return {"id": answer["data"]["id"], "token": answer["publicToken"]}


def info(http, sandbox, token) -> dict:
    return http.get(f"{sandbox.url}/gestaoplus/order/info", params={"t": token}, headers=AUTH, timeout=TIMEOUT).json()["data"]


def cancel(http, sandbox, order_id, headers=ERP):
    return http.delete(f"{sandbox.url}/gestaoplus/order-external/{order_id}", headers=headers, timeout=TIMEOUT)


def test_cancel_marks_the_order_and_its_open_installments_cancelled(http, sandbox):
    order = placed(http, sandbox)
    assert info(http, sandbox, order["token"])["statusPayment"] == "PENDENTE"
    answer = cancel(http, sandbox, order["id"])
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == "Order cancelled" and answer.json()["data"]["id"] == order["id"]
    shown = info(http, sandbox, order["token"])
    assert shown["status"] == 0 and shown["statusPayment"] == "CANCELADO"
    assert {item["status"] for item in shown["financialItems"]} == {"CANCELADO"}


def test_cancelling_again_is_idempotent(http, sandbox):
    order = placed(http, sandbox)
    cancel(http, sandbox, order["id"])
    again = cancel(http, sandbox, order["id"])
    assert again.status_code == 200 and again.json()["detail"] == "Order already cancelled"


@pytest.mark.parametrize(("headers", "status", "detail"), [
    ({"x-api-key": "sandbox"}, 403, "Forbidden (Missing Origin)"),
    ({"Origin": "https://loja.example"}, 401, "Unauthorized (Invalid API key)"),
    ({"Origin": "https://loja.example", "x-api-key": "wrong"}, 401, "Unauthorized (Invalid API key)"),
])
def test_cancel_needs_origin_and_the_api_key(http, sandbox, headers, status, detail):
    order = placed(http, sandbox)
    answer = cancel(http, sandbox, order["id"], headers)
    assert answer.status_code == status and answer.json()["detail"] == detail
    assert info(http, sandbox, order["token"])["statusPayment"] == "PENDENTE"


def test_cancel_of_an_unknown_order_is_404(http, sandbox):
    answer = cancel(http, sandbox, 999999)
    assert answer.status_code == 404 and answer.json()["detail"] == "Order 999999 not found"
