"""The transports against a deliberately misbehaving server on 127.0.0.1 (one behaviour per path).

Every test runs through both transports, the loopback one (http.client, what the router picks for
127.0.0.1) and requests (what real providers are reached by), with the same assertions. Every test
counts the requests the server really received: retries are asserted, not assumed.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from checkoutctl.errors import EXIT_FAILURE, EXIT_REFUSED, EXIT_USAGE, ProviderFailure, ProviderRefused, UsageError
from checkoutctl.providers.error_answers import raise_for_status
from checkoutctl.http.client import Client
from checkoutctl.http.message import HttpRequest
from checkoutctl.http.policy import RetryPolicy, Timeout
from checkoutctl.http.loopback import LoopbackTransport
from checkoutctl.http.transport import RequestsTransport

pytestmark = pytest.mark.integration

CANARY = "canary-SECRET-7f3a9c"
AUTH = {"Authorization": f"Bearer {CANARY}"}


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is exercised

    def log_message(self, *args) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0]
        server = self.server
        with server.lock:
            server.calls.setdefault(path, []).append({"method": self.command, "body": body,
                                                      "headers": dict(self.headers.items())})
            count = len(server.calls[path])
        getattr(self, "route_" + path.strip("/").replace("-", "_"))(count, body)

    def _send(self, status: int, body: bytes | str | dict, content_type: str = "application/json",
              headers: dict | None = None) -> None:
        if isinstance(body, dict):
            body = json.dumps(body)
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def route_ok(self, count, body):
        self._send(200, {"ok": True, "amount": 49.90})

    def route_flaky(self, count, body):  # 503 twice, then 200
        if count <= 2:
            self._send(503, {"error": "Service Unavailable", "status": 503, "detail": "busy"})
        else:
            self._send(200, {"ok": True, "count": count})

    def route_rate_limited(self, count, body):
        if count == 1:
            self._send(429, {"message": "slow down"}, headers={"Retry-After": "2"})
        else:
            self._send(200, {"ok": True})

    def route_rate_limited_long(self, count, body):
        if count == 1:
            self._send(429, {"message": "slow down"}, headers={"Retry-After": "3600"})
        else:
            self._send(200, {"ok": True})

    def route_always_500(self, count, body):
        self._send(500, {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                         "detail": "database unavailable", "trace": [{"file": "/srv/app.php"}]})

    def route_always_503(self, count, body):
        self._send(503, {"message": "maintenance"})

    def route_reset_after_read(self, count, body):
        # The body was read (the order may exist), then the connection drops without an answer.
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.connection.close()

    def route_idempotent(self, count, body):  # 503 twice, then 201: the client must resend the same
        if count <= 2:
            self._send(503, {"message": "try again"})
        else:
            self._send(201, {"id": "CHEC_1"})

    def route_slow(self, count, body):
        time.sleep(1.0)
        try:
            self._send(200, {"ok": True})
        except OSError:
            pass

    def route_redirect(self, count, body):
        self._send(302, "", headers={"Location": "https://elsewhere.example/checkouts"})

    def route_html_403(self, count, body):
        self._send(403, "<html><head><title>Access Denied</title></head><body><h1>Forbidden</h1>"
                        "<script>alert(1)</script></body></html>", "text/html; charset=utf-8")

    def route_truncated(self, count, body):  # no Content-Length: the body ends where the connection does
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b'{"id": "CHEC_1", "items": [{"na')

    def route_short_body(self, count, body):  # a Content-Length that promises more than is sent
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "400")
        self.end_headers()
        self.wfile.write(b'{"id": "CHEC_1", "it')

    def route_pagbank_400(self, count, body):
        self._send(400, {"error_messages": [
            {"error": "invalid_value", "description": "must be a valid CPF or CNPJ", "parameter_name": "customer.tax_id"},
            {"error": "field_cannot_be_empty", "description": "must not be empty", "parameter_name": "items[0].name"}]})

    def route_gestaoplus_400(self, count, body):
        self._send(400, {"type": "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html", "title": "Bad Request",
                         "status": 400, "detail": "Invalid negotiation type for this scope"})

    def route_crayon_400(self, count, body):
        self._send(400, {"ErrorCode": "BadRequest", "Message": "The order is not valid",
                         "Parameters": {"ResellerCustomerId": "0"}, "ObjectErrors": ["CountryCode is required"]})

    def route_echo_401(self, count, body):  # a careless server that echoes the credentials back
        self._send(401, {"message": f"token {self.headers.get('Authorization')} is not valid"})


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.lock = threading.Lock()
        self.calls: dict[str, list[dict]] = {}

    def handle_error(self, request, client_address) -> None:  # a client that gave up is not a failure
        pass

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def count(self, path: str) -> int:
        with self.lock:
            return len(self.calls.get(path, []))


@pytest.fixture
def server():
    running = FaultServer()
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()
        thread.join(timeout=5)


class Recorder:
    """Stands in for time.sleep and on_retry: records the waits, never sleeps."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.retries: list[tuple[int, float, str]] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def on_retry(self, attempt: int, wait: float, reason: str) -> None:
        self.retries.append((attempt, wait, reason))


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture(params=[LoopbackTransport, RequestsTransport], ids=["loopback", "requests"])
def transport(request, rec):
    """A Client over the transport under test: transport(rec, read_timeout=..., **retry policy)."""

    def make(rec: Recorder, *, read_timeout: float = 30.0, **retry) -> Client:
        return Client(request.param(), timeout=Timeout(total=read_timeout), retry=RetryPolicy(**retry),
                      sleep=rec.sleep, on_retry=rec.on_retry)

    return make


def _all_text(err: BaseException) -> str:
    return " ".join(str(x) for x in (err, repr(err), getattr(err, "message", ""), getattr(err, "hint", ""),
                                     getattr(err, "provider_message", "")))


def test_get_is_retried_on_503_then_succeeds(server, rec, transport):
    with transport(rec) as t:
        response = t.send(HttpRequest("GET", server.url("/flaky"), AUTH))
    assert response.status == 200
    assert response.json() == {"ok": True, "count": 3}
    assert server.count("/flaky") == 3
    assert [r[0] for r in rec.retries] == [1, 2]
    assert all(r[2] == "HTTP 503" for r in rec.retries)
    assert len(rec.waits) == 2 and all(0 < w <= 30 for w in rec.waits)


def test_get_gives_up_after_max_attempts_and_returns_the_last_answer(server, rec, transport):
    with transport(rec, max_attempts=3) as t:
        response = t.send(HttpRequest("GET", server.url("/always-503"), {}))
    assert response.status == 503
    assert server.count("/always-503") == 3
    with pytest.raises(ProviderFailure) as caught:
        raise_for_status(response, "pagbank")
    assert caught.value.exit_code == EXIT_FAILURE
    assert "maintenance" in caught.value.message


def test_429_retry_after_is_honoured(server, rec, transport):
    with transport(rec) as t:
        assert t.send(HttpRequest("GET", server.url("/rate-limited"), {})).status == 200
    assert server.count("/rate-limited") == 2
    assert rec.waits == [2.0]
    assert rec.retries == [(1, 2.0, "HTTP 429")]


def test_retry_after_beyond_max_wait_is_not_waited_for_and_the_error_says_so(server, rec, transport):
    # Issue 9 §2: Retry-After is honoured up to a stated cap; beyond it the client gives up, clearly
    # (it used to wait the cap and retry early, against the server's wish).
    with transport(rec, max_wait=7.0) as t:
        response = t.send(HttpRequest("GET", server.url("/rate-limited-long"), {}))
    assert response.status == 429 and rec.waits == [] and server.count("/rate-limited-long") == 1
    with pytest.raises(ProviderRefused) as caught:
        raise_for_status(response, "pagbank")
    assert "asked to wait 3600s" in caught.value.message and "(7s)" in caught.value.message


def test_post_on_500_is_sent_once(server, rec, transport):
    with transport(rec) as t:
        response = t.send(HttpRequest("POST", server.url("/always-500"), AUTH, json={"a": 1}))
    assert response.status == 500
    assert server.count("/always-500") == 1
    assert rec.retries == []
    with pytest.raises(ProviderFailure) as caught:
        raise_for_status(response, "gestaoplus")
    assert "database unavailable" in caught.value.message
    assert "/srv/app.php" not in caught.value.message  # trace[] is not shown
    assert caught.value.outcome_unknown


def test_post_reset_after_read_is_not_repeated_and_outcome_is_unknown(server, rec, transport):
    with transport(rec) as t, pytest.raises(ProviderFailure) as caught:
        t.send(HttpRequest("POST", server.url("/reset-after-read"), AUTH, json={"order": 1}))
    assert server.count("/reset-after-read") == 1
    assert rec.retries == []
    err = caught.value
    assert err.exit_code == EXIT_FAILURE
    assert err.sent is True and err.outcome_unknown is True
    assert "outcome is unknown" in err.message
    assert CANARY not in _all_text(err)


def test_idempotent_post_is_retried_with_the_same_body_and_headers(server, rec, transport):
    headers = {**AUTH, "x-idempotency-key": "key-123", "Content-Type": "application/json"}
    with transport(rec) as t:
        response = t.send(HttpRequest("POST", server.url("/idempotent"), headers, json={"reference_id": "p-1"}),
                          idempotent=True)
    assert response.status == 201
    calls = server.calls["/idempotent"]
    assert len(calls) == 3
    assert {c["body"] for c in calls} == {b'{"reference_id":"p-1"}'}
    assert {c["headers"]["x-idempotency-key"] for c in calls} == {"key-123"}
    assert {c["headers"]["Authorization"] for c in calls} == {f"Bearer {CANARY}"}


def test_connection_refused_post_is_retried_because_it_was_never_sent(rec, transport):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with transport(rec, max_attempts=3) as t, pytest.raises(ProviderFailure) as caught:
        t.send(HttpRequest("POST", f"http://127.0.0.1:{port}/checkouts", AUTH, json={"a": 1}))
    assert len(rec.retries) == 2  # three attempts in all
    assert caught.value.sent is False and caught.value.outcome_unknown is False
    assert "nothing was sent" in caught.value.message
    assert "after 3 attempts" in caught.value.message
    assert CANARY not in _all_text(caught.value)


def test_read_timeout_is_a_failure_with_unknown_outcome(server, rec, transport):
    with transport(rec, read_timeout=0.2) as t, pytest.raises(ProviderFailure) as caught:
        t.send(HttpRequest("POST", server.url("/slow"), AUTH, json={}))
    assert caught.value.exit_code == EXIT_FAILURE
    assert "read timeout" in caught.value.message
    assert caught.value.outcome_unknown
    assert server.count("/slow") == 1


def test_get_read_timeout_is_retried(server, rec, transport):
    with transport(rec, read_timeout=0.2, max_attempts=2) as t, pytest.raises(ProviderFailure):
        t.send(HttpRequest("GET", server.url("/slow"), {}))
    assert server.count("/slow") == 2


def test_redirect_is_not_followed(server, rec, transport):
    with transport(rec) as t, pytest.raises(ProviderFailure) as caught:
        t.send(HttpRequest("GET", server.url("/redirect"), AUTH))
    assert "redirect to https://elsewhere.example/checkouts" in caught.value.message
    assert "not followed" in caught.value.message
    assert server.count("/redirect") == 1


def test_html_403_is_refused_with_the_page_title(server, rec, transport):
    with transport(rec) as t:
        response = t.send(HttpRequest("GET", server.url("/html-403"), AUTH))
    with pytest.raises(ProviderRefused) as caught:
        raise_for_status(response, "pagbank")
    err = caught.value
    assert err.exit_code == EXIT_REFUSED and err.status == 403
    assert "HTML page: Access Denied" in err.message
    assert "alert" not in err.message


def test_truncated_body_is_unreadable(server, rec, transport):
    with transport(rec) as t:
        response = t.send(HttpRequest("GET", server.url("/truncated"), {}))
    assert response.status == 200
    with pytest.raises(ProviderFailure) as caught:
        response.json()
    assert "unreadable response" in caught.value.message
    assert caught.value.exit_code == EXIT_FAILURE


def test_body_shorter_than_its_content_length_fails_the_request(server, rec, transport):
    with transport(rec) as t, pytest.raises(ProviderFailure) as caught:
        t.send(HttpRequest("POST", server.url("/short-body"), {}, json={}))
    assert caught.value.outcome_unknown
    assert server.count("/short-body") == 1


@pytest.mark.parametrize("path, provider, expected", [
    ("/pagbank-400", "pagbank", "customer.tax_id: must be a valid CPF or CNPJ (invalid_value); "
                                "items[0].name: must not be empty (field_cannot_be_empty)"),
    ("/gestaoplus-400", "gestaoplus", "Invalid negotiation type for this scope"),
    ("/crayon-400", "crayon", "The order is not valid (BadRequest) [ResellerCustomerId=0]: CountryCode is required"),
])
def test_provider_error_bodies_give_the_providers_message(server, rec, transport, path, provider, expected):
    with transport(rec) as t:
        response = t.send(HttpRequest("POST", server.url(path), AUTH, json={}))
    with pytest.raises(ProviderRefused) as caught:
        raise_for_status(response, provider)
    assert caught.value.provider_message == expected
    assert caught.value.message.startswith(f"{provider} refused the request (HTTP 400 Bad Request): ")
    assert caught.value.exit_code == EXIT_REFUSED


def test_a_server_echoing_the_token_does_not_leak_it(server, rec, transport):
    with transport(rec) as t:
        response = t.send(HttpRequest("GET", server.url("/echo-401"), AUTH))
    with pytest.raises(ProviderRefused) as caught:
        raise_for_status(response, "bakeronline")
    assert CANARY not in _all_text(caught.value)
    assert "token **** is not valid" in caught.value.message


def test_connections_are_reused_across_requests(server, rec, transport):
    ports = set()
    original = FaultHandler.route_ok

    def remember_client(self, count, body):
        ports.add(self.client_address[1])
        original(self, count, body)

    FaultHandler.route_ok = remember_client
    try:
        with transport(rec) as t:
            for _ in range(3):
                assert t.send(HttpRequest("GET", server.url("/ok"), {})).status == 200
    finally:
        FaultHandler.route_ok = original
    assert len(ports) == 1


def test_money_in_json_answers_is_exact(server, rec, transport):
    from decimal import Decimal

    with transport(rec) as t:
        assert t.send(HttpRequest("GET", server.url("/ok"), {})).json()["amount"] == Decimal("49.90")


def test_plain_http_to_a_remote_host_is_refused_without_any_connection(monkeypatch, rec, transport):
    def no_network(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with transport(rec) as t, pytest.raises(UsageError) as caught:
        t.send(HttpRequest("POST", "http://example.invalid/checkouts", AUTH, json={}))
    assert caught.value.exit_code == EXIT_USAGE
    assert "plain http://" in caught.value.message
    assert rec.retries == []
