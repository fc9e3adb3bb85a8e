"""`order cancel|activate|open` against a misbehaving server of our own on 127.0.0.1 (issue 14): a
cancel that times out or fails with 5xx is sent once and journalled `unknown`, exit 5; a link that is
not a web address is never opened or printed."""

from __future__ import annotations

import pytest

from tests.adversarial.conftest import Reply, history, run_subprocess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

CHECKOUT = {"id": "CHEC_1", "status": "INACTIVE", "items": [], "links": [
    {"rel": "PAY", "href": "https://ok.example/pay/CHEC_1", "method": "GET"}]}


@pytest.mark.parametrize("reply", [Reply(200, CHECKOUT, delay=3), Reply(503, {"error_messages": []}),
                                   Reply(200, b"{not json")], ids=["timeout", "503", "unreadable"])
def test_a_pagbank_cancel_whose_outcome_is_unknown_is_sent_once_and_journalled_unknown(cli, hostile, profiles, reply):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: reply
    res = cli("order", "cancel", "CHEC_1", "--yes", "--profile", "pagbank", "--timeout", "1")
    assert res.code == 5, res.err
    assert "may have been carried out" in res.err and "Traceback" not in res.err
    assert len(hostile.sent("POST", "/pagbank/checkouts/CHEC_1/inactivate")) == 1  # never retried blindly
    [entry] = history(cli)
    assert (entry["operation"], entry["state"], entry["id"]) == ("cancel", "unknown", "CHEC_1")


def test_a_gestaoplus_cancel_that_times_out_is_one_delete_and_unknown(cli, hostile, profiles, monkeypatch):
    profiles(hostile.url)
    monkeypatch.setenv("CHECKOUTCTL_API_KEY", "erp-key-canary-42")
    hostile.route = lambda method, path, headers: Reply(200, {"detail": "Order cancelled"}, delay=3)
    res = cli("order", "cancel", "593", "--yes", "--provider", "gestaoplus", "--profile", "gestaoplus",
              "--timeout", "1")
    assert res.code == 5, res.err
    sent = hostile.sent("DELETE", "/gestaoplus/order-external/593")
    assert len(sent) == 1 and sent[0]["headers"].get("x-api-key") == "erp-key-canary-42"
    assert "erp-key-canary-42" not in res.out + res.err
    assert history(cli)[0]["state"] == "unknown"


def test_a_link_that_is_not_a_web_address_is_neither_opened_nor_printed(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(200, {**CHECKOUT, "links": [
        {"rel": "PAY", "href": "javascript:alert(document.cookie)", "method": "GET"}]})
    res = cli("order", "open", "CHEC_1", "--profile", "pagbank", "--provider", "pagbank")
    assert res.code == 5 and "not a web address" in res.err
    assert res.out == "" and "javascript" not in res.err


def test_order_open_hands_the_link_to_the_browser(hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(200, CHECKOUT)
    # BROWSER names the command webbrowser runs with the URL: `true` opens nothing, successfully.
    done = run_subprocess("order", "open", "CHEC_1", "--profile", "pagbank", "--provider", "pagbank",
                          env_extra={"BROWSER": "true"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"" and b"opened https://ok.example/pay/CHEC_1 in the browser" in done.stderr
