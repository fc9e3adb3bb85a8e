"""`order show --watch --exit-status` for CI (CONTRACT §3): 0 only on a paid/successful final state,
5 when it gives up; Ctrl-C prints the last known state and exits 130. And look-ups that never guess:
an id several providers' orders share is exit 2 naming them; `--token` needs no `--provider`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from checkoutctl.journal import Journal
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.integration


def _placed(cli, provider: str) -> dict:
    placed = cli("order", "create", SAMPLES / f"{provider}.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    return placed.json()


def test_giving_up_with_exit_status_is_5_and_still_prints_the_order(cli):
    checkout = _placed(cli, "pagbank")["id"]
    watched = cli("order", "show", checkout, "--watch", "--exit-status", "--interval", "0.2", "--watch-timeout", "1",
                  "--output", "json")
    assert watched.code == 5, watched.err
    assert watched.json()["status"] == "ACTIVE" and "still not final after 1s" in watched.err


def test_a_paid_final_state_with_exit_status_is_0(cli):
    order = _placed(cli, "gestaoplus")  # the sandbox's boleto is paid at once (statusPayment CONCLUIDO)
    watched = cli("order", "show", "--token", order["token"], "--watch", "--exit-status", "--output", "json")
    assert watched.code == 0, watched.err
    assert watched.json()["payment_status"] == "CONCLUIDO"


def test_a_final_state_that_is_not_paid_is_4():
    from checkoutctl.model import Order
    from checkoutctl.ordering.show import watch_exit_status
    from checkoutctl.providers import registry

    gestaoplus = registry.find("gestaoplus")
    assert watch_exit_status(gestaoplus, [Order("gestaoplus", payment_status="EXPIRADO")], gave_up=False) == 4
    assert watch_exit_status(gestaoplus, [Order("gestaoplus", payment_status="CONCLUIDO")], gave_up=False) == 0
    assert watch_exit_status(gestaoplus, [Order("gestaoplus", payment_status="CONCLUIDO")], gave_up=True) == 5


def test_ctrl_c_while_watching_prints_the_last_state_and_exits_130(cli):
    checkout = _placed(cli, "pagbank")["id"]
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", "order", "show", checkout, "--watch",
                             "--interval", "0.2", "--output", "json"], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(2.5)  # long enough for the first lookups; the watch itself would run 600 s
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert json.loads(out)["status"] == "ACTIVE" and b"interrupted" in err


def test_an_id_that_two_providers_share_is_exit_2_naming_them(cli, _isolated_env):
    journal = Journal(_isolated_env)
    for n, provider in enumerate(("pagbank", "bakeronline")):
        entry = journal.begin(file=f"{provider}.yaml", content_hash=f"h{n}", provider=provider, profile="sandbox",
                              idempotency_key=None)
        journal.settle(entry, state="created", id="1", http_status=200)
    journal.close()
    res = cli("order", "show", "1")
    assert res.code == 2 and res.out == ""
    assert "several providers" in res.err and "bakeronline, pagbank" in res.err and "--provider" in res.err


def test_a_token_needs_no_provider_even_when_the_journal_does_not_know_it(cli):
    order = _placed(cli, "gestaoplus")
    shown = cli("order", "show", "--token", order["token"], "--output", "json")
    assert shown.code == 0, shown.err and shown.json()["token"] == order["token"]
    unknown = cli("order", "show", "--token", "no-such-token", "--output", "json")
    assert unknown.code == 4, unknown.err  # asked Gestão Plus, which has no such order: not "provider unknown"
