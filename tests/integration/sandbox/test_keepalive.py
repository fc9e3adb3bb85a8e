"""The sandbox keeps HTTP/1.1 connections alive (checkoutctl/sandbox/http_server.py), and faults still
misbehave exactly as documented on a kept-alive connection."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.integration

TIMEOUT = 10
AUTH = {"Authorization": "Bearer sandbox"}
CHECKOUT = json.dumps({"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]})


def connect(sandbox) -> http.client.HTTPConnection:
    parts = urlsplit(sandbox.url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)


def ask(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers={**AUTH, "Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    return response, response.read()


def test_one_connection_serves_several_requests(sandbox):
    conn = connect(sandbox)
    try:
        created, body = ask(conn, "POST", "/pagbank/checkouts", CHECKOUT)
        assert created.status == 201 and created.getheader("Connection") is None
        sock = conn.sock
        checkout_id = json.loads(body)["id"]
        for _ in range(3):
            shown, body = ask(conn, "GET", f"/pagbank/checkouts/{checkout_id}")
            assert shown.status == 200 and json.loads(body)["id"] == checkout_id
            assert int(shown.getheader("Content-Length")) == len(body)
        assert conn.sock is sock  # never reconnected
    finally:
        conn.close()


def test_an_unread_request_body_is_skipped_not_taken_for_the_next_request(sandbox):
    conn = connect(sandbox)
    try:
        refused, _ = ask(conn, "POST", "/pagbank/checkouts", CHECKOUT, {"Authorization": "Bearer wrong"})
        assert refused.status in (401, 403)
        missing, _ = ask(conn, "GET", "/pagbank/checkouts/CHEC_X")
        assert missing.status == 404
    finally:
        conn.close()


def test_truncate_ends_the_short_body_with_eof_at_once(sandbox):
    conn = connect(sandbox)
    try:
        conn.request("POST", "/pagbank/checkouts", body=CHECKOUT,
                     headers={**AUTH, "Content-Type": "application/json", "X-Sandbox-Fault": "truncate"})
        response = conn.getresponse()
        assert response.getheader("Connection") == "close"
        with pytest.raises(http.client.IncompleteRead):
            response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("fault", ["reset", "reset-after-read"])
def test_reset_on_a_kept_alive_connection_drops_it(sandbox, fault):
    conn = connect(sandbox)
    try:
        first, _ = ask(conn, "GET", "/pagbank/checkouts/CHEC_X")
        assert first.status == 404
        with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
            ask(conn, "POST", "/pagbank/checkouts", CHECKOUT, {"X-Sandbox-Fault": fault})
    finally:
        conn.close()


def test_connection_close_from_the_client_is_honoured(sandbox):
    conn = connect(sandbox)
    try:
        response, _ = ask(conn, "GET", "/pagbank/checkouts/CHEC_X", headers={"Connection": "close"})
        assert response.status == 404 and response.getheader("Connection") == "close"
    finally:
        conn.close()


def test_a_204_has_no_body_and_keeps_the_connection(sandbox):
    conn = connect(sandbox)
    try:
        cleared, body = ask(conn, "DELETE", "/_sandbox/requests")
        assert cleared.status == 204 and body == b"" and cleared.getheader("Content-Length") is None
        health, _ = ask(conn, "GET", "/_sandbox/health")
        assert health.status == 200
    finally:
        conn.close()


def test_a_stopped_sandbox_answers_nothing_more_on_a_kept_alive_connection(sandbox):
    conn = connect(sandbox)
    try:
        first, _ = ask(conn, "GET", "/_sandbox/health")
        assert first.status == 200
        sandbox.stop()
        with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
            ask(conn, "GET", "/_sandbox/health")
    finally:
        conn.close()
