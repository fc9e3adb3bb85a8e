"""The sandbox as a hostile client sees it: raw bytes to `checkoutctl sandbox serve` in a real process.

Every malformed-HTTP class is answered with a status line and a 4xx (never a bare body, a hang or a
500), the server's stderr never shows a traceback, oversize bodies are refused before they are read,
and requests naming a Host that could have been rebound (DNS rebinding) are refused before anything
is done. After each hostile request the server still answers a plain one.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.adversarial.conftest import ROOT, free_port, sandbox_log

pytestmark = pytest.mark.integration

SOCKET_TIMEOUT = 10
START_SECONDS = 20
CHECKOUT = json.dumps({"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}).encode()


class Served:
    def __init__(self, home: Path, port: int, process: subprocess.Popen, stderr: Path) -> None:
        self.home, self.port, self.process, self.stderr = home, port, process, stderr

    def raw(self, data: bytes, *, then_close: bool = True) -> bytes:
        """Send `data`, read until the server closes (or one answer with its Content-Length is in)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=SOCKET_TIMEOUT) as sock:
            try:
                sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server refused before reading it all: its answer is still readable
            if then_close:
                try:
                    sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
            return _read_answer(sock)

    def ask(self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close",
                 "Authorization: Bearer sandbox", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        return status_and_body(self.raw(("\r\n".join(lines) + "\r\n\r\n").encode() + body))

    def tracebacks(self) -> str:
        text = self.stderr.read_text(errors="replace")
        # a traceback, or the server's one line for an exception that escaped a connection
        return text if "Traceback" in text or "sandbox: connection from" in text else ""


def _read_answer(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            piece = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            return data
        if not piece:
            return data
        data += piece
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep and not head.startswith(b"HTTP/1.1 100"):
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length" and len(body) >= int(value):
                    return data


def status_and_body(answer: bytes) -> tuple[int, bytes]:
    assert answer.startswith(b"HTTP/1."), f"no status line: {answer[:80]!r}"
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    home = tmp_path_factory.mktemp("served")
    stderr = home / "serve.stderr"
    port = free_port()
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    with open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
    server = Served(home, port, process, stderr)
    try:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:  # bounded: until it answers its health route
            try:
                if server.ask("GET", "/_sandbox/health")[0] == 200:
                    break
            except (OSError, AssertionError):
                time.sleep(0.05)
        else:
            pytest.fail(f"sandbox serve did not start: {stderr.read_text()}")
        yield server
    finally:
        process.terminate()
        process.wait(SOCKET_TIMEOUT)


def still_serves(served: Served) -> None:
    assert served.ask("GET", "/_sandbox/health")[0] == 200
    assert served.tracebacks() == ""


HOST = b"Host: 127.0.0.1\r\n"
CHUNKED = b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Authorization: Bearer sandbox\r\nTransfer-Encoding: chunked\r\n\r\n"

MALFORMED = {
    # bad chunk sizes
    "chunk size not hex": (CHUNKED + b"zz\r\nabc\r\n0\r\n\r\n", 400),
    "negative chunk size": (CHUNKED + b"-5\r\nabcde\r\n0\r\n\r\n", 400),
    "chunk size overflow": (CHUNKED + b"f" * 40 + b"\r\n", 400),
    "chunk longer than its size": (CHUNKED + b"3\r\nabcdef\r\n0\r\n\r\n", 400),
    "empty chunk size": (CHUNKED + b"\r\n", 400),
    "endless chunk line": (CHUNKED + b"1" + b";x" * 5000 + b"\r\n", 400),
    # odd, negative, duplicate Content-Length; ambiguous framing
    "negative content-length": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Content-Length: -1\r\n\r\n", 400),
    "signed content-length": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Content-Length: +2\r\n\r\n{}", 400),
    "hex content-length": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Content-Length: 0x2\r\n\r\n{}", 400),
    "non-ascii digits": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Content-Length: \xd9\xa2\r\n\r\n{}", 400),
    "listed content-length": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Content-Length: 2, 2\r\n\r\n{}", 400),
    "duplicate content-length": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST
                                 + b"Content-Length: 2\r\nContent-Length: 7\r\n\r\n{}", 400),
    "content-length and chunked": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST
                                   + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "unknown transfer coding": (b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: gzip\r\n\r\n", 501),
    "chunked on http/1.0": (b"POST /pagbank/checkouts HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    # request lines
    "http/0.9 request line": (b"GET /_sandbox/health\r\n\r\n", 400),
    "garbage request line": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
    "two spaces": (b"GET  /_sandbox/health HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "four parts": (b"GET /_sandbox/health HTTP/1.1 x\r\n" + HOST + b"\r\n", 400),
    "bad version": (b"GET /_sandbox/health FOO/1.1\r\n" + HOST + b"\r\n", 400),
    "target not a path": (b"GET _sandbox/health HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "non-ascii in request line": ("GET /pagbank/checkouts/CHEC_é HTTP/1.1\r\n".encode() + HOST + b"\r\n", 400),
    "control character in target": (b"GET /_sandbox/he\x00alth HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "request line too long": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n" + HOST + b"\r\n", 414),
    # headers
    "huge header": (b"GET /_sandbox/health HTTP/1.1\r\n" + HOST + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431),
    "too many headers": (b"GET /_sandbox/health HTTP/1.1\r\n" + HOST
                         + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n", 431),
    "header line without colon": (b"GET /_sandbox/health HTTP/1.1\r\n" + HOST + b"no colon here\r\n\r\n", 400),
    "space before colon": (b"GET /_sandbox/health HTTP/1.1\r\n" + HOST + b"Content-Length : 0\r\n\r\n", 400),
    "bare cr splitting a header": (b"GET /_sandbox/health HTTP/1.1\r\n" + HOST + b"X-A: 1\rContent-Length: 2\r\n\r\n{}", 400),
    "http/1.1 without host": (b"GET /_sandbox/health HTTP/1.1\r\n\r\n", 400),
    "two hosts": (b"GET /_sandbox/health HTTP/1.1\r\n" + HOST + b"Host: localhost\r\n\r\n", 400),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_http_is_a_client_error_with_a_status_line_and_no_traceback(served, name):
    data, expected = MALFORMED[name]
    status, _ = status_and_body(served.raw(data))
    assert status == expected
    still_serves(served)


def test_a_refused_post_creates_nothing(served):
    before = len(sandbox_log(served.home, "POST", "/pagbank/checkouts"))
    served.raw(b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Authorization: Bearer sandbox\r\n"
               b"Content-Type: application/json\r\nContent-Length: -1\r\n\r\n" + CHECKOUT)
    assert len(sandbox_log(served.home, "POST", "/pagbank/checkouts")) == before


def test_a_well_framed_chunked_body_is_read(served):
    body = CHECKOUT
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7))
    answer = served.raw(CHUNKED.replace(b"\r\n\r\n", b"\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
                        + chunks + b"0\r\nX-Trailer: yes\r\n\r\n")
    status, reply = status_and_body(answer)
    assert status == 201 and json.loads(reply)["id"].startswith("CHEC_")


def test_an_http_1_0_request_without_host_is_answered(served):
    status, body = status_and_body(served.raw(b"GET /_sandbox/health HTTP/1.0\r\n\r\n"))
    assert status == 200 and json.loads(body)["ok"] is True


def test_expect_100_continue_gets_the_interim_answer_before_the_body(served):
    with socket.create_connection(("127.0.0.1", served.port), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Authorization: Bearer sandbox\r\n"
                     b"Content-Type: application/json\r\nExpect: 100-continue\r\nConnection: close\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(CHECKOUT))
        assert sock.recv(64).startswith(b"HTTP/1.1 100 ")
        sock.sendall(CHECKOUT)
        status, _ = status_and_body(_read_answer(sock))
    assert status == 201


# --- oversize bodies -------------------------------------------------------------------------------

def test_a_content_length_over_the_limit_is_refused_before_the_body_is_read(served):
    # 2 GiB promised, 64 KiB sent: the 413 comes without waiting for the rest.
    head = b"POST /pagbank/checkouts HTTP/1.1\r\n" + HOST + b"Content-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n"
    status, body = status_and_body(served.raw(head + b"x" * 65536))
    assert status == 413 and b"over 1048576 bytes" in body
    still_serves(served)


def test_a_chunked_body_over_the_limit_is_refused_as_it_passes_the_limit(served):
    chunk = b"x" * 65536
    stream = b"".join(b"10000\r\n" + chunk + b"\r\n" for _ in range(20))  # 1.25 MiB, no Content-Length
    status, _ = status_and_body(served.raw(CHUNKED + stream + b"0\r\n\r\n"))
    assert status == 413
    still_serves(served)


def test_a_body_at_the_limit_is_still_read(served):
    body = b" " * (1024 * 1024 - len(CHECKOUT)) + CHECKOUT  # JSON with leading whitespace, exactly 1 MiB
    status, _ = served.ask("POST", "/pagbank/checkouts", {"Content-Type": "application/json"}, body)
    assert status == 201


# --- DNS rebinding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example", "10.0.0.5:{port}", "[::2]:{port}", "::1", "", "a b"])
def test_a_host_that_is_not_loopback_is_refused_with_its_reason(served, host):
    host = host.format(port=served.port)
    before = len(sandbox_log(served.home, "POST", "/pagbank/checkouts"))
    answer = served.raw(f"POST /pagbank/checkouts HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer sandbox\r\n"
                        f"Content-Type: application/json\r\nConnection: close\r\nContent-Length: {len(CHECKOUT)}\r\n\r\n"
                        .encode() + CHECKOUT)
    status, body = status_and_body(answer)
    assert status == 421
    assert json.loads(body)["error"] == "misdirected_request" and "Host" in json.loads(body)["detail"]
    assert len(sandbox_log(served.home, "POST", "/pagbank/checkouts")) == before  # nothing placed


def test_an_absolute_form_target_names_the_host_that_is_checked(served):
    answer = served.raw(b"GET http://evil.example/_sandbox/health HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n")
    assert status_and_body(answer)[0] == 421


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "127.1.2.3", "[::1]:{port}"])
def test_loopback_hosts_are_answered(served, host):
    answer = served.raw(f"GET /_sandbox/health HTTP/1.1\r\nHost: {host.format(port=served.port)}\r\n"
                        "Connection: close\r\n\r\n".encode())
    assert status_and_body(answer)[0] == 200
