"""`order history --resolve ENTRY_OR_ID [--as created|failed]` (issue 11): an unknown outcome is settled
once, through the real CLI and the embedded sandbox (a reset after the request was read leaves the
create `unknown`), and the warning that repeated on every command stops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkoutctl.journal import Journal
from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration
BAKERONLINE = SAMPLES / "bakeronline.yaml"


def _history(cli) -> list[dict]:
    res = cli("order", "history", "--output", "json")
    assert res.code == 0, res.err
    return res.json()


def _unknown_create(cli) -> dict:
    armed = cli("sandbox", "fault", "add", "--method", "POST", "--path", "/bakeronline/checkout/order",
                "--fault", "reset-after-read")
    assert armed.code == 0, armed.err
    res = cli("order", "create", BAKERONLINE)
    assert res.code == 5, res.err
    entry = _history(cli)[-1]
    assert entry["state"] == "unknown" and entry["id"] is None
    return entry


def _journal() -> Journal:
    return Journal(Path(os.environ["CHECKOUTCTL_HOME"]))


def _unknown_entry_naming(order_id: str, provider: str = "pagbank") -> int:
    """An unknown create that names its order (as a journal written before its answer was read might)."""
    journal = _journal()
    entry_id = journal.begin(file="x.yaml", content_hash="h" * 64, provider=provider, profile="sandbox")
    journal.settle(entry_id, state="unknown", id=order_id, message="the connection was reset")
    journal.close()
    return entry_id


def test_an_unknown_create_resolved_as_failed_stops_the_warning_and_may_be_placed_again(cli):
    entry = _unknown_create(cli)
    number = entry["entry_id"]
    listed = cli("order", "history")
    assert f"(entry #{number})" in listed.err and f"--resolve '#{number}'" in listed.err
    placing = cli("order", "create", BAKERONLINE)
    assert placing.code == 2 and f"--resolve '#{number}'" in placing.err  # the guard still holds, and says how

    nothing = cli("order", "history", "--resolve", str(number))
    assert nothing.code == 2 and "names no order id or token" in nothing.err
    assert f"--resolve '#{number}' --as created" in nothing.err

    res = cli("order", "history", "--resolve", f"#{number}", "--as", "failed", "--output", "json")
    assert res.code == 0, res.err
    [resolved] = res.json()
    assert resolved["entry_id"] == number and resolved["state"] == "failed"
    assert resolved["message"].startswith("resolved by hand as failed (was unknown); earlier: ")
    assert "unknown → failed" in res.err

    listed = cli("order", "history")
    assert listed.code == 0 and "unknown outcome" not in listed.err
    placed = cli("order", "create", BAKERONLINE, "--output", "json")
    assert placed.code == 0, placed.err  # failed: safe to place again, no --again needed
    assert "unknown outcome" not in placed.err


def test_resolved_as_created_the_file_needs_again(cli):
    number = _unknown_create(cli)["entry_id"]
    res = cli("order", "history", "--resolve", str(number), "--as", "created")
    assert res.code == 0, res.err
    assert _history(cli)[-1]["state"] == "created"
    again = cli("order", "create", BAKERONLINE)
    assert again.code == 2 and "was already placed" in again.err and "unknown outcome" not in again.err
    settled = cli("order", "history", "--resolve", str(number), "--as", "failed")
    assert settled.code == 2 and "is already created" in settled.err


def test_an_entry_naming_its_order_is_looked_up_at_the_provider(cli):
    placed = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    order_id = placed.json()["id"]
    number = _unknown_entry_naming(order_id)
    res = cli("order", "history", "--resolve", f"#{number}", "-v")
    assert res.code == 0, res.err
    assert f"> GET " in res.err and res.err.count(f"/pagbank/checkouts/{order_id}") == 1  # asked the provider
    entry = next(e for e in _history(cli) if e["entry_id"] == number)
    assert entry["state"] == "created"
    assert entry["message"].startswith(f"resolved: PagBank Checkout has order {order_id} (was unknown)")


def test_an_order_the_provider_does_not_know_is_left_unknown(cli):
    number = _unknown_entry_naming("CHEC_00000000000000000000000000000000")
    res = cli("order", "history", "--resolve", f"#{number}")
    assert res.code == 4, res.err
    assert f"--resolve '#{number}' --as failed" in res.err
    assert next(e for e in _history(cli) if e["entry_id"] == number)["state"] == "unknown"


def test_a_number_that_is_an_entry_and_an_order_id_is_never_guessed(cli):
    first = _unknown_entry_naming("77", provider="bakeronline")
    for _ in range(first, 77):
        _journal().begin(file="filler.yaml", content_hash="f" * 64, provider="crayon", profile="sandbox")
    res = cli("order", "history", "--resolve", "77", "--as", "failed")
    assert res.code == 2 and "is both entry 77 and the order id of entry" in res.err, res.err
    assert cli("order", "history", "--resolve", "#77", "--as", "failed").code == 0
    assert next(e for e in _history(cli) if e["entry_id"] == 77)["state"] == "failed"
    assert next(e for e in _history(cli) if e["entry_id"] == first)["state"] == "unknown"


@pytest.mark.parametrize("args, says", [
    (("--as", "failed"), "--as goes with --resolve"),
    (("--resolve", "#1", "--as", "paid"), "resolved as created or failed"),
    (("--resolve", "#99"), "no journal entry #99"),
    (("--resolve", "nope"), "neither an entry number nor an order id"),
])
def test_bad_resolve_requests_are_usage_errors(cli, args, says):
    _unknown_create(cli)
    res = cli("order", "history", *args)
    assert res.code == 2 and says in res.err, res.err
    assert _history(cli)[-1]["state"] == "unknown"


def test_an_entry_settled_meanwhile_keeps_its_real_answer():
    journal = _journal()
    entry_id = journal.begin(file="x.yaml", content_hash="h" * 64, provider="pagbank", profile="sandbox")
    journal.settle(entry_id, state="created", id="CHEC_1")  # the real answer arrived first
    assert journal.resolve(entry_id, state="failed", message="by hand", was="pending") is False
    assert journal.entry(entry_id).state == "created"
    assert journal.resolve(entry_id, state="failed", message="by hand", was="created") is True


def test_help_shows_resolve_with_examples(cli):
    res = cli("order", "history", "--help")
    assert res.code == 0
    assert "--resolve ENTRY_OR_ID" in res.out and "--as STATE" in res.out
    assert "checkoutctl order history --resolve '#7' --as failed" in res.out
