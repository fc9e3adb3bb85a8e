"""PagBank Checkout in the sandbox over real HTTP: seed 004 object, statuses, errors, idempotency, concurrency."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
import requests

TIMEOUT = 10
AUTH = {"Authorization": "Bearer sandbox"}
CHECKOUT = {
    "reference_id": "pedido-001",
    "items": [{"name": "Camiseta", "quantity": 2, "unit_amount": 4990}],
    "payment_methods": [{"type": "credit_card", "brands": ["visa"]}, {"type": "PIX"}],
}


def create(http, sandbox, body=None, headers=None):
    return http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT if body is None else body,
                     headers={**AUTH, **(headers or {})}, timeout=TIMEOUT)


def get(http, sandbox, checkout_id, headers=AUTH):
    return http.get(f"{sandbox.url}/pagbank/checkouts/{checkout_id}", headers=headers, timeout=TIMEOUT)


def links(document) -> dict:
    return {link["rel"]: (link["method"], link["href"]) for link in document["links"]}


def test_create_answers_201_with_the_stored_checkout(http, sandbox):
    response = create(http, sandbox)
    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"CHEC_[0-9A-F]{32}", body["id"])
    assert body["status"] == "ACTIVE" and body["reference_id"] == "pedido-001"
    assert body["items"] == CHECKOUT["items"]
    assert body["payment_methods"] == [{"type": "CREDIT_CARD", "brands": ["VISA"]}, {"type": "PIX"}]
    assert body["customer_modifiable"] is True
    created = datetime.fromisoformat(body["created_at"])
    expires = datetime.fromisoformat(body["expiration_date"])
    assert created.utcoffset() is not None
    assert abs((expires - created) - timedelta(hours=2)) < timedelta(seconds=1)  # seed 004: now + 2 h
    assert links(body) == {
        "SELF": ("GET", f"{sandbox.url}/pagbank/checkouts/{body['id']}"),
        "PAY": ("GET", f"{sandbox.url}/pagbank/pay/{body['id']}"),
        "INACTIVATE": ("POST", f"{sandbox.url}/pagbank/checkouts/{body['id']}/inactivate"),
    }
    assert get(http, sandbox, body["id"]).json() == body


def test_pay_link_is_a_page(http, sandbox):
    body = create(http, sandbox).json()
    page = http.get(links(body)["PAY"][1], timeout=TIMEOUT)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "R$ 99.80" in page.text


def test_inactivate_then_activate(http, sandbox):
    checkout_id = create(http, sandbox).json()["id"]
    inactive = http.post(f"{sandbox.url}/pagbank/checkouts/{checkout_id}/inactivate", headers=AUTH, timeout=TIMEOUT)
    assert inactive.status_code == 200 and inactive.json()["status"] == "INACTIVE"
    assert set(links(inactive.json())) == {"SELF", "PAY", "ACTIVATE"}
    assert get(http, sandbox, checkout_id).json()["status"] == "INACTIVE"
    again = http.post(f"{sandbox.url}/pagbank/checkouts/{checkout_id}/inactivate", headers=AUTH, timeout=TIMEOUT)
    assert again.status_code == 400 and again.json()["error_messages"][0]["parameter_name"] == "status"
    active = http.post(f"{sandbox.url}/pagbank/checkouts/{checkout_id}/activate", headers=AUTH, timeout=TIMEOUT)
    assert active.status_code == 200 and active.json()["status"] == "ACTIVE"
    assert get(http, sandbox, checkout_id).json()["status"] == "ACTIVE"


def test_an_expired_checkout_reads_expired_and_cannot_be_activated(http, sandbox):
    soon = (datetime.now(timezone.utc) + timedelta(seconds=1.5)).isoformat(timespec="milliseconds")
    checkout_id = create(http, sandbox, {**CHECKOUT, "expiration_date": soon}).json()["id"]
    assert http.post(f"{sandbox.url}/pagbank/checkouts/{checkout_id}/inactivate", headers=AUTH,
                     timeout=TIMEOUT).status_code == 200
    deadline = time.monotonic() + 5
    while get(http, sandbox, checkout_id).json()["status"] != "EXPIRED" and time.monotonic() < deadline:
        time.sleep(0.2)
    expired = get(http, sandbox, checkout_id).json()
    assert expired["status"] == "EXPIRED" and set(links(expired)) == {"SELF"}
    refused = http.post(f"{sandbox.url}/pagbank/checkouts/{checkout_id}/activate", headers=AUTH, timeout=TIMEOUT)
    assert refused.status_code == 400
    assert refused.json()["error_messages"][0]["error"] == "invalid_value"


def test_unknown_checkout_is_404_error_messages(http, sandbox):
    response = get(http, sandbox, "CHEC_" + "0" * 32)
    assert response.status_code == 404
    assert response.json() == {"error_messages": [{"error": "not_found", "description": f"Checkout CHEC_{'0' * 32} not found",
                                                   "parameter_name": "id"}]}
    assert http.post(f"{sandbox.url}/pagbank/checkouts/CHEC_X/activate", headers=AUTH, timeout=TIMEOUT).status_code == 404


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic c2FuZGJveA=="}])
def test_without_a_valid_bearer_it_is_401(http, sandbox, headers):
    for response in (http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT, headers=headers, timeout=TIMEOUT),
                     get(http, sandbox, "CHEC_X", headers=headers)):
        assert response.status_code == 401
        assert response.json()["error_messages"][0]["error"] == "invalid_authorization_header"


def test_non_json_body_is_invalid_request_body(http, sandbox):
    response = http.post(f"{sandbox.url}/pagbank/checkouts", data=b"<xml/>", headers=AUTH, timeout=TIMEOUT)
    assert response.status_code == 400
    assert response.json()["error_messages"][0]["error"] == "invalid_request_body"
    listed = http.post(f"{sandbox.url}/pagbank/checkouts", json=[CHECKOUT], headers=AUTH, timeout=TIMEOUT)
    assert listed.status_code == 400


def test_validation_issues_map_to_pagbank_errors(http, sandbox):
    body = {"items": [{"name": "Camiseta", "quantity": 0}], "customer": {"tax_id": "123"}}
    response = create(http, sandbox, body)
    assert response.status_code == 400
    found = {(e["error"], e["parameter_name"]) for e in response.json()["error_messages"]}
    assert ("invalid_value", "items[0].quantity") in found
    assert ("field_cannot_be_empty", "items[0].unit_amount") in found
    assert ("invalid_value", "customer.tax_id") in found
    assert all(set(e) == {"error", "description", "parameter_name"} for e in response.json()["error_messages"])


def test_same_key_same_body_replays_the_first_answer(http, sandbox):
    first = create(http, sandbox, headers={"x-idempotency-key": "k-1"})
    second = create(http, sandbox, headers={"x-idempotency-key": "k-1"})
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["x-idempotency-replayed"] == "true"
    other = create(http, sandbox, headers={"x-idempotency-key": "k-2"})
    assert other.json()["id"] != first.json()["id"]


def test_same_key_other_body_is_refused(http, sandbox):
    assert create(http, sandbox, headers={"x-idempotency-key": "k-1"}).status_code == 201
    response = create(http, sandbox, {**CHECKOUT, "reference_id": "pedido-002"}, headers={"x-idempotency-key": "k-1"})
    assert response.status_code == 409
    assert response.json()["error_messages"][0]["error"] == "idempotency_key_conflict"


def _count_checkouts(sandbox) -> int:
    from checkoutctl.sandbox_server import open_store

    store = open_store(sandbox.home)
    try:
        return store.connect().execute("SELECT COUNT(*) FROM pagbank_checkouts").fetchone()[0]
    finally:
        store.close()


def _post_in_own_session(url: str, body: dict, headers: dict) -> requests.Response:
    with requests.Session() as session:
        session.trust_env = False
        return session.post(url, json=body, headers={**AUTH, **headers}, timeout=30)


def test_concurrent_duplicates_with_one_key_create_one_checkout(sandbox):
    url = f"{sandbox.url}/pagbank/checkouts"
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: _post_in_own_session(url, CHECKOUT, {"x-idempotency-key": "same"}), range(20)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert _count_checkouts(sandbox) == 1


def test_fifty_concurrent_clients_lose_no_checkout(sandbox):
    url = f"{sandbox.url}/pagbank/checkouts"

    def place(number: int) -> requests.Response:
        return _post_in_own_session(url, {**CHECKOUT, "reference_id": f"pedido-{number}"}, {})

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(place, range(50)))
    assert [a.status_code for a in answers] == [201] * 50
    assert len({a.json()["id"] for a in answers}) == 50
    assert _count_checkouts(sandbox) == 50
