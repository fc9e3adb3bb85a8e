"""The client against a server that writes exact bytes (raw_server.py), through the real CLI.

Each hostile answer goes to `order create` (a Gestão Plus POST: never repeated once it may have been
sent) and `order show` (a PagBank GET: retried on failures that may pass), and the test counts the
requests the server really received. Whatever the server does, the exit status is 5 — never 1 (a bug)
and never 2 (as if the user's config were wrong) — and an order that may exist is journalled `unknown`.
Deadline cases run in a subprocess with a hard timeout: without the overall deadline they would hang.

Every test runs twice: through the loopback transport (the router's choice for 127.0.0.1) and through
requests (forced, tests/transport_choice.py: the transport real providers are reached by), with the
same assertions, so each hostile answer gives the same exit status and message on both.
"""

from __future__ import annotations

import gzip
import zlib

import pytest

from tests.adversarial.conftest import SAMPLES, history, run_subprocess
from tests.adversarial.raw_server import Connection, RawServer, response
from tests.transport_choice import TRANSPORTS, choose

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
CANARY = "tok-7Qe9Zr2LmX4vB8nK1pS6wD3f"
TIMEOUT = "1"


@pytest.fixture(autouse=True, params=TRANSPORTS)
def transport(request, monkeypatch):
    return choose(request.param, monkeypatch)


@pytest.fixture
def raw():
    servers: list[RawServer] = []

    def start(answer) -> RawServer:
        server = RawServer(answer)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def create(cli, *extra: str):
    return cli("order", "create", str(SAMPLES / "gestaoplus.yaml"), "--profile", "gestaoplus", *extra)


def show(cli, *extra: str):
    return cli("order", "show", "CHEC_1", "--profile", "pagbank", *extra)


def _bomb() -> bytes:
    # 64 MiB of zeros in ~64 KiB of gzip: four times the 16 MiB cap.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join([compressor.compress(block) for _ in range(64)] + [compressor.flush()])


HEADERS_THEN_DRIP = response(b"200 OK", b"", b"Content-Length: 100000")


def drip_body(conn: Connection, request: bytes) -> None:
    if conn.send(HEADERS_THEN_DRIP):
        conn.drip(b" " * 100000, every=0.05)


def drip_headers(conn: Connection, request: bytes) -> None:
    conn.drip(response(b"200 OK", b"{}", b"X-Pad: " + b"p" * 4000), every=0.02)


def informational_flood(conn: Connection, request: bytes) -> None:
    conn.repeat(b"HTTP/1.1 100 Continue\r\n\r\n", times=100000, every=0.001)


DEADLINE_CASES = {"drip-body": drip_body, "drip-headers": drip_headers, "1xx-flood": informational_flood}


@pytest.mark.parametrize("name", DEADLINE_CASES)
def test_timeout_bounds_the_whole_exchange_however_the_server_drips(raw, profiles, cli, name):
    server = raw(DEADLINE_CASES[name])
    profiles(server.url, token=CANARY, timeout=TIMEOUT)
    made = run_subprocess("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gestaoplus", timeout=40)
    assert made.returncode == 5, made.stderr
    assert b"read timeout" in made.stderr and b"outcome is unknown" in made.stderr
    assert server.count("POST") == 1
    assert history(cli)[0]["state"] == "unknown"
    shown = run_subprocess("order", "show", "CHEC_1", "--profile", "pagbank", timeout=40)
    assert shown.returncode == 5, shown.stderr
    assert server.count("GET") == 4  # a GET is repeated: four attempts, each cut at the deadline


def answer_with(data: bytes):
    def answer(conn: Connection, request: bytes) -> None:
        conn.send(data)
        conn.reset()
    return answer


def reset_after_request(conn: Connection, request: bytes) -> None:
    conn.reset()


def gzip_bomb(conn: Connection, request: bytes) -> None:
    conn.send(response(b"200 OK", _bomb(), b"Content-Encoding: gzip"))


def oversized(conn: Connection, request: bytes) -> None:
    size = 17 << 20
    if conn.send(response(b"200 OK", b"", b"Content-Length: %d" % size)):
        for _ in range(17):
            if not conn.send(b" " * (1 << 20)):
                return


def truncated_gzip(conn: Connection, request: bytes) -> None:
    data = gzip.compress(b'{"id": "593", "items": []}' * 100)
    conn.send(response(b"200 OK", data[: len(data) // 2], b"Content-Encoding: gzip"))


# name: (answer, fragment of the error, GETs sent: a failure that may pass is retried, a cap is not)
MALFORMED = {
    "two-content-lengths": (answer_with(response(b"200 OK", b'{"id":"1"}', b"Content-Length: 10", b"Content-Length: 20")),
                            "headers are malformed or conflict", 4),
    "bad-chunk-size": (answer_with(response(b"200 OK", b"zz\r\nabc\r\n0\r\n\r\n", b"Transfer-Encoding: chunked")),
                       "chunked encoding is invalid", 4),
    "invalid-status-line": (answer_with(b"HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}"), "status line is not HTTP", 4),
    "not-http-at-all": (answer_with(b"SSH-2.0-OpenSSH_9.6\r\n"), "status line is not HTTP", 4),
    "header-line-too-long": (answer_with(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n"),
                             "too long", 4),
    "reset-after-request": (reset_after_request, "", 4),
    "gzip-bomb": (gzip_bomb, "decodes to more than 16 MiB", 1),
    "oversized-body": (oversized, "larger than 16 MiB", 1),
    "truncated-gzip": (truncated_gzip, "gzip data ends early", 1),
    "unasked-encoding": (answer_with(response(b"200 OK", b"\x00\x01", b"Content-Encoding: br")), "was not asked for", 1),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_answer_is_an_unknown_outcome_never_a_usage_error(raw, profiles, cli, name):
    answer, fragment, gets = MALFORMED[name]
    server = raw(answer)
    profiles(server.url, token=CANARY)
    made = create(cli)
    assert made.code == 5, made.err
    assert fragment in made.err and "outcome is unknown" in made.err and "Traceback" not in made.err
    assert server.count("POST") == 1
    assert history(cli)[0]["state"] == "unknown"
    shown = show(cli)
    assert shown.code == 5, shown.err
    assert server.count("GET") == gets


def retry_after(value: bytes):
    def answer(conn: Connection, request: bytes) -> None:
        conn.send(response(b"503 Service Unavailable", b'{"message": "busy"}', b"Retry-After: " + value))
    return answer


@pytest.mark.parametrize("value, gets", [
    ("٣".encode(), 4), (b"\xb2", 4), (b"\xb3\xb9", 4), (b"1.5", 4), (b"-5", 4), (b"garbage", 4), (b"0", 4),
    (b"99999999999999999999", 1), (b"Fri, 31 Dec 9999 23:59:59 GMT", 1), (b"3600", 1),
])
def test_retry_after_of_any_shape_is_honoured_up_to_the_cap_or_given_up_clearly(raw, profiles, cli, value, gets):
    server = raw(retry_after(value))
    profiles(server.url, token=CANARY)
    shown = show(cli)
    assert shown.code == 5, shown.err
    assert "busy" in shown.err and "Traceback" not in shown.err
    assert server.count("GET") == gets
    if gets == 1:
        assert "longer than checkoutctl waits (30s)" in shown.err


def echo(kind: str):
    """Answers that put the request's bearer token back: in the status line, Location, a header, the body."""

    def answer(conn: Connection, request: bytes) -> None:
        token = b""
        for line in request.split(b"\r\n"):
            if line.lower().startswith(b"authorization:"):
                token = line.partition(b" ")[2].partition(b" ")[2]
        if kind == "status-line":
            data = response(b"500 " + token, b'{"message": "' + token + b'"}')
        elif kind == "location":
            data = response(b"302 Found", b"", b"Location: https://evil.example/steal?t=" + token)
        elif kind == "cut-body":  # the message is cut at 300 characters in the middle of the token
            data = response(b"401 Unauthorized", b'{"message": "' + b"x" * 290 + token + b'"}')
        else:  # a 200 whose header and body carry it, shown with --output raw
            data = response(b"200 OK", b'{"id": "CHEC_1", "note": "' + token + b'"}', b"X-Echo: " + token)
        conn.send(data)
    return answer


@pytest.mark.parametrize("kind", ["status-line", "location", "cut-body", "raw-body"])
def test_a_server_echoing_the_token_never_gets_it_or_its_start_on_screen(raw, profiles, cli, kind):
    server = raw(echo(kind))
    profiles(server.url, token=CANARY)
    runs = [create(cli, "--again"), create(cli, "--again", "--debug"), show(cli), show(cli, "--debug"),
            show(cli, "--output", "raw"), show(cli, "--output", "json")]
    assert server.count() >= 6
    for res in runs:
        assert res.code != 1, res.err
        shown = res.out + res.err
        assert CANARY[:8] not in shown, shown
