"""Ctrl-C during `order create` (issue 11): a real process, a real SIGINT, a server of our own on 127.0.0.1.

- interrupted while the provider holds the request (a slow answer): exit 130, the entry is `unknown`,
  and stderr names the entry, the idempotency key, how to check and how to resolve it;
- interrupted while nothing has left (the provider's port refuses connections, the client is between
  attempts): exit 130, the entry is `failed` and stderr says nothing was sent;
- interrupted after the provider answered with the order (Gestão Plus: the details GET after the POST):
  exit 130, the entry stays `created` and stderr names the order's id and token.

Every wait is bounded; the process is killed in teardown if it outlives the test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.adversarial.conftest import ROOT, SAMPLES, Reply, free_port, history

pytestmark = pytest.mark.timeout(90)
WAIT = 30.0  # seconds any one step may take, under load


def start(home, *args: str) -> subprocess.Popen:
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-m", "checkoutctl", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)


def read_stderr(proc: subprocess.Popen) -> tuple[list[str], threading.Thread]:
    lines: list[str] = []

    def pump() -> None:
        for raw in proc.stderr:
            lines.append(raw.decode("utf-8", "replace"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    return lines, reader


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def interrupt(proc: subprocess.Popen, reader: threading.Thread) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(WAIT)
    return code, proc.stdout.read().decode()


def ctrl_c_when(home, condition, what: str, *args: str) -> tuple[int, str, str]:
    """`checkoutctl ARGS`, interrupted once `condition()` holds: (exit code, stdout, stderr)."""
    proc = start(home, *args)
    try:
        lines, reader = read_stderr(proc)
        wait_until(condition, what)
        code, out = interrupt(proc, reader)
    finally:
        if proc.poll() is None:
            proc.kill()
    return code, out, "".join(lines)


def test_ctrl_c_while_the_provider_holds_the_request_is_unknown_and_says_how_to_resolve(cli, home, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(201, {"id": "CHEC_1"}, delay=WAIT * 2)
    code, out, err = ctrl_c_when(home, lambda: hostile.sent("POST"), "the request to reach the server",
                                 "order", "create", str(SAMPLES / "pagbank.yaml"), "--profile", "pagbank", "--output", "json")
    assert code == 130, err
    assert "Traceback" not in err and out == ""
    [entry] = history(cli)
    assert entry["state"] == "unknown" and entry["message"].startswith("interrupted (Ctrl-C) after the request was sent")
    key = entry["idempotency_key"]
    assert key and hostile.sent("POST")[0]["headers"].get("x-idempotency-key") == key
    assert f"outcome is unknown (journal entry #{entry['entry_id']}, idempotency key {key})" in err
    assert f"order create {SAMPLES / 'pagbank.yaml'} --again` reuses idempotency key {key}" in err
    assert f"checkoutctl order history --resolve '#{entry['entry_id']}' --as created" in err


def test_ctrl_c_before_anything_left_is_failed_and_says_nothing_was_sent(cli, home, profiles):
    profiles(f"http://127.0.0.1:{free_port()}")  # nobody listens: every attempt is refused, nothing leaves
    proc = start(home, "order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline", "-v")
    try:
        lines, reader = read_stderr(proc)
        # The client waits between attempts; Ctrl-C there (or during a refused attempt) sent nothing.
        wait_until(lambda: any(line.startswith("retrying in ") for line in lines) or proc.poll() is not None,
                   "the first refused attempt")
        assert proc.poll() is None, "".join(lines)
        code, out = interrupt(proc, reader)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = "".join(lines)
    assert code == 130, err
    assert "Traceback" not in err
    [entry] = history(cli)
    assert entry["state"] == "failed" and entry["message"] == "never sent: interrupted (Ctrl-C) before the request left"
    assert f"interrupted: nothing was sent for the bakeronline order from {SAMPLES / 'bakeronline.yaml'}" in err
    assert "may have created" not in err
    # failed: placing it again needs no --again (the guard lets it through, and the server is still down)
    again = cli("order", "create", SAMPLES / "bakeronline.yaml", "--profile", "bakeronline", "--timeout", "1")
    assert again.code == 5 and "already placed" not in again.err
    assert history(cli)[-1]["state"] == "failed"


def test_ctrl_c_after_the_order_was_created_names_it_and_keeps_it_created(cli, home, hostile, profiles):
    """Gestão Plus answers POST /order with the order's id and token, then the details GET hangs: the
    order exists, so Ctrl-C there must print its id and token and leave the entry `created`."""
    profiles(hostile.url)

    def route(method, path, headers):
        if method == "POST":
            return Reply(200, {"data": {"id": 4711, "orderCode": "0000004711"}, "publicToken": "tok-interrupted-4711"})
        return Reply(200, {}, delay=WAIT * 2)  # GET /order/info: held until Ctrl-C

    hostile.route = route
    code, _, err = ctrl_c_when(home, lambda: hostile.sent("GET"), "the details request to reach the server",
                               "order", "create", str(SAMPLES / "gestaoplus.yaml"), "--profile", "gestaoplus")
    assert code == 130, err
    assert "Traceback" not in err
    [entry] = history(cli)
    assert entry["state"] == "created" and entry["id"] == "4711" and entry["token"] == "tok-interrupted-4711"
    assert (f"interrupted after the gestaoplus order from {SAMPLES / 'gestaoplus.yaml'} was created: id 4711, "
            f"token tok-interrupted-4711 (journal entry #{entry['entry_id']})") in err
    assert "outcome is unknown" not in err
