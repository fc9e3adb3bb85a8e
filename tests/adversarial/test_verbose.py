"""`-v/--verbose` (CONTRACT §3): each HTTP exchange on stderr, secrets masked, stdout untouched.

Through the real CLI against the embedded sandbox and a hostile server of our own on 127.0.0.1: the
secret canary gives zero hits with -v (a server echoing it in headers included), `--output json -v`
keeps stdout pure JSON, every command that talks to a provider takes -v, a failed exchange is shown
too, and a run without -v shows nothing and loads nothing of the log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adversarial.conftest import ROOT, SAMPLES, Reply, free_port, run_subprocess
from tests.adversarial.test_secret_canary import CANARY, assert_no_canary, echoing, journal_bytes

pytestmark = pytest.mark.timeout(120)
CHECKOUT_ID = "CHEC_0123456789ABCDEF0123456789ABCDEF"


def exchanges(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("> ", "< "))]


def test_create_then_show_with_v_logs_each_exchange_and_keeps_stdout_json(cli):
    res = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json", "-v")
    assert res.code == 0, res.err
    order = json.loads(res.out)  # stdout is pure JSON
    lines = exchanges(res.err)
    assert lines[0].startswith("> POST http://127.0.0.1:") and lines[0].endswith("/pagbank/checkouts")
    assert "> Authorization: Bearer ****" in lines
    # The headers as sent, the transport's own included (HTTPie -v shows them too).
    assert any(line.startswith("> User-Agent: checkoutctl/") for line in lines)
    assert any(line.startswith("> Content-Length: ") for line in lines)
    assert any(line.startswith("> x-idempotency-key: ") for line in lines)
    status = next(line for line in lines if line.startswith("< HTTP"))
    assert status.startswith("< HTTP 201 Created (") and " ms, " in status and status.endswith(" bytes)")
    assert "< content-type: application/json" in lines
    assert '"reference_id"' not in res.err  # bodies are not logged (customer data)
    # Given before the command, as gh takes its globals.
    shown = cli("-v", "order", "show", order["id"], "--output", "json")
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["id"] == order["id"]
    assert exchanges(shown.err)[0].endswith(f"/pagbank/checkouts/{order['id']}")


def test_without_v_nothing_is_logged(cli):
    res = cli("order", "create", SAMPLES / "crayon.yaml", "--output", "json")
    assert res.code == 0, res.err
    assert exchanges(res.err) == []


def test_v_after_one_run_does_not_leak_into_the_next(cli):
    assert cli("order", "create", SAMPLES / "bakeronline.yaml", "-v").code == 0
    res = cli("order", "create", SAMPLES / "bakeronline.yaml", "--again")
    assert res.code == 0 and exchanges(res.err) == [], res.err


@pytest.mark.parametrize("args", [
    ("order", "show", CHECKOUT_ID, "--profile", "pagbank"),
    ("order", "cancel", CHECKOUT_ID, "--yes", "--profile", "pagbank"),
    ("order", "activate", CHECKOUT_ID, "--yes", "--profile", "pagbank"),
    ("order", "open", CHECKOUT_ID, "--print", "--profile", "pagbank"),
    ("order", "attachments", "--token", "t", "--profile", "gestaoplus"),
    ("order", "create", str(SAMPLES / "gestaoplus.yaml"), "--profile", "gestaoplus"),
    ("order", "show", "--token", "t", "--profile", "gestaoplus", "--qr"),
])
@pytest.mark.parametrize("status", [200, 401, 500])
def test_every_provider_command_takes_v_and_the_canary_never_shows(cli, home, hostile, profiles, args, status):
    profiles(hostile.url, token=CANARY)
    route = echoing(status)

    def answer(method, path, headers):
        reply = route(method, path, headers)
        # The token echoed in a header, beside a header trying to drive the terminal.
        reply.headers.update({"X-Echo-Authorization": headers.get("Authorization", ""), "X-Evil": "\x1b[2Jcleared"})
        return reply

    hostile.route = answer
    res = cli(*args, "-v")
    assert res.code in (0, 2, 4, 5), res.err  # 2: the answer has no link to open / no QR to draw
    assert hostile.requests, "nothing was sent"
    lines = exchanges(res.err)
    assert lines and lines[0].startswith(("> GET ", "> POST ")), res.err
    assert any(line.startswith(f"< HTTP {status}") for line in lines), res.err
    assert "< x-echo-authorization: ****" in lines  # a header with an authorization name: masked by name
    assert "\x1b" not in res.err
    assert_no_canary(res.out, res.err, journal_bytes(home))


def test_a_failed_exchange_is_shown_with_whether_it_was_sent(cli, profiles):
    profiles(f"http://127.0.0.1:{free_port()}")
    res = cli("order", "show", CHECKOUT_ID, "--profile", "pagbank", "-v")
    assert res.code == 5
    failed = [line for line in exchanges(res.err) if line.startswith("< no answer after ")]
    assert failed and all(line.endswith("(nothing was sent)") for line in failed), res.err
    assert len(failed) == len([line for line in exchanges(res.err) if line.startswith("> GET ")]) > 1  # retries too


def test_a_timeout_is_shown_as_maybe_sent(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(201, {"id": "1"}, delay=3)
    res = cli("order", "create", SAMPLES / "bakeronline.yaml", "--profile", "bakeronline", "--timeout", "0.5", "-v")
    assert res.code == 5, res.err
    failed = [line for line in exchanges(res.err) if line.startswith("< no answer after ")]
    assert len(failed) == 1 and "nothing was sent" not in failed[0], res.err


def test_in_a_real_process_v_masks_the_canary_and_without_v_the_log_is_never_imported(home, hostile, profiles):
    profiles(hostile.url, token=CANARY)
    hostile.route = echoing(200)
    env = {"CHECKOUTCTL_HOME": str(home)}
    res = run_subprocess("order", "show", CHECKOUT_ID, "--profile", "pagbank", "--output", "json", "-v", env_extra=env)
    assert "> GET " in res.stderr.decode() and "< HTTP 200" in res.stderr.decode()
    assert_no_canary(res.stdout, res.stderr)
    probe = ("import sys; from checkoutctl.entry import main; "
             f"code = main(['order', 'show', {CHECKOUT_ID!r}, '--profile', 'pagbank', '--output', 'json']); "
             "print('LOADED' if 'checkoutctl.http.exchange_log' in sys.modules else 'NOT LOADED', file=sys.__stderr__)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60, cwd=ROOT,
                         env={**os.environ, **env})
    assert "NOT LOADED" in run.stderr.decode(), run.stderr.decode()
    assert Path(home).exists()
