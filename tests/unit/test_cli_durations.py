"""Durations are checked on input (issue 9 §2): exit 2 before anything is sent, whatever the source."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES

BAD = ["nan", "NaN", "inf", "-inf", "0", "-1", "3601", "1e400", "٣", "abc", ""]


def _unsent(monkeypatch):
    """Any attempt to send fails the test: refusal must come first."""
    from checkoutctl.http import routing

    def refuse(*args, **kwargs):
        raise AssertionError("a request was sent")

    monkeypatch.setattr(routing.RoutingTransport, "send", refuse)


@pytest.mark.parametrize("value", BAD)
def test_a_bad_timeout_flag_is_exit_2_before_anything_is_sent(cli, monkeypatch, value):
    _unsent(monkeypatch)
    for args in (("order", "create", str(SAMPLES / "pagbank.yaml")), ("order", "show", "CHEC_1", "--provider", "pagbank")):
        res = cli(*args, "--timeout", value)
        assert res.code == 2, (args, res.err)
        assert "timeout" in res.err


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-5", "4000", "٣"])
def test_a_bad_timeout_from_the_environment_or_a_profile_is_exit_2(cli, monkeypatch, _isolated_env, value):
    _unsent(monkeypatch)
    monkeypatch.setenv("CHECKOUTCTL_TIMEOUT", value)
    res = cli("order", "show", "CHEC_1", "--provider", "pagbank")
    assert res.code == 2 and "CHECKOUTCTL_TIMEOUT" in res.err, res.err
    monkeypatch.delenv("CHECKOUTCTL_TIMEOUT")
    config = _isolated_env / "config.yaml"
    config.write_text(f"profiles:\n  p:\n    provider: pagbank\n    base_url: https://api.example.com\n"
                      f"    timeout: '{value}'\n", encoding="utf-8")
    res = cli("order", "show", "CHEC_1", "--profile", "p")
    assert res.code == 2 and f"{config}:" in res.err, res.err


@pytest.mark.parametrize("flag", ["--interval", "--watch-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e400", "٣", "90000"])
def test_watch_durations_are_checked(cli, monkeypatch, flag, value):
    _unsent(monkeypatch)
    res = cli("order", "show", "CHEC_1", "--provider", "pagbank", "--watch", flag, value)
    assert res.code == 2 and flag in res.err, res.err
