"""CONTRACT §7, "an id is never lost": a `checkoutctl order create` killed (SIGKILL) after its request
reached the server but before the answer was recorded leaves the journal saying `pending`; the next
`order create` warns and says how to resolve it, and the same file is refused without `--again`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.adversarial.conftest import ROOT, SAMPLES, history

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]
WAIT_SECONDS = 30


def _armed_faults(home) -> list[dict]:
    from checkoutctl.sandbox import faults
    from checkoutctl.sandbox_server import open_store

    store = open_store(home)
    try:
        return faults.armed(store)
    finally:
        store.close()


def _kill_once_the_request_arrived(cli, home, provider: str, path: str) -> None:
    # The queued fault is consumed the moment the request reaches the sandbox, before its 5 s delay:
    # once it is gone, the request was sent and no answer can have been recorded.
    res = cli("sandbox", "fault", "add", "--method", "POST", "--path", path, "--fault", "delay=5")
    assert res.code == 0, res.err
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", "order", "create", str(SAMPLES / f"{provider}.yaml")],
                            cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while _armed_faults(home) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert not _armed_faults(home), "the request never reached the sandbox"
        assert proc.poll() is None, proc.communicate(timeout=5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("provider,path", [("pagbank", "/pagbank/checkouts"), ("gestaoplus", "/gestaoplus/order")])
def test_killed_between_send_and_answer_leaves_pending_never_a_lost_order(cli, home, provider, path):
    _kill_once_the_request_arrived(cli, home, provider, path)
    [entry] = history(cli)
    assert entry["state"] == "pending" and entry["provider"] == provider
    assert entry["file"].endswith(f"{provider}.yaml")
    if provider == "pagbank":
        assert entry["idempotency_key"]

    other = "bakeronline"
    res = cli("order", "create", str(SAMPLES / f"{other}.yaml"))
    assert res.code == 0, res.err
    warning = [line for line in res.err.splitlines() if line.startswith("warning:")]
    assert warning and "pending" in warning[0] and f"{provider}.yaml" in warning[0]
    assert ("--again" in warning[0]) == (provider == "pagbank")
    assert "check with the provider" in warning[0] or "--again" in warning[0]

    again = cli("order", "create", str(SAMPLES / f"{provider}.yaml"))
    assert again.code == 2
    assert "outcome is pending" in again.err and "hint:" in again.err and "--again" in again.err
    assert history(cli)[0]["state"] == "pending"  # refusing sent nothing and changed nothing


def test_again_after_a_crash_reuses_the_pagbank_key(cli, home):
    _kill_once_the_request_arrived(cli, home, "pagbank", "/pagbank/checkouts")
    [pending] = history(cli)
    res = cli("order", "create", str(SAMPLES / "pagbank.yaml"), "--again", "--output", "json")
    assert res.code == 0, res.err
    entries = history(cli)
    assert entries[-1]["state"] == "created" and entries[-1]["idempotency_key"] == pending["idempotency_key"]
