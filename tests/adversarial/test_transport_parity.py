"""The loopback transport (http.client) and the requests transport, side by side against the same
server writing exact bytes (raw_server.py): the same request on the wire, the same answer read, and
for every class of hostile answer the same failure — class, message, sent or not, outcome — so the
router's choice changes nothing a user can see. Each case is one attempt with a 1 s deadline.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time

import pytest

from checkoutctl.errors import ProviderFailure, UsageError
from checkoutctl.http.client import Client
from checkoutctl.http.loopback import LoopbackTransport
from checkoutctl.http.message import HttpRequest
from checkoutctl.http.policy import RetryPolicy, Timeout
from checkoutctl.http.transport import RequestsTransport
from tests.adversarial.conftest import ROOT
from tests.adversarial.raw_server import Connection, RawServer, response
from tests.adversarial.test_raw_wire import DEADLINE_CASES, MALFORMED, answer_with

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
TRANSPORTS = {"loopback": LoopbackTransport, "requests": RequestsTransport}


def chunked(*parts: bytes, trailer: bytes = b"") -> bytes:
    return response(b"200 OK", b"", b"Transfer-Encoding: chunked") + b"".join(parts) + trailer


# More hostile and odd answers, beyond test_raw_wire's: early ends at each place, framing oddities.
ODD = {
    "eof-before-status": answer_with(b""),
    "eof-in-status-line": answer_with(b"HTTP/1.1 20"),
    "eof-in-headers": answer_with(b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\nX-A: b"),
    "eof-in-body": answer_with(response(b"200 OK", b"", b"Content-Length: 50") + b'{"id": "1"'),
    "eof-at-chunk-size": answer_with(chunked(b"5\r\nhello\r\n")),
    "eof-in-chunk-data": answer_with(chunked(b"a\r\nhel")),
    "eof-after-chunk-data": answer_with(chunked(b"5\r\nhello")),
    "chunk-size-line-too-long": answer_with(chunked(b"z" * 70000 + b"\r\n")),
    "hex-chunk-size-line-too-long": answer_with(chunked(b"1" * 70000 + b"\r\n")),
    "trailer-line-too-long": answer_with(chunked(b"2\r\n{}\r\n0\r\n", trailer=b"X: " + b"t" * 70000 + b"\r\n\r\n")),
    "many-trailers": answer_with(chunked(b"2\r\n{}\r\n0\r\n", trailer=b"X: t\r\n" * 300 + b"\r\n")),
    "chunk-without-crlf": answer_with(chunked(b"2\r\n{}XY0\r\n\r\n")),
    "too-many-headers": answer_with(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(120))
                                    + b"Content-Length: 2\r\n\r\n{}"),
    "http-0.9-style": answer_with(b'{"id": "1"}'),
    "two-equal-lengths": answer_with(response(b"200 OK", b'{"id":"1"}', b"Content-Length: 10", b"Content-Length: 10")),
    "length-and-chunked": answer_with(response(b"200 OK", b"", b"Content-Length: 3", b"Transfer-Encoding: chunked")
                                      + b"2\r\n{}\r\n0\r\n\r\n"),
    "chunked-with-extension-and-trailer": answer_with(chunked(b"2;x=y\r\n{}\r\n", b"0\r\n", trailer=b"X-T: 1\r\n\r\n")),
    "no-length-until-close": answer_with(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"id\": \"1\"}"),
    "early-hints-then-eof": answer_with(b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"),
    "continue-then-answer": answer_with(b"HTTP/1.1 100 Continue\r\n\r\n" + response(b"201 Created", b'{"id":"2"}')),
    "gzip-ok": answer_with(response(b"200 OK", gzip.compress(b'{"id": "g"}'), b"Content-Encoding: gzip")),
    "gzip-then-zstd-unasked": answer_with(response(b"200 OK", b"xx", b"Content-Encoding: gzip, zstd")),
    "damaged-gzip": answer_with(response(b"200 OK", b"\x1f\x8b" + b"\x00" * 30, b"Content-Encoding: gzip")),
    "repeated-header": answer_with(response(b"200 OK", b"{}", b"X-Rep: a", b"X-Rep: b")),
}


def outcome(transport_class, url: str, method: str):
    """What the client made of the answer: the response's status, fields and body, or the failure."""
    client = Client(transport_class(), timeout=Timeout(total=1.0), retry=RetryPolicy(max_attempts=1))
    request = HttpRequest(method, url, {"Authorization": "Bearer tok"}, json={"a": 1} if method == "POST" else None)
    try:
        with client:
            answer = client.send(request)
    except (ProviderFailure, UsageError) as err:
        return ("failed", type(err).__name__, err.message.replace(url, "URL"), err.exit_code, getattr(err, "sent", None),
                getattr(err, "outcome_unknown", None), client.reached)
    headers = {k: v for k, v in answer.headers.items() if k != "date"}
    return ("answered", answer.status, headers, answer.body, client.reached)


def both(answer, method: str) -> dict:
    results = {}
    for name, transport_class in TRANSPORTS.items():
        server = RawServer(answer)
        try:
            results[name] = outcome(transport_class, f"{server.url}/pagbank/checkouts/CHEC_1", method)
        finally:
            server.stop()
    return results


CASES = {**{name: spec[0] for name, spec in MALFORMED.items()}, **DEADLINE_CASES, **ODD}
# Where the loopback transport is stricter than urllib3, which reads a chunk size with int(line, 16):
# "-5" makes urllib3 fail with a ValueError ("connection lost (ValueError)"), "0x2" it reads as 2.
# RFC 9112 §7.1 allows hex digits only: for the loopback transport both are "chunked encoding is invalid".
STRICTER = {
    "minus-chunk-size": answer_with(chunked(b"-5\r\nhello\r\n0\r\n\r\n")),
    "0x-chunk-size": answer_with(chunked(b"0x2\r\n{}\r\n0\r\n\r\n")),
}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", CASES)
def test_every_answer_gives_the_same_outcome_on_both_transports(name, method):
    results = both(CASES[name], method)
    assert results["loopback"] == results["requests"], results


@pytest.mark.parametrize("name", STRICTER)
def test_where_the_loopback_transport_is_stricter_the_chunk_size_is_invalid(name):
    results = both(STRICTER[name], "POST")
    loopback = results["loopback"]
    assert loopback[0] == "failed" and loopback[3:6] == (5, True, True), loopback
    assert "chunked encoding is invalid" in loopback[2]


def test_the_comparison_can_tell_outcomes_apart():
    # The other side of the parity test: different answers do give different outcomes.
    ok = both(ODD["gzip-ok"], "GET")["loopback"]
    bad = both(MALFORMED["bad-chunk-size"][0], "GET")["loopback"]
    assert ok[0] == "answered" and ok[3] == b'{"id": "g"}'
    assert bad[0] == "failed" and "chunked encoding is invalid" in bad[2] and ok != bad


def recording(conn: Connection, request: bytes) -> None:
    conn.send(response(b"200 OK", b"{}"))


REQUESTS = [
    HttpRequest("GET", "/pagbank/checkouts/CHEC_1", {"Authorization": "Bearer t", "Accept": "application/json"}),
    HttpRequest("POST", "/gestaoplus/order", {"Authorization": "Bearer t", "x-idempotency-key": "k"}, json={"v": 1.5}),
    HttpRequest("POST", "/bakeronline/x", {"content-type": "application/json; charset=utf-8"}, json={"ç": "é"}),
    HttpRequest("POST", "/crayon/api/v1/connect/token/", {"Accept": "application/json"},
                form={"grant_type": "password", "username": "a b", "password": "ç&="}, basic_auth=("id", "sécret")),
    HttpRequest("DELETE", "/gestaoplus/order-external/ref%2F1", {"authorization": "Bearer t"}),
    HttpRequest("GET", "/a%7e/./b/../ç%2f?q=ç %41&r=/x"),
    HttpRequest("GET", "/a%7e/./b/../ç%2f%zz?q=ç %41&r=/x"),
    HttpRequest("GET", "/x?", {"Connection": "close", "User-Agent": "other"}),
]


def wire_of(transport_class, requests_: list[HttpRequest]) -> tuple[list[bytes], list[dict]]:
    server = RawServer(recording)
    sent = []
    try:
        transport = transport_class()
        for request in requests_:
            url = server.url + request.url.replace(" ", "%20")
            sent.append(transport.send(HttpRequest(request.method, url, request.headers, request.json, request.form,
                                                   request.basic_auth), Timeout(total=5).start(time.monotonic)).sent_headers)
        transport.close()
        with server.lock:
            return [r.replace(str(server.port).encode(), b"PORT") for r in server.requests], sent
    finally:
        server.stop()


def test_both_transports_put_the_same_request_on_the_wire():
    loopback, requests_ = wire_of(LoopbackTransport, REQUESTS), wire_of(RequestsTransport, REQUESTS)
    assert len(loopback[0]) == len(REQUESTS)
    assert loopback == requests_
    # Normalised alike: dot segments gone, escapes upper-cased, unreserved ones decoded — unless a bare
    # "%" is in the path, when urllib3 quotes every "%" there.
    assert loopback[0][5].startswith(b"GET /a~/%C3%A7%2F?q=%C3%A7%20A&r=/x HTTP/1.1\r\n")
    assert loopback[0][6].startswith(b"GET /a%257E/%C3%A7%252F%25zz?q=%C3%A7%20A&r=/x HTTP/1.1\r\n")
    assert loopback[1][0]["User-Agent"].startswith("checkoutctl/") and "Host" not in loopback[1][0]


@pytest.mark.parametrize("headers, basic_auth", [({"X-Token": "a€b"}, None), ({"X-A": " lead"}, None),
                                                  ({"X-A": "a\r\nX-B: b"}, None), ({"X:A": "a"}, None),
                                                  ({}, ("user", "pass€"))])
def test_an_unsendable_field_is_a_usage_error_before_anything_is_sent_on_both(headers, basic_auth):
    results = {}
    for name, transport_class in TRANSPORTS.items():
        server = RawServer(recording)
        try:
            client = Client(transport_class(), retry=RetryPolicy(max_attempts=1))
            with pytest.raises(UsageError) as caught:
                client.send(HttpRequest("GET", f"{server.url}/x", headers, basic_auth=basic_auth))
            results[name] = (caught.value.message.replace(str(server.port), "PORT"), caught.value.exit_code)
            assert server.count() == 0 and client.reached == 0
        finally:
            server.stop()
    assert results["loopback"] == results["requests"] and results["loopback"][1] == 2


def test_a_connection_the_server_closed_while_idle_is_not_reused(monkeypatch):
    # Keep-alive, then the server closes between two look-ups: the second goes out on a new connection.
    def answer_then_close(conn: Connection, request: bytes) -> None:
        conn.send(response(b"200 OK", b"{}"))
        conn.sock.close()

    server = RawServer(answer_then_close)
    try:
        client = Client(LoopbackTransport(), retry=RetryPolicy(max_attempts=1))
        with client:
            for _ in range(3):
                assert client.send(HttpRequest("GET", f"{server.url}/x")).status == 200
                time.sleep(0.05)
        assert server.count("GET") == 3
    finally:
        server.stop()


def test_the_loopback_transport_refuses_any_other_url():
    for url in ("https://127.0.0.1/x", "http://example.com/x", "http://user@127.0.0.1/x"):
        with pytest.raises(UsageError):
            LoopbackTransport().send(HttpRequest("GET", url), Timeout().start(time.monotonic))


def test_forcing_requests_reaches_the_processes_tests_start(monkeypatch, tmp_path):
    # The switch test_raw_wire uses: without it the CLI sends loopback URLs through http.client and never
    # imports requests; with it (tests/transport_choice.py) every exchange goes through requests.
    from tests.transport_choice import FORCE_ENV, force_requests

    monkeypatch.delenv(FORCE_ENV, raising=False)  # routed, also in a `pytest --transport=requests` run
    server = RawServer(answer_with(response(b"200 OK", b'{"id": "CHEC_1", "status": "ACTIVE"}')))
    code = ("import sys\nfrom checkoutctl.entry import main\n"
            f"code = main(['order', 'show', 'CHEC_1', '--provider', 'pagbank', '--base-url', '{server.url}/pagbank'])\n"
            "print('@@', code, 'requests' in sys.modules)")

    def run() -> str:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                              env={**os.environ, "CHECKOUTCTL_TOKEN": "t", "CHECKOUTCTL_HOME": str(tmp_path)})
        return proc.stdout.rpartition("@@")[2].strip()

    try:
        assert run() == "0 False"
        force_requests(monkeypatch)
        assert run() == "0 True"
    finally:
        server.stop()
