"""`sandbox trigger` and `sandbox clock` (issue 13): each trigger changes what `order show` prints, a
`--watch` in another process returns when it happens, and the clock expires a PagBank checkout. Through
the real CLI over real HTTP, on the embedded sandbox and on `sandbox serve`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.integration.sandbox.test_lasting_links import checkoutctl, free_port, serving

pytestmark = pytest.mark.integration

PAGBANK_2H = """\
provider: pagbank
order:
  reference_id: "pedido-clock"
  items:
    - name: Camiseta
      quantity: 1
      unit_amount: 4990
"""
GESTAOPLUS_BOLETO_3X = """\
provider: gestaoplus
order:
  items:
    - id: 483
      quantity: 1
  type: V
  negotiationType: 33
  uri: cliente-{n}
"""


def placed(cli, tmp_path, text: str, name: str = "order.yaml") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    res = cli("order", "create", str(path), "--output", "json")
    assert res.code == 0, res.err
    return res.json()


def shown(cli, *ref: str) -> dict:
    res = cli("order", "show", *ref, "--output", "json")
    assert res.code == 0, res.err
    return res.json()


def trigger(cli, *args: str):
    return cli("sandbox", "trigger", *args)


def test_trigger_list_names_every_providers_events(cli):
    res = cli("sandbox", "trigger", "--list", "--output", "json")
    assert res.code == 0, res.err
    names = {e["event"] for e in res.json()}
    assert names == {"pagbank.paid", "pagbank.declined", "pagbank.expired", "pagbank.inactivated",
                     "gestaoplus.installment_paid", "gestaoplus.overdue", "gestaoplus.cancelled",
                     "bakeronline.approved", "bakeronline.declined", "bakeronline.collected", "bakeronline.paid"}


def test_pagbank_paid_shows_the_payment_and_is_final(cli):
    checkout = cli("order", "create", str(SAMPLES / "pagbank.yaml"), "--output", "json").json()
    assert shown(cli, checkout["id"])["payment_status"] is None
    res = trigger(cli, "paid", checkout["id"])  # the CHEC_ id says whose `paid` it is
    assert res.code == 0 and "now ACTIVE, payment PAID" in res.err
    assert shown(cli, checkout["id"])["payment_status"] == "PAID"
    watched = cli("order", "show", checkout["id"], "--watch", "--watch-timeout", "5", "--exit-status")
    assert watched.code == 0 and "still not final" not in watched.err  # paid: the successful end
    again = trigger(cli, "pagbank.paid", checkout["id"])
    assert again.code == 2 and "already paid" in again.err


def test_pagbank_declined_then_paid(cli):
    checkout = cli("order", "create", str(SAMPLES / "pagbank.yaml"), "--output", "json").json()
    assert trigger(cli, "pagbank.declined", checkout["id"]).code == 0
    assert shown(cli, checkout["id"])["payment_status"] == "DECLINED"
    assert trigger(cli, "pagbank.paid", checkout["id"]).code == 0
    assert shown(cli, checkout["id"])["payment_status"] == "PAID"


@pytest.mark.parametrize(("event", "status"), [("pagbank.expired", "EXPIRED"), ("pagbank.inactivated", "INACTIVE")])
def test_pagbank_expired_and_inactivated(cli, event, status):
    checkout = cli("order", "create", str(SAMPLES / "pagbank.yaml"), "--output", "json").json()
    assert trigger(cli, event, checkout["id"]).code == 0
    assert shown(cli, checkout["id"])["status"] == status
    paid = trigger(cli, "pagbank.paid", checkout["id"])
    assert paid.code == 2 and f"is {status}: only an ACTIVE checkout can be paid" in paid.err


def test_the_clock_expires_a_pagbank_checkout(cli, tmp_path):
    checkout = placed(cli, tmp_path, PAGBANK_2H)  # expiration_date defaults to now + 2 h (seed 004)
    assert shown(cli, checkout["id"])["status"] == "ACTIVE"
    advanced = cli("sandbox", "clock", "advance", "2h1m")
    assert advanced.code == 0 and "+7260s from real time" in advanced.err
    assert shown(cli, checkout["id"])["status"] == "EXPIRED"
    assert cli("sandbox", "clock", "reset").code == 0
    assert shown(cli, checkout["id"])["status"] == "ACTIVE"
    assert "+0s from real time" in cli("sandbox", "clock", "show").err


@pytest.mark.parametrize("duration", ["5x", "-3h", "", "h", "1e9"])
def test_a_bad_duration_is_exit_2(cli, duration):
    res = cli("sandbox", "clock", "advance", duration)
    assert res.code == 2 and "duration" in res.err


def test_gestaoplus_installments_paid_one_by_one_then_all(cli, tmp_path):
    order = placed(cli, tmp_path, GESTAOPLUS_BOLETO_3X.format(n=1))
    assert trigger(cli, "gestaoplus.installment_paid", str(order["id"]), "--installment", "1").code == 0
    after_one = shown(cli, "--token", order["token"])
    assert [i["status"] for i in after_one["installments"]] == ["LIQUIDADO", "ABERTO", "ABERTO"]
    assert after_one["installments"][0]["paid"] == after_one["installments"][0]["amount"]
    assert after_one["payment_status"] == "PENDENTE"
    assert trigger(cli, "installment_paid", order["token"]).code == 0  # by token, every open one
    assert shown(cli, "--token", order["token"])["payment_status"] == "CONCLUIDO"
    watched = cli("order", "show", "--token", order["token"], "--watch", "--watch-timeout", "5", "--exit-status")
    assert watched.code == 0 and "still not final" not in watched.err


def test_an_id_that_starts_with_a_dash_is_taken_after_double_dash(cli, tmp_path):
    # An older sandbox gave out such tokens (token_urlsafe: 1 in 64) and its database keeps them.
    import sqlite3

    order = placed(cli, tmp_path, GESTAOPLUS_BOLETO_3X.format(n=9))
    token = "-Q" + order["token"][2:]  # one dash: a second one (1 token in 64) would make it a long option
    with sqlite3.connect(Path(os.environ["CHECKOUTCTL_HOME"]) / "sandbox.sqlite3") as db:
        db.execute("UPDATE gestaoplus_orders SET public_token = ? WHERE id = ?", (token, int(order["id"])))
    db.close()
    bare = trigger(cli, "installment_paid", token)  # read as options: usage, and the way out
    assert bare.code == 2 and "No such option" in bare.err
    assert "goes after --" in bare.err and token not in bare.err
    done = trigger(cli, "installment_paid", "--", token)
    assert done.code == 0, done.err
    assert shown(cli, "--token", token)["payment_status"] == "CONCLUIDO"


def test_a_short_option_typed_wrong_gets_no_double_dash_hint(cli):
    res = trigger(cli, "installment_paid", "1", "-x")
    assert res.code == 2 and "No such option: -x" in res.err and "goes after --" not in res.err


def test_gestaoplus_overdue_and_cancelled(cli, tmp_path):
    order = placed(cli, tmp_path, GESTAOPLUS_BOLETO_3X.format(n=2))
    assert trigger(cli, "gestaoplus.overdue", str(order["id"])).code == 0
    assert {i["status"] for i in shown(cli, "--token", order["token"])["installments"]} == {"VENCIDO"}
    assert trigger(cli, "gestaoplus.cancelled", str(order["id"])).code == 0
    assert shown(cli, "--token", order["token"])["payment_status"] == "CANCELADO"
    late = trigger(cli, "gestaoplus.installment_paid", str(order["id"]))
    assert late.code == 2 and "is cancelled" in late.err


def test_bakeronline_approved_collected_paid(cli):
    created = cli("order", "create", str(SAMPLES / "bakeronline.yaml"), "--output", "json").json()
    order_id = str((created[0] if isinstance(created, list) else created)["id"])
    early = trigger(cli, "bakeronline.collected", order_id)
    assert early.code == 2 and "only APPROVED can become COLLECTED" in early.err
    for event, field, value in (("approved", "status", "APPROVED"), ("bakeronline.paid", "payment_status", "paid"),
                                ("collected", "status", "COLLECTED")):
        assert trigger(cli, event, order_id).code == 0
        assert shown(cli, order_id, "--provider", "bakeronline")[field] == value


def test_unknown_event_and_unknown_order_are_exit_2(cli):
    assert "no sandbox event" in trigger(cli, "pagbank.refunded", "CHEC_X").err
    missing = trigger(cli, "pagbank.paid", "CHEC_00000000000000000000000000000000")
    assert missing.code == 2 and "no PagBank checkout" in missing.err


def test_a_watch_on_sandbox_serve_returns_when_another_process_triggers(tmp_path):
    home, port = tmp_path / "home", free_port()
    with serving(home, port):
        created = checkoutctl(home, "order", "create", str(SAMPLES / "pagbank.yaml"), "--output", "json")
        checkout_id = json.loads(created.stdout)["id"]
        env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
        watch = subprocess.Popen([sys.executable, "-m", "checkoutctl", "order", "show", checkout_id, "--watch",
                                  "--interval", "0.2", "--watch-timeout", "60", "--output", "json"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        try:
            triggered = checkoutctl(home, "sandbox", "trigger", "pagbank.paid", checkout_id)
            assert triggered.returncode == 0, triggered.stderr
            out, err = watch.communicate(timeout=60)
        finally:
            watch.kill()
    assert watch.returncode == 0 and json.loads(out)["payment_status"] == "PAID"
    assert "still not final" not in err and f"sandbox serve at http://127.0.0.1:{port}" in err
