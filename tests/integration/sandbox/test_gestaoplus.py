"""Gestão Plus in the sandbox over real HTTP: seeds 000 and 001 shapes, errors, oauth, files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from checkoutctl.providers.gestaoplus import catalogue as cat

TIMEOUT = 10
PROBLEM_TYPE = "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"
AUTH = {"Authorization": "Bearer sandbox", "Origin": "https://loja.example"}
SEED_001 = json.loads((Path(__file__).parent / "seed_001_order_info.json").read_text(encoding="utf-8"))


def order(**overrides) -> dict:
    body = {"items": [{"id": 483, "quantity": 1}], "type": "V", "negotiationType": 22, "uri": "cliente-42"}
    body.update(overrides)
    return body


def create(http, sandbox, body=None, headers=AUTH):
    return http.post(f"{sandbox.url}/gestaoplus/order", json=order() if body is None else body, headers=headers,
                     timeout=TIMEOUT)


def info(http, sandbox, token, origin="https://loja.example"):
    headers = {"Origin": origin} if origin else {}
    return http.get(f"{sandbox.url}/gestaoplus/order/info", params={"t": token}, headers=headers, timeout=TIMEOUT)


def shape(node):
    """The key structure of a JSON document: dict keys (in order) and, for lists, the first element's shape."""
    if isinstance(node, dict):
        return [(key, shape(value)) for key, value in node.items()]
    if isinstance(node, list):
        return [shape(node[0])] if node else []
    return None


def test_created_order_answers_seeds_readme_shape(http, sandbox):
    response = create(http, sandbox)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert list(body) == ["data", "publicToken", "type", "title", "status", "detail"]
    assert body["status"] == 200 and body["detail"] == "Order created" and body["type"] == PROBLEM_TYPE
    assert isinstance(body["data"]["id"], int)
    assert len(body["data"]["orderCode"]) == 10 and body["data"]["orderCode"].isdigit()
    assert body["publicToken"]


def test_order_info_has_exactly_seed_001_structure(http, sandbox):
    token = create(http, sandbox).json()["publicToken"]
    response = info(http, sandbox, token)
    assert response.status_code == 200
    document = response.json()
    assert shape(document) == shape(SEED_001)
    data = document["data"]
    assert (document["title"], document["status"], document["detail"]) == ("Unknown", 200, "ok")
    assert data["orderTotal"] == 150 and data["statusPayment"] == "CONCLUIDO"
    assert data["orderItems"][0]["description"] == "CERTIFICADO PJ A1"
    assert data["orderItems"][0]["image"]["name"] == "cert_soluti_a1_4_7.png"
    assert data["negotiationType"] == SEED_001["data"]["negotiationType"]  # type 22 is seed 001's, verbatim
    assert data["date"]["timezone_type"] == 3 and data["date"]["timezone"] == "UTC"
    installments = data["financialItems"]
    assert [i["amount"] for i in installments] == [75, 75]
    assert [(i["status"], i["amountPaid"]) for i in installments] == [("LIQUIDADO", 75), ("LIQUIDADO", 75)]
    assert data["attachmentItems"][0]["typeDescription"] == "Boleto"


def test_user_is_the_same_for_the_same_uri(http, sandbox):
    first = info(http, sandbox, create(http, sandbox).json()["publicToken"]).json()["data"]["user"]
    second = info(http, sandbox, create(http, sandbox).json()["publicToken"]).json()["data"]["user"]
    other = info(http, sandbox, create(http, sandbox, order(uri="someone-else")).json()["publicToken"]).json()
    assert first == second
    assert other["data"]["user"] != first


@pytest.mark.parametrize("items, negotiation, total", [
    ([{"id": 485, "quantity": 1}], 33, Decimal("289.90")),
    ([{"id": 490, "quantity": 1}], 33, Decimal("33.33")),
    ([{"id": 484, "quantity": 3}, {"id": 490, "quantity": 2}], 7, Decimal("426.66")),
])
def test_boleto_installments_add_up_and_are_open(http, sandbox, items, negotiation, total):
    token = create(http, sandbox, order(items=items, negotiationType=negotiation)).json()["publicToken"]
    data = info(http, sandbox, token).json()["data"]
    amounts = [Decimal(str(i["amount"])) for i in data["financialItems"]]
    assert sum(amounts) == total == Decimal(str(data["orderTotal"]))
    assert len(amounts) == len(cat.NEGOTIATION_TYPES[negotiation].plan)
    assert data["statusPayment"] == "PENDENTE"
    assert all(i["status"] == "ABERTO" and i["amountPaid"] == 0 and i["type"] == "BOLETO" for i in data["financialItems"])
    assert len(data["attachmentItems"]) == len(amounts)


def test_boleto_link_serves_a_pdf_and_image_link_a_png(http, sandbox):
    token = create(http, sandbox, order(negotiationType=7)).json()["publicToken"]
    data = info(http, sandbox, token).json()["data"]
    pdf = http.get(data["attachmentItems"][0]["href"], timeout=TIMEOUT)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF")
    assert data["code"].encode() in pdf.content
    png = http.get(data["orderItems"][0]["image"]["href"], timeout=TIMEOUT)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    missing = http.get(f"{sandbox.url}/gestaoplus/file", params={"q": "bm9wZQ=="}, timeout=TIMEOUT)
    assert missing.status_code == 404 and missing.json()["status"] == 404


def test_unknown_token_is_seed_001_forbidden(http, sandbox):
    response = info(http, sandbox, "not-a-token")
    assert response.status_code == 403
    assert response.json() == {"type": PROBLEM_TYPE, "title": "Forbidden", "status": 403,
                               "detail": "Forbidden (Invalid token)"}
    assert info(http, sandbox, "").status_code == 403


@pytest.mark.parametrize("headers, status, detail", [
    ({"Authorization": "Bearer sandbox"}, 403, "Forbidden (Missing Origin)"),
    ({"Origin": "https://loja.example"}, 401, "Unauthorized (Invalid token)"),
    ({"Origin": "https://loja.example", "Authorization": "Bearer wrong"}, 401, "Unauthorized (Invalid token)"),
])
def test_origin_and_bearer_are_required(http, sandbox, headers, status, detail):
    response = create(http, sandbox, headers=headers)
    assert response.status_code == status
    assert response.json() == {"type": PROBLEM_TYPE, "title": response.json()["title"], "status": status, "detail": detail}


def test_order_info_needs_origin(http, sandbox):
    token = create(http, sandbox).json()["publicToken"]
    assert info(http, sandbox, token, origin=None).status_code == 403


@pytest.mark.parametrize("body, detail", [
    (order(negotiationType=999), "Invalid negotiation type for this scope"),  # seed 000, verbatim
    (order(items=[{"id": 999999, "quantity": 1}]), "Product 999999 not found"),
    (order(type="X"), 'type: must be one of V, R (got "X")'),
])
def test_bad_bodies_are_400_problem_documents(http, sandbox, body, detail):
    response = create(http, sandbox, body)
    assert response.status_code == 400
    assert response.json() == {"type": PROBLEM_TYPE, "title": "Bad Request", "status": 400, "detail": detail}


def test_every_validation_issue_is_reported(http, sandbox):
    response = create(http, sandbox, {"items": [{"id": 0, "quantity": 0}]})
    detail = response.json()["detail"]
    assert response.status_code == 400
    # A missing field is named by its own path (CONTRACT §2): "type: missing required field".
    for part in ("items[0].id", "items[0].quantity", "type: missing", "negotiationType: missing", "uri: missing"):
        assert part in detail


def test_non_json_body_is_400(http, sandbox):
    response = http.post(f"{sandbox.url}/gestaoplus/order", data=b"{nope", headers=AUTH, timeout=TIMEOUT)
    assert response.status_code == 400 and response.json()["detail"] == "Invalid JSON body"


def test_oauth_password_grant_issues_a_token_that_works(http, sandbox):
    grant = {"grant_type": "password", "client_id": "app", "client_secret": None, "username": "ana", "password": "sandbox"}
    response = http.post(f"{sandbox.url}/gestaoplus/oauth", json=grant, timeout=TIMEOUT)
    assert response.status_code == 200
    token = response.json()
    assert set(token) == {"access_token", "expires_in", "token_type", "refresh_token"}
    assert token["expires_in"] == "43200" and token["token_type"] == "Bearer"
    headers = {"Authorization": f"Bearer {token['access_token']}", "Origin": "https://loja.example"}
    assert create(http, sandbox, headers=headers).status_code == 200


@pytest.mark.parametrize("change, title", [
    ({"password": "wrong"}, "invalid_grant"),
    ({"grant_type": "client_credentials"}, "invalid_grant"),
    ({"client_id": "other"}, "invalid_client"),
])
def test_oauth_refuses_bad_grants(http, sandbox, change, title):
    grant = {"grant_type": "password", "client_id": "app", "client_secret": None, "username": "ana", "password": "sandbox"}
    response = http.post(f"{sandbox.url}/gestaoplus/oauth", json={**grant, **change}, timeout=TIMEOUT)
    assert response.status_code == 401
    assert response.json()["title"] == title and response.json()["type"] == PROBLEM_TYPE


def test_unknown_route_and_method_answer_problem_documents(http, sandbox):
    missing = http.get(f"{sandbox.url}/gestaoplus/nothing-here", timeout=TIMEOUT)
    assert missing.status_code == 404 and missing.json()["type"] == PROBLEM_TYPE
    wrong = http.delete(f"{sandbox.url}/gestaoplus/order", timeout=TIMEOUT)
    assert wrong.status_code == 405 and "POST" in wrong.headers["Allow"] and wrong.json()["status"] == 405


def test_no_issued_token_starts_with_a_dash(http, sandbox, monkeypatch):
    # A token is typed as an argument (`sandbox trigger EVENT TOKEN`, `order show --token`); a leading
    # "-" reads as an option. token_urlsafe starts one in 64 that way: 400 orders and 200 logins would
    # all but surely have met one (1 - (63/64)**600 > 99.99%).
    tokens = [create(http, sandbox).json()["publicToken"] for _ in range(400)]
    password = {"grant_type": "password", "client_id": "app", "client_secret": None, "username": "loja@example.com",
                "password": "sandbox"}
    for _ in range(200):
        grant = http.post(f"{sandbox.url}/gestaoplus/oauth", json=password, timeout=TIMEOUT)
        assert grant.status_code == 200, grant.text
        tokens += [grant.json()["refresh_token"], grant.json()["access_token"]]
    assert len(set(tokens)) == len(tokens) == 800
    assert not [t for t in tokens if t.startswith("-")]
    import re

    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)  # still URL-safe text
