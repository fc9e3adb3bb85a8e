"""`order cancel|activate|open` through the real CLI against the embedded sandbox (issue 14): each
operation journalled with its outcome, asked for (--yes) when stdin is not a terminal."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration


def _placed(cli, provider: str) -> dict:
    placed = cli("order", "create", SAMPLES / f"{provider}.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    data = placed.json()
    return data[0] if isinstance(data, list) else data


def _operations(cli) -> list[tuple[str, str]]:
    return [(e["operation"], e["state"]) for e in cli("order", "history", "--output", "json").json()]


def test_pagbank_cancel_asks_then_inactivates_and_activate_brings_it_back(cli):
    order = _placed(cli, "pagbank")
    unasked = cli("order", "cancel", order["id"])
    assert unasked.code == 2 and "without --yes" in unasked.err
    assert _operations(cli) == [("create", "created")]  # nothing sent, nothing journalled

    cancelled = cli("order", "cancel", order["id"], "--yes", "--output", "json")
    assert cancelled.code == 0, cancelled.err
    assert cancelled.json()["id"] == order["id"] and cancelled.json()["status"] == "INACTIVE"
    assert cli("order", "show", order["id"], "--output", "json").json()["status"] == "INACTIVE"

    again = cli("order", "cancel", order["id"], "--yes")
    assert again.code == 4 and "cannot be inactivated" in again.err  # the provider's own refusal

    activated = cli("order", "activate", order["id"], "--yes", "--json", "id,status")
    assert activated.code == 0, activated.err
    assert activated.json() == {"id": order["id"], "status": "ACTIVE"}
    assert _operations(cli) == [("create", "created"), ("cancel", "created"), ("cancel", "refused"),
                                ("activate", "created")]
    history = cli("order", "history", "--output", "json").json()
    assert {e["id"] for e in history} == {order["id"]} and history[1]["http_status"] == 200


def test_gestaoplus_cancel_uses_the_erp_route_and_show_then_reads_cancelado(cli):
    order = _placed(cli, "gestaoplus")
    cancelled = cli("order", "cancel", order["id"], "--yes", "--output", "json")
    assert cancelled.code == 0, cancelled.err
    assert cancelled.json()["id"] == order["id"] and cancelled.json()["notes"] == ["Order cancelled"]
    shown = cli("order", "show", order["id"], "--output", "json")  # the journal still maps id → token
    assert shown.code == 0, shown.err
    assert shown.json()["payment_status"] == "CANCELADO"
    assert _operations(cli)[-1] == ("cancel", "created")


def test_a_wrong_api_key_is_refused_and_journalled(cli, monkeypatch):
    order = _placed(cli, "gestaoplus")
    monkeypatch.setenv("CHECKOUTCTL_API_KEY", "not-the-key")
    refused = cli("order", "cancel", order["id"], "--yes")
    assert refused.code == 4 and "Invalid API key" in refused.err and "not-the-key" not in refused.err
    assert _operations(cli)[-1] == ("cancel", "refused")


def test_what_a_provider_cannot_do_is_a_usage_error_before_anything_is_sent(cli):
    gestaoplus = _placed(cli, "gestaoplus")
    res = cli("order", "activate", gestaoplus["id"], "--yes", "--provider", "gestaoplus")
    assert res.code == 2 and "Gestão Plus orders cannot be activated" in res.err
    bakeronline = _placed(cli, "bakeronline")
    res = cli("order", "cancel", bakeronline["id"].split(",")[0], "--yes", "--provider", "bakeronline")
    assert res.code == 2 and "Bakeronline orders cannot be cancelled" in res.err
    assert [op for op, _state in _operations(cli)] == ["create", "create"]


def test_order_open_prints_the_payment_page_or_the_boleto(cli):
    pagbank = _placed(cli, "pagbank")
    res = cli("order", "open", pagbank["id"], "--print")
    assert res.code == 0, res.err
    assert res.out == pagbank["payment_url"] + "\n" and res.out.startswith("http://127.0.0.1:")
    gestaoplus = _placed(cli, "gestaoplus")
    res = cli("order", "open", "--token", gestaoplus["token"], "--print")
    assert res.code == 0, res.err
    assert res.out.strip() == gestaoplus["attachments"][0]["url"]
