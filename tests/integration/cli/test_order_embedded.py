"""`order create` then `order show`, for every provider, through the real CLI against the embedded sandbox.

Each command starts its own sandbox on an ephemeral loopback port; they share the SQLite state under
CHECKOUTCTL_HOME, so a second command finds what the first placed (CONTRACT §4, §6).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration

NORMALIZED_KEYS = {"provider", "id", "code", "token", "status", "payment_status", "created_at", "currency", "total",
                   "discount", "customer", "items", "installments", "attachments", "links", "payment_url"}


def _one(result):
    data = result.json()
    return data[0] if isinstance(data, list) else data


def test_gestaoplus_create_then_show_by_token(cli):
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    assert "SANDBOX" in placed.err
    order = _one(placed)
    assert NORMALIZED_KEYS <= set(order)
    assert order["provider"] == "gestaoplus" and order["token"]
    assert order["items"][0]["id"] == "483"
    due = sum(Decimal(i["amount"]) for i in order["installments"])
    assert due == Decimal(order["total"])

    shown = cli("order", "show", "--token", order["token"], "--output", "json")
    assert shown.code == 0, shown.err
    again = _one(shown)
    assert again["id"] == order["id"] and again["code"] == order["code"]


def test_gestaoplus_table_shows_sections(cli, monkeypatch):
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")  # the terminal's table (piped stdout gets TSV)
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml")
    assert placed.code == 0, placed.err
    out = placed.out
    for heading in ("Items", "Installments", "CERTIFICADO PJ A1"):
        assert heading in out
    assert "\x1b" not in out  # NO_COLOR
    assert "look it up again: checkoutctl order show --token " in placed.err


def test_pagbank_create_then_show_by_id_from_journal(cli):
    placed = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    order = _one(placed)
    assert order["id"].startswith("CHEC_") and order["status"] == "ACTIVE"
    assert order["payment_url"] and order["payment_url"].startswith("http")
    shown = cli("order", "show", order["id"], "--output", "json")  # provider found in the journal
    assert shown.code == 0, shown.err
    assert _one(shown)["id"] == order["id"]


def test_bakeronline_create_then_show(cli):
    placed = cli("order", "create", SAMPLES / "bakeronline.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    orders = placed.json() if isinstance(placed.json(), list) else [placed.json()]
    assert all(o["provider"] == "bakeronline" and o["currency"] == "EUR" for o in orders)
    shown = cli("order", "show", orders[0]["id"], "--provider", "bakeronline", "--output", "json")
    assert shown.code == 0, shown.err
    assert _one(shown)["id"] == orders[0]["id"]


def test_crayon_verify_then_checkout(cli):
    placed = cli("order", "create", SAMPLES / "crayon.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    order = _one(placed)
    assert order["provider"] == "crayon" and order["status"] == "CHECKED_OUT"
    assert order["items"]


def test_resubmitting_asks_for_again(cli):
    first = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json")
    assert first.code == 0, first.err
    second = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json")
    assert second.code == 2 and "--again" in second.err and second.out == ""
    third = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json", "--again")
    assert third.code == 0, third.err
    assert _one(third)["id"] != _one(first)["id"]


def test_history_lists_what_was_placed(cli):
    assert cli("order", "create", SAMPLES / "gestaoplus.yaml", "--output", "json").code == 0
    history = cli("order", "history", "--output", "json")
    assert history.code == 0
    entries = history.json()
    assert len(entries) == 1
    entry = entries[0]
    assert {"at", "provider", "profile", "file", "idempotency_key", "state", "id", "token", "http_status"} <= set(entry)
    assert entry["state"] == "created" and entry["provider"] == "gestaoplus" and entry["profile"] == "sandbox"


def test_invalid_file_sends_nothing(cli, write):
    bad = write("bad.yaml", "provider: pagbank\norder:\n  items: []\n")
    result = cli("order", "create", bad)
    assert result.code == 3
    assert "bad.yaml:3:10: error: order.items" in result.err and result.out == ""
    assert cli("order", "history", "--output", "json").json() == []


def test_dry_run_prints_requests_and_sends_nothing(cli):
    result = cli("order", "create", SAMPLES / "pagbank.yaml", "--dry-run")
    assert result.code == 0, result.err
    assert "POST http://127.0.0.1:<port>/pagbank/checkouts" in result.out
    assert "x-idempotency-key" in result.out.lower()
    assert "sandbox" not in result.out.split("Authorization", 1)[-1].splitlines()[0]  # token masked
    assert cli("order", "history", "--output", "json").json() == []


def test_cart_items_are_appended_to_the_order_that_is_placed(cli):
    alone = _one(cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json"))
    merged = cli("order", "create", SAMPLES / "pagbank.yaml", "--cart", SAMPLES / "pagbank-cart.yaml", "--output", "json")
    assert merged.code == 0, merged.err  # a different body than the order alone: no --again needed
    order = _one(merged)
    assert len(order["items"]) == len(alone["items"]) + 2
    assert [i["description"] for i in order["items"][-2:]] == ["Par de meias", "Boné aba curva"]
    assert Decimal(order["total"]) == Decimal(alone["total"]) + Decimal("47.70") + Decimal("59.90")


def test_several_documents_are_placed_in_order_and_printed_as_an_array(cli, write):
    text = (SAMPLES / "gestaoplus.yaml").read_text(encoding="utf-8")
    two = write("two.yaml", text + "---\n" + text.replace("quantity: 1", "quantity: 2"))
    placed = cli("order", "create", two, "--output", "json")
    assert placed.code == 0, placed.err
    orders = placed.json()
    assert isinstance(orders, list) and len(orders) == 2
    assert [o["items"][0]["quantity"] for o in orders] == [1, 2]
    history = cli("order", "history", "--output", "json").json()
    assert [e["state"] for e in history] == ["created", "created"]
    assert [e["id"] for e in history] == [o["id"] for o in orders]


def test_an_id_no_journal_knows_goes_to_the_provider_whose_ids_look_like_it(cli):
    # PagBank ids look like CHEC_… (seeds/README): with no journal entry and no --provider, PagBank is asked.
    missing = cli("order", "show", "CHEC_0123456789ABCDEF0123456789ABCDEF")
    assert missing.code == 4, missing.err
    assert "pagbank refused the request (HTTP 404" in missing.err
    unknown = cli("order", "show", "14")  # a bare number could be anyone's
    assert unknown.code == 2 and "is not in this machine's journal" in unknown.err
