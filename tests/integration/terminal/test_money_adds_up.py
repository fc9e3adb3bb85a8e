"""Issue 11, "tables that explain the money": for every provider, on a real pseudo-terminal at 80 and 120
columns and piped (TSV), a reader can add the printed amount lines up to the total printed in the summary
(discounts included, as negative lines); a Bakeronline order group's orders add up to the group's total;
no summary row is a dash; Crayon says when it was placed; times are the user's zone (TZ) on a terminal
and RFC 3339 piped.

Each document is placed once through the embedded sandbox (the real CLI, real HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal

import pytest

from tests.integration.terminal.conftest import SAMPLES, on_pty, piped

TWO_SHOPS = """\
provider: bakeronline
order:
  cart:
    - {amount: 2, product_id: 18, product_price_id: 17, shop_id: 12, comment: "Happy birthday"}
    - {amount: 1, product_id: 15, product_price_id: 19, shop_id: 13}
    - {amount: 3, product_id: 19, product_price_id: 21, shop_id: 12}
  checkout:
    method: takeout
    takeout:
      shops:
        shop_12: {id: 12, date: "2030-06-14", time: "10:00"}
        shop_13: {id: 13, date: "2030-06-14", time: "11:00"}
    coupons:
      - code: BAKKER20
  payment_method: bancontact
"""
# The Amounts' last row, in the provider's words where its documents have them (seed 002 price_to_pay).
TOTAL_LABEL = {"bakeronline": "price to pay"}
CASES = ("gestaoplus", "gestaoplus-boleto", "pagbank", "bakeronline", "bakeronline-two-shops", "crayon")
ZONE = "America/Sao_Paulo"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """{case: (home, order file)}: each case's own home, so each create is a first placement."""
    root = tmp_path_factory.mktemp("money")
    out = {}
    for case in CASES:
        path = root / f"{case}.yaml"
        if case == "gestaoplus-boleto":  # a 3-installment boleto plan (the sandbox's negotiation type 33)
            path.write_text((SAMPLES / "gestaoplus.yaml").read_text("utf-8").replace("negotiationType: 22",
                                                                                      "negotiationType: 33"), "utf-8")
        elif case == "bakeronline-two-shops":
            path.write_text(TWO_SHOPS, "utf-8")
        else:
            path.write_text((SAMPLES / f"{case}.yaml").read_text("utf-8"), "utf-8")
        out[case] = (root / f"home-{case}", path)
    return out


_PURCHASES = iter(range(100, 1000))


def fresh(path):
    """The case's file, ready to place again: Crayon checks an ExternalOrderId out once (seed 003)."""
    if path.name == "crayon.yaml":
        text = (SAMPLES / "crayon.yaml").read_text("utf-8")
        path.write_text(text.replace("PO-2030-0042", f"PO-2030-{next(_PURCHASES)}"), "utf-8")
    return path


def box_rows(lines: list[str], title: str) -> list[list[str]]:
    """The body rows of the table titled `title` (the first one after that title line), as stripped cells."""
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("└"):
            break
        if line.startswith("│"):
            rows.append([cell.strip() for cell in line.strip().strip("│").split("│")])
    return rows


def amount(text: str) -> Decimal:
    return Decimal(text.split()[0].replace(",", ""))


def check_terminal(run) -> tuple[list[dict[str, str]], list[list[list[str]]]]:
    """The summaries and, per order, its Amounts rows, checked to add up to the summary's total."""
    assert run.code == 0, run.err
    lines = run.lines
    blocks, found = [], []
    starts = [i for i, line in enumerate(lines) if line.startswith("provider ")] + [len(lines)]
    for begin, end in zip(starts, starts[1:]):
        block = lines[begin:end]
        summary = {}
        for line in block:
            if not line or line[0] in "│┃┏┡└├┌" or line.startswith(("[", "Amounts", "Items", "Installments",
                                                                    "Attachments", "Notes", "Order group")):
                if not line:
                    break
                continue
            label, _, value = re.split(r"( {2,})", line, maxsplit=1)  # labels hold one space at most
            summary[label] = value.strip()
        blocks.append(summary)
        assert all(value and value != "-" for value in summary.values()), summary  # no rows of dashes
        rows = box_rows(block, "Amounts") if any(line.strip() == "Amounts" for line in block) else []
        found.append(rows)
        if rows:
            *parts, total = rows
            assert total[0] == TOTAL_LABEL.get(summary["provider"], "total")
            assert sum((amount(v) for _, v in parts), Decimal("0.00")) == amount(total[1]) == amount(summary["total"])
    return blocks, found


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("case", CASES)
def test_amounts_on_a_terminal_add_up_to_the_total(files, case, columns):
    home, path = files[case]
    first = piped(home, "order", "create", fresh(path), "--again", "--output", "json")
    assert first.code == 0, first.err
    placed = json.loads(first.out)
    placed = placed if isinstance(placed, list) else [placed]
    run = on_pty(home, "order", "create", fresh(path), "--again", columns=columns, env={"TZ": ZONE})
    blocks, amounts = check_terminal(run)
    assert len(blocks) == len(placed)
    for summary, rows, order in zip(blocks, amounts, placed):
        if order["total"] is None:  # Crayon: its order lines carry no money at all (seed 003)
            assert "total" not in summary and not rows
        else:
            assert rows, run.out  # every priced order explains its total
            labels = [label for label, _ in rows]
            assert "discount" in labels
            if order["provider"] == "bakeronline":
                assert {"price", "delivery", "invoice", "sms", "transaction costs"} <= set(labels)
                assert summary["shop"] and summary["handover"] and summary["payment method"] == "bancontact"
        # the user's zone on a terminal: the time printed is the JSON's RFC 3339 moment in TZ
        created = datetime.fromisoformat(order["created_at"])
        from zoneinfo import ZoneInfo

        local = created.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:")
        assert summary["created"].startswith(local), (summary, order["created_at"])
    if case == "bakeronline-two-shops":
        group = box_rows(run.lines, next(line.strip() for line in run.lines if line.startswith("Order group")))
        *members, total = group
        assert len(members) == 2 and total[0] == "total"
        assert sum(amount(v) for _, v in members) == amount(total[1]) == sum(
            (amount(b["total"]) for b in blocks), Decimal("0.00"))


@pytest.mark.parametrize("case", CASES)
def test_amounts_piped_add_up_to_the_total(files, case):
    home, path = files[case]
    run = piped(home, "order", "create", fresh(path), "--again", env={"TZ": ZONE})
    assert run.code == 0, run.err
    orders = [[]]
    for line in run.lines:
        if not line:
            orders.append([])
        else:
            orders[-1].append(line.split("\t"))
    orders = [rows for rows in orders if rows and rows[0][0] == "provider"]
    assert orders
    for rows in orders:
        summary = {row[0]: row[1] for row in rows if len(row) == 2}
        assert all(value and value != "-" for value in summary.values()), summary
        assert datetime.fromisoformat(summary["created"]).tzinfo is not None  # RFC 3339, not the local zone
        lines = [row[1:] for row in rows if row[0] == "amounts"]
        if "total" not in summary:
            assert summary["provider"] == "crayon" and not lines
            continue
        *parts, total = lines
        assert total[0] == TOTAL_LABEL.get(summary["provider"], "total")
        assert any(label == "discount" for label, _ in parts)
        assert sum((amount(v) for _, v in parts), Decimal("0.00")) == amount(total[1]) == amount(summary["total"])
    group = [row for row in run.lines if row.startswith("group\t")]
    if case == "bakeronline-two-shops":
        cells = [row.split("\t")[2:] for row in group]
        *members, total = cells
        assert len(members) == 2 and total[0] == "total"
        assert sum(amount(v) for _, v in members) == amount(total[1])
    else:
        assert not group


def test_crayon_says_when_it_was_placed(files):
    home, path = files["crayon"]
    run = piped(home, "order", "create", fresh(path), "--again", "--output", "json")
    assert run.code == 0, run.err
    order = json.loads(run.out)
    entry = json.loads(piped(home, "order", "history", "--output", "json").out)[-1]
    assert order["created_at"] == entry["at"]  # the journal's moment: the 204 answer has no time
