"""PagBank notifications from the sandbox and `checkoutctl listen` (issue 13): a notification reaches a
test receiver with a correct signature, is retried after a 500, reaches `listen`, which forwards it.
Real processes, real HTTP, loopback only."""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ROOT
from tests.integration.sandbox.test_lasting_links import checkoutctl, free_port, serving

pytestmark = pytest.mark.integration

TIMEOUT = 10
WAIT_SECONDS = 30
ORDER = """\
provider: pagbank
order:
  reference_id: "pedido-{n}"
  items:
    - name: Camiseta
      quantity: 1
      unit_amount: 4990
"""


def signed(body: bytes, token: str = "sandbox") -> str:
    return hashlib.sha256(f"{token}-".encode() + body).hexdigest()


class Receiver:
    """A test app on 127.0.0.1: records every POST; answers `failures` 500s first, then 200."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[tuple[str, dict, bytes]] = []
        self.failures = failures
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.arrived:
                    receiver.received.append((self.path, dict(self.headers), body))
                    status = 500 if receiver.failures > 0 else 200
                    receiver.failures -= 1
                    receiver.arrived.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int) -> list[tuple[str, dict, bytes]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= count, timeout=WAIT_SECONDS)
            return list(self.received)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(failures: int = 0) -> Receiver:
        made.append(Receiver(failures))
        return made[-1]

    yield make
    for one in made:
        one.stop()


def order_file(tmp_path, n: int, **urls: list[str]) -> str:
    text = ORDER.format(n=n) + "".join(f"  {field}: {json.dumps(values)}\n" for field, values in urls.items())
    path = tmp_path / f"order-{n}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_payment_notification_reaches_the_receiver_signed(cli, tmp_path, receiver):
    app = receiver()
    created = cli("order", "create", order_file(tmp_path, 1, payment_notification_urls=[f"{app.url}/payments"]),
                  "--output", "json").json()
    assert cli("sandbox", "trigger", "pagbank.paid", created["id"]).code == 0
    [(path, headers, body)] = app.wait_for(1)
    assert path == "/payments" and headers["Content-Type"] == "application/json"
    assert headers["x-authenticity-token"] == signed(body)  # SHA-256 of "{token}-{raw body}", seeds/README
    document = json.loads(body)
    assert document["id"] == created["id"] and document["orders"][0]["charges"][0]["status"] == "PAID"
    log = cli("sandbox", "requests", "--output", "json").json()
    assert [r["status"] for r in log if r["direction"] == "out"] == [200]


def test_a_checkout_notification_goes_to_notification_urls(cli, tmp_path, receiver):
    app = receiver()
    created = cli("order", "create", order_file(tmp_path, 2, notification_urls=[f"{app.url}/checkouts"],
                                                payment_notification_urls=[f"{app.url}/payments"]),
                  "--output", "json").json()
    assert cli("sandbox", "trigger", "pagbank.inactivated", created["id"]).code == 0
    [(path, _headers, body)] = app.wait_for(1)
    assert path == "/checkouts" and json.loads(body)["status"] == "INACTIVE"


def test_a_failed_delivery_is_retried_with_backoff(cli, tmp_path, receiver):
    app = receiver(failures=1)
    created = cli("order", "create", order_file(tmp_path, 3, payment_notification_urls=[f"{app.url}/p"]),
                  "--output", "json").json()
    assert cli("sandbox", "trigger", "pagbank.declined", created["id"]).code == 0
    first, second = app.wait_for(2)[:2]
    assert first[2] == second[2] and second[1]["x-authenticity-token"] == signed(second[2])
    log = cli("sandbox", "requests").out
    assert f"[500]\t-> POST\t{app.url}/p" in log and f"[200]\t-> POST\t{app.url}/p" in log


def test_a_url_off_this_machine_is_never_called(cli, tmp_path):
    created = cli("order", "create", order_file(tmp_path, 4, payment_notification_urls=["https://example.com/hook"]),
                  "--output", "json").json()
    assert cli("sandbox", "trigger", "pagbank.paid", created["id"]).code == 0
    log = cli("sandbox", "requests", "--output", "json").json()
    assert [(r["path"], r["direction"], r["status"]) for r in log if r["direction"] != "in"] == [
        ("https://example.com/hook", "skipped", None)]


class Listening:
    """`checkoutctl listen` in its own process; `lines()` reads what it printed so far (bounded)."""

    def __init__(self, home, *args: str) -> None:
        env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
        self.process = subprocess.Popen([sys.executable, "-m", "checkoutctl", "listen", *args], env=env, cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready = self._read_until(self.process.stderr, b"Ready! Listening on ")
        self.url = ready.split(b"Ready! Listening on ", 1)[1].split(b"\n")[0].split(b",")[0].split(b";")[0].decode()
        self.out = b""

    def _read_until(self, stream, marker: bytes) -> bytes:
        seen, deadline = b"", time.monotonic() + WAIT_SECONDS
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            while marker not in seen and time.monotonic() < deadline:  # bounded
                if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                    chunk = os.read(stream.fileno(), 4096)
                    if not chunk:
                        break
                    seen += chunk
        assert marker in seen, seen
        return seen

    def wait_line(self, marker: bytes) -> bytes:
        if marker not in self.out:
            self.out += self._read_until(self.process.stdout, marker)
        return self.out

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(TIMEOUT)


def test_listen_receives_every_sandbox_notification_and_forwards_it(tmp_path, receiver):
    app = receiver()
    home, port = tmp_path / "home", free_port()
    with serving(home, port):
        listening = Listening(home, "--forward-to", f"{app.url}/webhooks/pagbank")
        try:
            created = checkoutctl(home, "order", "create", order_file(tmp_path, 5), "--output", "json")
            checkout_id = json.loads(created.stdout)["id"]  # the order names no notification URL at all
            assert checkoutctl(home, "sandbox", "trigger", "pagbank.paid", checkout_id).returncode == 0
            printed = listening.wait_line(checkout_id.encode() + b" PAID")
        finally:
            listening.stop()
    assert f"[200] POST {app.url}/webhooks/pagbank  pagbank {checkout_id} PAID".encode() in printed
    [(path, headers, body)] = app.wait_for(1)
    assert path == "/webhooks/pagbank" and headers["x-authenticity-token"] == signed(body)
    assert json.loads(body)["id"] == checkout_id


def test_listen_flags_a_bad_or_missing_signature(tmp_path):
    import requests

    listening = Listening(tmp_path / "home")
    try:
        body = json.dumps({"id": "CHEC_FORGED", "status": "ACTIVE"}).encode()
        forged = requests.post(listening.url, data=body, headers={"x-authenticity-token": signed(body, "wrong")},
                               timeout=TIMEOUT)
        missing = requests.post(listening.url, data=body, timeout=TIMEOUT)
        printed = listening.wait_line(b"(missing x-authenticity-token)")
    finally:
        listening.stop()
    assert forged.status_code == 401 and missing.status_code == 401
    assert b"[401] POST" in printed and b"pagbank CHEC_FORGED ACTIVE  (bad x-authenticity-token): refused" in printed


def test_listen_skip_verify_accepts_it(tmp_path):
    import requests

    listening = Listening(tmp_path / "home", "--skip-verify")
    try:
        answer = requests.post(listening.url, data=b'{"id": "CHEC_1", "status": "ACTIVE"}', timeout=TIMEOUT)
        printed = listening.wait_line(b"CHEC_1 ACTIVE")
    finally:
        listening.stop()
    assert answer.status_code == 200 and b"(missing x-authenticity-token)" in printed and b"refused" not in printed
