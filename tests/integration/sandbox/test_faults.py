"""Misbehaviour on request (checkoutctl/sandbox/faults.py) over real HTTP, and the request log."""

from __future__ import annotations

import time

import pytest
import requests

from checkoutctl.sandbox_server import open_store, start_in_thread

TIMEOUT = 10
AUTH = {"Authorization": "Bearer sandbox"}
CHECKOUT = {"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}


def fault_post(http, sandbox, fault: str, body=CHECKOUT, timeout=TIMEOUT):
    return http.post(f"{sandbox.url}/pagbank/checkouts", json=body, headers={**AUTH, "X-Sandbox-Fault": fault},
                     timeout=timeout)


def count_checkouts(home) -> int:
    store = open_store(home)
    try:
        return store.connect().execute("SELECT COUNT(*) FROM pagbank_checkouts").fetchone()[0]
    finally:
        store.close()


def request_log(http, sandbox, **filters):
    return http.get(f"{sandbox.url}/_sandbox/requests", params=filters, timeout=TIMEOUT).json()


def test_delay_waits_then_answers(http, sandbox):
    started = time.monotonic()
    assert fault_post(http, sandbox, "delay=0.6").status_code == 201
    assert time.monotonic() - started >= 0.6


def test_delay_longer_than_the_client_timeout_is_a_read_timeout(http, sandbox):
    with pytest.raises(requests.ReadTimeout):
        http.get(f"{sandbox.url}/pagbank/checkouts/CHEC_X", headers={**AUTH, "X-Sandbox-Fault": "delay=2"},
                 timeout=(TIMEOUT, 0.3))


def test_status_uses_the_providers_error_format_and_does_nothing(http, sandbox):
    response = fault_post(http, sandbox, "status=503")
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert response.json()["error_messages"][0]["error"] == "service_unavailable"
    assert count_checkouts(sandbox.home) == 0
    gestao = http.get(f"{sandbox.url}/gestaoplus/order/info?t=x", headers={"X-Sandbox-Fault": "status=500"},
                      timeout=TIMEOUT)
    assert gestao.status_code == 500
    assert gestao.json() == {"trace": [], "type": "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
                             "title": "Internal Server Error", "status": 500,
                             "detail": "Sandbox fault: Internal Server Error"}


def test_429_carries_the_retry_after_asked_for(http, sandbox):
    response = fault_post(http, sandbox, "status=429; retry-after=7")
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"


def test_reset_drops_the_connection_before_anything_is_done(http, sandbox):
    with pytest.raises(requests.ConnectionError):
        fault_post(http, sandbox, "reset")
    assert count_checkouts(sandbox.home) == 0
    assert [(r["method"], r["status"]) for r in request_log(http, sandbox)] == [("POST", None)]


def test_reset_after_read_creates_the_order_but_never_answers(http, sandbox):
    with pytest.raises(requests.ConnectionError):
        fault_post(http, sandbox, "reset-after-read")
    assert count_checkouts(sandbox.home) == 1  # the unknown-outcome case: it happened


def test_truncate_is_an_incomplete_read(http, sandbox):
    with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
        fault_post(http, sandbox, "truncate")


def test_non_json_is_a_200_text_body(http, sandbox):
    response = fault_post(http, sandbox, "non-json")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize("fault, status", [("html", 502), ("html;status=403", 403)])
def test_html_is_a_gateway_page(http, sandbox, fault, status):
    response = fault_post(http, sandbox, fault)
    assert response.status_code == status and response.headers["Content-Type"].startswith("text/html")
    assert f"<h1>{status} " in response.text


@pytest.mark.parametrize("fault", ["bogus", "delay=31", "status=700", "reset=1", "delay", ""])
def test_an_invalid_fault_is_a_loud_400(http, sandbox, fault):
    response = fault_post(http, sandbox, fault)
    assert response.status_code == 400 and response.json()["error"] == "invalid_sandbox_fault"


def test_queued_fault_is_consumed_exactly_times_times(http, sandbox):
    armed = http.post(f"{sandbox.url}/_sandbox/faults", timeout=TIMEOUT,
                      json={"method": "POST", "path": "/pagbank/checkouts", "fault": "status=503", "times": 2})
    assert armed.status_code == 201
    assert [f["times"] for f in http.get(f"{sandbox.url}/_sandbox/faults", timeout=TIMEOUT).json()] == [2]
    # a GET does not match a POST fault
    assert http.get(f"{sandbox.url}/pagbank/checkouts/CHEC_X", headers=AUTH, timeout=TIMEOUT).status_code == 404
    statuses = [http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT, headers=AUTH, timeout=TIMEOUT).status_code
                for _ in range(4)]
    assert statuses == [503, 503, 201, 201]
    assert http.get(f"{sandbox.url}/_sandbox/faults", timeout=TIMEOUT).json() == []


def test_queued_faults_match_wildcards_and_can_be_cleared(http, sandbox):
    for fault in ("status=500", "status=502"):
        http.post(f"{sandbox.url}/_sandbox/faults", json={"method": "*", "path": "/gestaoplus/*", "fault": fault,
                                                           "times": 5}, timeout=TIMEOUT)
    assert http.get(f"{sandbox.url}/gestaoplus/order/info", timeout=TIMEOUT).status_code == 500  # oldest first
    assert http.delete(f"{sandbox.url}/_sandbox/faults", timeout=TIMEOUT).json() == {"cleared": 2}
    assert http.get(f"{sandbox.url}/gestaoplus/order/info", timeout=TIMEOUT).status_code == 403


@pytest.mark.parametrize("body", [{"path": "/x"}, {"path": "x", "fault": "reset"}, {"path": "/x", "fault": "nope"},
                                  {"path": "/x", "fault": "reset", "times": 0}, {"path": "/x", "fault": "reset", "times": "2"}])
def test_arming_a_bad_fault_is_400(http, sandbox, body):
    response = http.post(f"{sandbox.url}/_sandbox/faults", json=body, timeout=TIMEOUT)
    assert response.status_code == 400 and response.json()["error"] == "invalid_sandbox_fault"


def test_a_fault_armed_by_the_cli_reaches_a_running_sandbox(cli, http, _isolated_env):
    with start_in_thread(_isolated_env) as sandbox:  # the CLI writes the CHECKOUTCTL_HOME database
        result = cli("sandbox", "fault", "add", "--method", "POST", "--path", "/pagbank/checkouts",
                     "--fault", "status=503", "--times", "2")
        assert result.code == 0, result.err
        listed = cli("sandbox", "fault", "list", "--output", "json")
        assert [(f["method"], f["path"], f["fault"], f["times"]) for f in listed.json()] == [
            ("POST", "/pagbank/checkouts", "status=503", 2)]
        statuses = [http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT, headers=AUTH, timeout=TIMEOUT).status_code
                    for _ in range(3)]
        assert statuses == [503, 503, 201]
        cli("sandbox", "fault", "add", "--path", "/x", "--fault", "reset")
        assert cli("sandbox", "fault", "clear").code == 0
        assert cli("sandbox", "fault", "list", "--output", "json").json() == []


def test_the_cli_refuses_a_bad_fault(cli):
    result = cli("sandbox", "fault", "add", "--path", "/x", "--fault", "status=99")
    assert result.code == 2 and "status must be" in result.err


def test_request_log_counts_exactly_what_was_sent(http, sandbox):
    fault_post(http, sandbox, "status=503")
    http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT, headers={**AUTH, "x-idempotency-key": "k"}, timeout=TIMEOUT)
    http.get(f"{sandbox.url}/gestaoplus/order/info?t=x", timeout=TIMEOUT)
    log = request_log(http, sandbox)
    assert [(r["method"], r["path"], r["idempotency_key"], r["status"]) for r in log] == [
        ("POST", "/pagbank/checkouts", None, 503),
        ("POST", "/pagbank/checkouts", "k", 201),
        ("GET", "/gestaoplus/order/info", None, 403),
    ]
    assert len(request_log(http, sandbox, method="POST", path="/pagbank/checkouts")) == 2
    assert http.delete(f"{sandbox.url}/_sandbox/requests", timeout=TIMEOUT).status_code == 204
    assert request_log(http, sandbox) == []


def test_request_log_is_bounded(sandbox, monkeypatch):
    from checkoutctl.sandbox import request_log as log

    monkeypatch.setattr(log, "KEEP_ROWS", 50)
    monkeypatch.setattr(log, "PRUNE_EVERY", 10)
    for number in range(200):
        log.record(sandbox.app.store, "GET", f"/x/{number}", None, 200)
    kept = log.entries(sandbox.app.store)
    assert 50 <= len(kept) <= 60 and kept[-1]["path"] == "/x/199"
