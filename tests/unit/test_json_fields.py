"""`--json FIELDS` / `--jq EXPR` on every command that prints orders or lists (CONTRACT §3), and
`order history`'s filters (issue 11)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checkoutctl.journal import Journal
from tests.conftest import ROOT, SAMPLES


@pytest.fixture
def journal(_isolated_env):
    """Four journal entries: two providers, two profiles, three states, two days."""
    journal = Journal(_isolated_env)
    rows = [("pagbank", "sandbox", "created", "CHEC_A", None), ("gestaoplus", "sandbox", "created", "7", "tok-7"),
            ("pagbank", "shop", "refused", None, None), ("pagbank", "sandbox", "unknown", None, None)]
    for n, (provider, profile, state, id_, token) in enumerate(rows):
        entry = journal.begin(file=f"o{n}.yaml", content_hash=f"h{n}", provider=provider, profile=profile,
                              idempotency_key=None)
        journal.settle(entry, state=state, id=id_, token=token, http_status=201 if state == "created" else None,
                       message="\x1b[2Jbad value" if state == "refused" else None)
    with journal._write() as db:  # the first entry was placed a day earlier
        db.execute("UPDATE journal SET at = '2026-11-30T10:00:00+00:00' WHERE entry_id = 1")
    journal.close()
    return _isolated_env


def test_bare_json_lists_the_fields(cli, journal):
    res = cli("order", "history", "--json")
    assert res.code == 0, res.err
    assert {"at", "provider", "profile", "file", "document", "state", "id", "token", "http_status", "message"} <= set(res.out.split())


def test_json_fields_keep_only_those_keys(cli, journal):
    res = cli("order", "history", "--json", "id,state")
    assert res.code == 0, res.err
    assert res.json() == [{"id": "CHEC_A", "state": "created"}, {"id": "7", "state": "created"},
                          {"id": None, "state": "refused"}, {"id": None, "state": "unknown"}]


def test_an_unknown_field_is_a_usage_error_naming_the_valid_ones(cli, journal):
    res = cli("order", "history", "--json", "id,nope")
    assert res.code == 2 and res.out == ""
    assert "unknown JSON field 'nope'" in res.err and "available fields: at, provider" in res.err


def test_jq_filters_and_prints_strings_as_text_without_control_characters(cli, journal):
    res = cli("order", "history", "--jq", '.[] | select(.state == "refused") | .message')
    assert res.code == 0, res.err
    assert res.out == "[2Jbad value\n"  # like `jq -r`, and sanitised: no ESC reaches the terminal
    res = cli("order", "history", "--json", "id", "--jq", "map(.id)")
    assert json.loads(res.out) == ["CHEC_A", "7", None, None]


def test_a_bad_jq_expression_is_a_usage_error(cli, journal):
    res = cli("order", "history", "--jq", ".[")
    assert res.code == 2 and res.out == "" and "invalid --jq expression" in res.err


@pytest.mark.parametrize("args, expected", [
    (("--provider", "gestaoplus"), ["7"]),
    (("--state", "created"), ["CHEC_A", "7"]),
    (("--profile", "shop"), [None]),
    (("--since", "2026-12-01"), ["7", None, None]),
    (("--provider", "pagbank", "--state", "unknown"), [None]),
    (("--provider", "pagbank", "--limit", "1"), [None]),  # filters first, then the newest N
])
def test_history_filters(cli, journal, args, expected):
    res = cli("order", "history", *args, "--output", "json")
    assert res.code == 0, res.err
    assert [e["id"] for e in res.json()] == expected


@pytest.mark.parametrize("args, message", [(("--state", "paid"), "unknown state 'paid'"),
                                           (("--provider", "stripe"), "unknown provider 'stripe'"),
                                           (("--since", "yesterday"), "is not a date or time")])
def test_bad_history_filters_are_usage_errors(cli, journal, args, message):
    res = cli("order", "history", *args)
    assert res.code == 2 and message in res.err


def test_history_table_has_the_reason_and_document_columns(cli, journal, monkeypatch):
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", "200")
    res = cli("order", "history", "--state", "refused")
    assert res.code == 0, res.err
    header = next(line for line in res.out.splitlines() if "┃" in line)
    assert "reason" in header and "doc" in header
    assert "[2Jbad value" in res.out and "\x1b" not in res.out


@pytest.mark.parametrize("args, key", [(("providers",), "name"), (("config", "show"), "profile"),
                                       (("sandbox", "fault", "list"), "path")])
def test_every_list_takes_json_fields(cli, args, key):
    listed = cli(*args, "--json")
    assert listed.code == 0 and key in listed.out.split()
    res = cli(*args, "--json", key)
    assert res.code == 0, res.err
    value = res.json()
    assert (list(value) == [key]) if isinstance(value, dict) else all(list(v) == [key] for v in value)


def test_order_create_and_show_take_json_fields_and_jq(cli):
    placed = cli("order", "create", SAMPLES / "pagbank.yaml", "--json", "id,status,total")
    assert placed.code == 0, placed.err
    order = placed.json()
    assert list(order) == ["id", "status", "total"] and order["id"].startswith("CHEC_")
    shown = cli("order", "show", order["id"], "--jq", ".items | length")
    assert shown.code == 0, shown.err and int(shown.out) >= 1
    assert cli("order", "show", order["id"], "--json").out.split()[:3] == ["provider", "id", "code"]


def test_jq_is_imported_only_when_used():
    code = ("import sys; from checkoutctl.entry import main; main(['providers', '--json', 'name']); "
            "assert 'jq' not in sys.modules, 'jq imported'; main(['providers', '--jq', '.[0].name']); "
            "assert 'jq' in sys.modules")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[-1] == "gestaoplus"
