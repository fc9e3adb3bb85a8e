"""Every command's `--output json` (issue 9 item 7): terminal-driving characters — C0, DEL, C1, bidi
overrides and isolates, lone surrogates — are written as \\uXXXX escapes, never raw; the output stays
JSON that `json.loads` turns back into exactly the text that was there."""

from __future__ import annotations

import json
import re

import pytest

from checkoutctl.journal import Journal

# Written out here, not imported from json_text.py, so a hole there fails these tests.
RAW_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.fixture
def home(_isolated_env):
    return _isolated_env


HOSTILE = "a\x1b[2J\x07b\x7fc\x9b31m\u202eevil\u202c\u2066iso\u2069\u200f\u061c\u2028\ud800 ção 中文"


def test_json_text_escapes_every_terminal_driving_character_and_round_trips():
    from checkoutctl.render.json_text import json_text

    value = {"k\u202e": [HOSTILE, {"nested": "\x85\x9d"}], "n": 1}
    text = json_text(value)
    assert not RAW_UNSAFE.findall(text.replace("\n", ""))
    assert "\\u202e" in text and "\\u009b" in text and "\\u007f" in text and "\\ud800" in text
    assert "ção 中文" in text  # harmless non-ASCII stays readable
    assert json.loads(text) == value
    text.encode("utf-8")  # a lone surrogate no longer makes the write fail


def _assert_clean_json(res):
    assert res.code == 0, res.err
    assert not RAW_UNSAFE.findall(res.out.replace("\n", "")), [hex(ord(c)) for c in RAW_UNSAFE.findall(res.out)]
    return json.loads(res.out)


def test_history_json_escapes_what_a_server_sent_as_id_and_token(cli, home):
    journal = Journal(home)
    entry = journal.begin(file="order\u202e.yaml", content_hash="h", provider="pagbank", profile="sandbox",
                          idempotency_key=None)
    journal.settle(entry, state="created", id="CHEC_\u202e1\x9b", token="tok\u2066\x7f", http_status=201)
    journal.close()
    [shown] = _assert_clean_json(cli("order", "history", "--output", "json"))
    assert shown["id"] == "CHEC_\u202e1\x9b" and shown["token"] == "tok\u2066\x7f"  # the text, round-tripped
    assert shown["file"] == "order\u202e.yaml"


def test_config_show_json_escapes_what_the_config_file_holds(cli, home):
    (home / "config.yaml").write_text("profiles:\n  shop:\n    provider: pagbank\n"
                                      "    origin: \"https://shop.example\\u202e\\x9b\"\n", encoding="utf-8")
    (home / "config.yaml").chmod(0o600)
    view = _assert_clean_json(cli("config", "show", "--profile", "shop", "--output", "json"))
    assert view["origin"] == "https://shop.example\u202e\x9b"


def test_sandbox_fault_list_json_escapes_the_path(cli):
    assert cli("sandbox", "fault", "add", "--path", "/pagbank/\u202ex\x9b", "--fault", "status=503").code == 0
    [fault] = _assert_clean_json(cli("sandbox", "fault", "list", "--output", "json"))
    assert fault["path"] == "/pagbank/\u202ex\x9b"


@pytest.mark.parametrize("args", [("providers", "--output", "json"), ("schema", "pagbank"),
                                  ("order", "history", "--output", "json")])
def test_every_other_json_output_is_clean_json(cli, args):
    _assert_clean_json(cli(*args))
