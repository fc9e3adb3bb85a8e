"""Issue 11 / CONTRACT §3 on a real pseudo-terminal at 80 and 120 columns, and piped:

- on a terminal no id, token, code or URL is split across lines (other columns give way; a link too
  long for the table is listed whole under it), and every line that is not such a whole value fits;
- piped, tables are tab-separated rows of whole values: no borders, no padding, no wrapping;
- colour follows NO_COLOR, CLICOLOR_FORCE and the terminal.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.integration.terminal.conftest import SAMPLES, on_pty, piped

PROVIDERS = ("gestaoplus", "pagbank", "bakeronline", "crayon")
SHOWN = ("gestaoplus", "pagbank", "bakeronline")  # Crayon has no order lookup (seed 003)
BOX = set("│┃━─┏┓┗┛┡┩└┘├┤┼╇╋")
# Each command runs its own embedded sandbox on a free port: its links differ only there.
PORT = re.compile(r"127\.0\.0\.1:\d+")


def same_port(text: str) -> str:
    return PORT.sub("127.0.0.1:PORT", text)


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    """One order of every provider placed through the embedded sandbox, as `--output json` showed it."""
    home = tmp_path_factory.mktemp("terminal") / "home"
    orders = {}
    for provider in PROVIDERS:
        res = piped(home, "order", "create", SAMPLES / f"{provider}.yaml", "--output", "json")
        assert res.code == 0, res.err
        orders[provider] = json.loads(res.out)
    return home, orders


def identifiers(order: dict) -> list[str]:
    """What must never be split: id, code, token, every URL."""
    values = [order.get("id"), order.get("code"), order.get("token"), order.get("payment_url")]
    values += [a.get("url") for a in order.get("attachments", [])] + [link.get("url") for link in order.get("links", [])]
    values += [i.get("id") for i in order.get("items", [])]
    return [same_port(v) for v in values if v and v != "-"]


def assert_whole_and_fitting(run, values, columns: int) -> None:
    assert run.code == 0, run.err
    run.out = same_port(run.out)
    for value in values:
        assert any(value in line for line in run.lines), (value, run.out)
    for line in run.lines:
        if len(line) > columns:  # only a line that carries a whole identifier may be wider than the terminal
            assert any(value in line for value in values), (line, columns)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("provider", SHOWN)
def test_order_show_never_splits_an_identifier(placed, provider, columns):
    home, orders = placed
    order = orders[provider]
    ref = ("--token", order["token"]) if order["token"] else (order["id"],)
    run = on_pty(home, "order", "show", *ref, "--provider", provider, columns=columns)
    shown = json.loads(piped(home, "order", "show", *ref, "--provider", provider, "--output", "json").out)
    assert_whole_and_fitting(run, identifiers(shown), columns)
    assert "┏" in run.out or "id " in run.out  # the terminal's view, not TSV
    assert "\t" not in run.out


@pytest.mark.parametrize("provider", PROVIDERS)
def test_order_create_on_a_terminal_never_splits_an_identifier(placed, provider):
    home, _ = placed
    sample = (SAMPLES / f"{provider}.yaml").read_text("utf-8")
    if provider == "crayon":  # Crayon checks an ExternalOrderId out once: a new purchase request
        sample = sample.replace("PO-2030-0042", "PO-2030-0043")
    (home.parent / f"{provider}.yaml").write_text(sample, "utf-8")
    run = on_pty(home, "order", "create", home.parent / f"{provider}.yaml", "--again", columns=80)
    newest = json.loads(piped(home, "order", "history", "--output", "json").out)[-1]
    assert newest["provider"] == provider and newest["state"] == "created"
    assert_whole_and_fitting(run, [v for v in (newest["id"], newest["token"]) if v], 80)


@pytest.mark.parametrize("columns", [80, 120])
def test_history_on_a_terminal_keeps_every_id_and_token_whole(placed, columns):
    home, orders = placed
    run = on_pty(home, "order", "history", columns=columns)
    values = [v for o in orders.values() for v in (o["id"], o["token"]) if v]
    assert_whole_and_fitting(run, values, columns)
    assert all(len(line) <= columns for line in run.lines)
    for provider in PROVIDERS:
        assert any(provider in line and "created" in line for line in run.lines)


def test_history_piped_is_tsv_of_whole_values(placed):
    home, orders = placed
    run = piped(home, "order", "history")
    assert run.code == 0, run.err
    entries = json.loads(piped(home, "order", "history", "--output", "json").out)
    rows = [line.split("\t") for line in run.lines]
    assert len(rows) == len(entries) and not BOX & set(run.out)
    for row, entry in zip(rows, entries):
        assert row[0] == entry["at"] and row[1] == entry["provider"] and row[3] == entry["state"]
        assert row[4] == (" / ".join(v for v in (entry["id"], entry["token"]) if v) or "-")
        assert row == [cell.strip() for cell in row]  # no padding
    # `order history | grep ID` finds the order
    assert any(orders["pagbank"]["id"] in line for line in run.lines)


@pytest.mark.parametrize("provider", SHOWN)
def test_order_show_piped_is_tsv(placed, provider):
    home, orders = placed
    order = orders[provider]
    ref = ("--token", order["token"]) if order["token"] else (order["id"],)
    run = piped(home, "order", "show", *ref, "--provider", provider)
    assert run.code == 0, run.err
    assert not BOX & set(run.out)
    assert f"id\t{order['id']}" in run.lines
    run.out = same_port(run.out)
    shown = json.loads(piped(home, "order", "show", *ref, "--provider", provider, "--output", "json").out)
    for value in identifiers(shown):
        assert any(value in line.split("\t") for line in run.lines), value  # a whole field


def test_providers_piped_every_row_names_its_provider(placed):
    home, _ = placed
    rows = [line.split("\t") for line in piped(home, "providers").lines]
    stops = [row for row in rows if row[1] in ("cancel", "inactivate")]
    assert {(row[0], row[1]) for row in stops} == {("gestaoplus", "cancel"), ("pagbank", "inactivate")}  # whose
    assert all(row[0] in ("gestaoplus", "pagbank", "bakeronline", "crayon") for row in rows)


@pytest.mark.parametrize("args", [("providers",), ("config", "show")])
def test_other_lists_piped_are_tsv(placed, args):
    home, _ = placed
    run = piped(home, *args)
    assert run.code == 0, run.err
    assert run.out and not BOX & set(run.out) and all("\t" in line for line in run.lines)


def test_colour_follows_the_terminal_no_color_and_clicolor_force(placed):
    home, _ = placed
    coloured = on_pty(home, "order", "history", columns=120, env={"NO_COLOR": None})
    assert "\x1b[32mcreated" in coloured.out  # a created order is green
    assert "\x1b" not in on_pty(home, "order", "history", columns=120).out  # NO_COLOR
    assert "\x1b" not in piped(home, "order", "history", env={"NO_COLOR": None}).out  # a pipe
    forced = piped(home, "order", "history", env={"NO_COLOR": None, "CLICOLOR_FORCE": "1"})
    assert "\x1b[32mcreated\x1b[0m" in forced.out and "┃" not in forced.out  # still TSV, coloured
    assert "┃" in piped(home, "order", "history", env={"CHECKOUTCTL_FORCE_TTY": "1"}).out


@pytest.mark.parametrize("columns", [80, 120])
def test_pagbank_amounts_add_up_to_the_total(placed, columns):
    """Issue 11: PagBank's shipping was invisible; the Amounts lines now add up to the total shown."""
    from decimal import Decimal

    home, orders = placed
    run = on_pty(home, "order", "show", orders["pagbank"]["id"], columns=columns)
    assert run.code == 0, run.err
    lines = run.lines[run.lines.index(next(line for line in run.lines if line.startswith("Amounts"))):]
    cells = [[c.strip() for c in line.strip("│").split("│")] for line in lines if line.startswith("│")]
    amounts = {label: Decimal(value.split()[0].replace(",", "")) for label, value in cells[:5]}
    assert set(amounts) == {"items", "shipping", "additional", "discount", "total"}
    assert amounts["shipping"] > 0 and amounts["discount"] < 0
    assert amounts["items"] + amounts["shipping"] + amounts["additional"] + amounts["discount"] == amounts["total"]
    assert str(amounts["total"]) == orders["pagbank"]["total"]
