"""Issue 11, "`order show` of a Bakeronline order keeps its payment URL and items": Bakeronline's GET
/orders/{id} answers neither (seed 002's order object; seeds/README), so what `order create` showed
comes back from this machine's journal, said so in a note; JSON carries the same; a machine that did not
place the order shows what the provider answers, no error. On a real pty at 80 and 120 columns and
piped: the URL is never split, the items are shown, the amount lines still add up.

Real processes, real HTTP on 127.0.0.1: the embedded sandbox, and `sandbox serve` of a home."""

from __future__ import annotations

import json

import pytest

from tests.integration.sandbox.test_lasting_links import free_port, serving
from tests.integration.terminal.conftest import SAMPLES, on_pty, piped
from tests.integration.terminal.test_money_adds_up import TWO_SHOPS, amount, box_rows, check_terminal

pytestmark = pytest.mark.integration


def create(home, path) -> list[dict]:
    run = piped(home, "order", "create", path, "--output", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    return doc if isinstance(doc, list) else [doc]


@pytest.fixture(scope="module")
def one_shop(tmp_path_factory):
    """(home, the order as `order create --output json` printed it): the sample, placed once."""
    home = tmp_path_factory.mktemp("keeps") / "home"
    [order] = create(home, SAMPLES / "bakeronline.yaml")
    assert order["payment_url"] and len(order["items"]) == 2  # what create shows, from the answer and request
    return home, order


def test_show_json_carries_the_payment_url_and_items_create_showed(one_shop):
    home, placed = one_shop
    run = piped(home, "order", "show", placed["id"], "--output", "json")
    assert run.code == 0, run.err
    shown = json.loads(run.out)
    assert shown["payment_url"] == placed["payment_url"]
    assert shown["items"] == placed["items"]
    assert shown["group_id"] == placed["group_id"]
    assert shown["from_journal"] == ["payment_url", "items", "group_id"]
    assert shown["amounts"] == placed["amounts"] and shown["total"] == placed["total"]
    fields = piped(home, "order", "show", placed["id"], "--json", "id,payment_url,items,from_journal")
    assert fields.code == 0, fields.err
    assert json.loads(fields.out) == {"id": placed["id"], "payment_url": placed["payment_url"],
                                      "items": placed["items"], "from_journal": shown["from_journal"]}


def test_order_open_prints_the_payment_url_of_an_order_placed_here(one_shop):
    home, placed = one_shop
    run = piped(home, "order", "open", placed["id"], "--print")
    assert run.code == 0, run.err
    assert run.out == placed["payment_url"] + "\n"


@pytest.mark.parametrize("columns", [80, 120])
def test_show_on_a_terminal_has_the_whole_url_the_items_and_amounts_that_add_up(one_shop, columns):
    home, placed = one_shop
    run = on_pty(home, "order", "show", placed["id"], columns=columns)
    [summary], [amounts] = check_terminal(run)  # the amount lines add up to the summary's total
    assert amounts and summary["payment URL"] == placed["payment_url"]  # whole, on its one line
    assert sum(line.count(placed["payment_url"]) for line in run.lines) == 1
    items = box_rows(run.lines, "Items")
    assert [row[:3] for row in items] == [[i["id"], i["description"], str(i["quantity"])] for i in placed["items"]]
    notes = " ".join(" ".join(row) for row in box_rows(run.lines, "Notes"))
    assert "as placed from this machine (its journal)" in notes and "…" not in notes
    assert max(len(line) for line in run.lines) <= columns


def test_show_piped_has_the_url_the_items_and_amounts_that_add_up(one_shop):
    home, placed = one_shop
    run = piped(home, "order", "show", placed["id"])
    assert run.code == 0, run.err
    rows = [line.split("\t") for line in run.lines]
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert summary["payment URL"] == placed["payment_url"]
    assert [row[1:4] for row in rows if row[0] == "items"] == [[i["id"], i["description"], str(i["quantity"])]
                                                               for i in placed["items"]]
    *parts, total = [row[1:] for row in rows if row[0] == "amounts"]
    assert sum(amount(v) for _, v in parts) == amount(total[1]) == amount(summary["total"])
    assert any(row[0] == "notes" and "its journal" in row[1] for row in rows)


def test_a_group_shown_by_its_ids_has_each_orders_own_lines_and_the_groups_total(tmp_path):
    home = tmp_path / "home"
    path = tmp_path / "two-shops.yaml"
    path.write_text(TWO_SHOPS, "utf-8")
    placed = create(home, path)
    ids = ",".join(o["id"] for o in placed)
    shown = json.loads(piped(home, "order", "show", ids, "--output", "json").out)
    assert [(o["items"], o["payment_url"], o["group_id"]) for o in shown] == [
        (o["items"], o["payment_url"], o["group_id"]) for o in placed]
    assert [len(o["items"]) for o in shown] == [2, 1]  # shop 12's two lines, shop 13's one
    run = on_pty(home, "order", "show", ids, columns=80)
    check_terminal(run)
    title = next(line.strip() for line in run.lines if line.startswith("Order group"))
    *members, total = box_rows(run.lines, title)
    assert len(members) == 2 and sum(amount(v) for _, v in members) == amount(total[1])


def test_against_sandbox_serve_and_from_a_machine_that_did_not_place_it(tmp_path):
    home, port = tmp_path / "home", free_port()
    with serving(home, port):
        [placed] = create(home, SAMPLES / "bakeronline.yaml")
        assert placed["payment_url"] == f"http://127.0.0.1:{port}/bakeronline/pay/{placed['group_id']}"
        run = piped(home, "order", "show", placed["id"], "--output", "json")
        assert run.code == 0, run.err
        assert "sandbox serve at" in run.err
        shown = json.loads(run.out)
        assert (shown["payment_url"], shown["items"]) == (placed["payment_url"], placed["items"])
        # The same with --provider on the machine that placed it: still its own record.
        run = piped(home, "order", "show", placed["id"], "--provider", "bakeronline", "--output", "json")
        assert json.loads(run.out)["items"] == placed["items"]
        # Another machine (a fresh home), told the provider: the provider's answer, no error, no journal made.
        other = tmp_path / "other"
        base = ["--provider", "bakeronline", "--base-url", f"http://127.0.0.1:{port}/bakeronline"]
        env = {"CHECKOUTCTL_TOKEN": "sandbox"}
        run = piped(other, "order", "show", placed["id"], *base, "--output", "json", env=env)
        assert run.code == 0, run.err
        answered = json.loads(run.out)
        assert (answered["payment_url"], answered["items"], answered["from_journal"]) == (None, [], [])
        assert answered["id"] == placed["id"] and answered["amounts"] == placed["amounts"]
        table = on_pty(other, "order", "show", placed["id"], *base, columns=80, env=env)
        [summary], [amounts] = check_terminal(table)
        assert amounts and "payment URL" not in summary
        assert not any(line.strip() in ("Items", "Notes") for line in table.lines)
        assert not (other / "journal.sqlite3").exists()
