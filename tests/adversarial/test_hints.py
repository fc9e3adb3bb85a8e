"""Hints that point the right way (issue 11), through the real CLI against a server of our own on 127.0.0.1.

- a failed look-up (GET) never says "the provider may have acted on it": only a request with effects
  (POST/DELETE) can have left something behind;
- a 403 gets the advice of the provider that refused it (Origin is Gestão Plus's, from its Provider object);
- a profile picked up from CHECKOUTCTL_PROFILE says so wherever it is named;
- the `validate` hint of `order create` keeps `--cart`;
- a 404 from a loopback base URL without the provider's path prefix names that as the likely cause.
"""

from __future__ import annotations

import pytest

from tests.adversarial.conftest import SAMPLES, Reply, history

ACTED = "may have acted"
CHECKOUT_ID = "CHEC_0123456789ABCDEF0123456789ABCDEF"


def test_a_failed_look_up_does_not_say_the_provider_may_have_acted(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(501, {"error_messages": [{"error": "boom"}]})
    res = cli("order", "show", CHECKOUT_ID, "--profile", "pagbank")
    assert res.code == 5, res.err
    assert ACTED not in res.err and "look-up changes nothing" in res.err


def test_an_unreadable_look_up_answer_does_not_say_the_server_may_have_acted(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(200, b"<<not json>>")
    res = cli("order", "show", CHECKOUT_ID, "--profile", "pagbank")
    assert res.code == 5, res.err
    assert "may have acted" not in res.err and "look-up changes nothing" in res.err


def test_a_failed_create_still_says_the_provider_may_have_acted(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(501, {"message": "boom"})
    res = cli("order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline")
    assert res.code == 5, res.err
    assert "may have" in res.err and "look-up changes nothing" not in res.err
    assert history(cli)[-1]["state"] == "unknown"


def test_an_unreadable_create_answer_still_says_the_order_may_exist(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(201, b"<<not json>>")
    res = cli("order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline")
    assert res.code == 5, res.err
    assert "look-up changes nothing" not in res.err
    assert history(cli)[-1]["state"] == "unknown"


def test_origin_advice_only_on_a_gestaoplus_403(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(403, {"message": "Forbidden"})
    pagbank = cli("order", "show", CHECKOUT_ID, "--profile", "pagbank")
    gestaoplus = cli("order", "show", "--token", "abc123", "--profile", "gestaoplus")
    assert pagbank.code == gestaoplus.code == 4, (pagbank.err, gestaoplus.err)
    assert "origin" not in pagbank.err.lower() and "lack access" in pagbank.err
    assert "Origin" in gestaoplus.err


@pytest.mark.parametrize("how", ["env", "flag"])
def test_an_unknown_profile_says_where_its_name_came_from(cli, monkeypatch, how):
    if how == "env":
        monkeypatch.setenv("CHECKOUTCTL_PROFILE", "nope")
        res = cli("order", "show", CHECKOUT_ID)
    else:
        res = cli("order", "show", CHECKOUT_ID, "--profile", "nope")
    assert res.code == 2
    assert ("(from CHECKOUTCTL_PROFILE)" in res.err) == (how == "env"), res.err
    assert ("(from --profile)" in res.err) == (how == "flag"), res.err


def test_a_profile_from_the_environment_is_named_so_when_it_lacks_a_credential(cli, hostile, profiles, monkeypatch):
    profiles(hostile.url)
    monkeypatch.delenv("ADVERSARIAL_TOKEN")
    monkeypatch.setenv("CHECKOUTCTL_PROFILE", "pagbank")
    res = cli("order", "show", CHECKOUT_ID)
    assert res.code == 2, res.err
    assert "profile 'pagbank' (from CHECKOUTCTL_PROFILE) has no credential" in res.err
    res = cli("order", "show", CHECKOUT_ID, "--profile", "pagbank")
    assert "profile 'pagbank' has no credential" in res.err
    assert not hostile.sent()


def test_the_validate_hint_keeps_the_cart(cli):
    res = cli("order", "create", str(SAMPLES / "pagbank-invalid.yaml"), "--cart", str(SAMPLES / "pagbank-cart.yaml"))
    assert res.code == 3
    assert f"hint: checkoutctl validate {SAMPLES / 'pagbank-invalid.yaml'} --cart {SAMPLES / 'pagbank-cart.yaml'}" in res.err
    res = cli("order", "create", str(SAMPLES / "pagbank-invalid.yaml"))
    assert res.code == 3 and "--cart" not in res.err.splitlines()[-1]


@pytest.mark.parametrize("prefix", ["", "/pagbank"])
def test_a_404_from_a_base_url_without_the_provider_prefix_names_it(cli, hostile, prefix):
    hostile.route = lambda method, path, headers: Reply(404, {"message": f"No route for {path}"})
    res = cli("order", "show", CHECKOUT_ID, "--provider", "pagbank", "--base-url", hostile.url + prefix)
    assert res.code == 4, res.err
    named = f"use base_url {hostile.url}/pagbank (not {hostile.url})"
    assert (named in res.err) == (prefix == ""), res.err


@pytest.mark.parametrize("how", ["env", "flag"])
def test_auth_says_a_profile_came_from_the_environment_wherever_it_names_it(cli, hostile, profiles, monkeypatch,
                                                                            how):
    import io

    profiles(hostile.url)
    pick = ["--profile", "pagbank"] if how == "flag" else []
    if how == "env":
        monkeypatch.setenv("CHECKOUTCTL_PROFILE", "pagbank")
    named = "profile 'pagbank'" + (" (from CHECKOUTCTL_PROFILE)" if how == "env" else "")
    monkeypatch.setattr("sys.stdin", io.StringIO("tok-stored-0123456789\n"))
    res = cli("auth", "login", *pick, "--with-token")
    assert res.code == 0 and f"logged in: {named}, token stored" in res.err, res.err
    res = cli("auth", "logout", *pick)
    assert res.code == 0 and f"the token of {named} is removed" in res.err, res.err
    res = cli("auth", "logout", *pick)
    assert f"{named} has no stored token" in res.err, res.err
    monkeypatch.setattr("sys.stdin", io.StringIO("a password\n"))
    res = cli("auth", "login", *pick, "--password-stdin")
    assert res.code == 2 and f"{named} has no password grant" in res.err, res.err


@pytest.mark.parametrize("how", ["env", "flag"])
def test_the_password_prompt_refusal_says_where_the_profile_came_from(cli, hostile, profiles, monkeypatch, how):
    import io

    profiles(hostile.url, username="maria@example.com")  # a password grant with no password_env: asked for
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nothing can be asked
    if how == "env":
        monkeypatch.setenv("CHECKOUTCTL_PROFILE", "gestaoplus")
    res = cli("auth", "login", *(["--profile", "gestaoplus"] if how == "flag" else []))
    named = "profile 'gestaoplus'" + (" (from CHECKOUTCTL_PROFILE)" if how == "env" else "")
    assert res.code == 2 and f"{named} needs the password of 'maria@example.com'" in res.err, res.err
    assert not hostile.sent()
