"""On a real pseudo-terminal at 80 and 120 columns, with and without colour, the order tables' rows drawn
in plain Python (render/plain_rows.py) are the bytes rich's own Table writes (issue 15).

The child process draws the same order's sections twice on `stdout_console()`, the console the CLI uses
(its width and colour found from the pty), once through rich's rows (`rich_rows=True`) and once the
fast way; OSC 8 link ids are random per style, so they are the one thing normalised.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.integration.terminal.conftest import DEADLINE, ROOT, _env, _read_until_exit, _reap, _sized_pty

LINK_ID = re.compile(rb"\x1b\]8;id=[^;]*;")
MARK = "=====8<=====\n"
CHILD = f"""
from decimal import Decimal
from checkoutctl.model import Attachment, Customer, Installment, Item, Link, Order
from checkoutctl.render.console import stdout_console
from checkoutctl.render.list_table import draw
from checkoutctl.render.order_table import order_listings

items = tuple(Item(id=f"SKU-{{i:05d}}", description="Produto número " + "漢字" * (i % 3) + str(i), quantity=1 + i % 5,
                   unit_price=Decimal(990 + i) / 100, total=Decimal((990 + i) * (1 + i % 5)) / 100) for i in range(40))
installments = tuple(Installment(number=i + 1, due_date="2026-01-10", amount=Decimal("10.00"),
                                 paid=Decimal("10.00") if i % 3 else None, method="CARTAO_CREDITO",
                                 status="PAGO" if i % 3 else "pending", code=f"p{{i}}") for i in range(12))
order = Order(provider="pagbank", id="CHEC_" + "7" * 30, status="PAID", currency="BRL", total=Decimal("1.00"),
              customer=Customer("Maria da Silva", "52998224725", "maria@example.com"), items=items,
              installments=installments,
              attachments=(Attachment("boleto.pdf", "Boleto", "the first installment's boleto",
                                      "https://pay.example/boleto/" + "b" * 70),),
              links=(Link("PAY", "GET", "https://pay.example/x"),))
console = stdout_console()
for rich_rows in (True, False):
    for part in order_listings(order):
        draw(part, console, rich_rows=rich_rows)
    console.file.write({MARK!r})
    console.file.flush()
"""


def drawn_on_pty(columns: int, env: dict) -> list[bytes]:
    master, slave = _sized_pty(columns)
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=slave, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
    os.close(slave)
    try:
        out = _read_until_exit(master, proc)
        err = proc.stderr.read().decode("utf-8", "replace")
        assert proc.wait(timeout=DEADLINE) == 0, err
    finally:
        _reap(master, proc)
    return LINK_ID.sub(b"\x1b]8;id=N;", out).split(MARK.replace("\n", "\r\n").encode())[:2]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("colour", [False, True])
def test_plain_rows_are_richs_bytes_on_a_terminal(tmp_path, columns, colour):
    env = _env(tmp_path / "home", {"COLUMNS": str(columns), "NO_COLOR": None if colour else "1"})
    reference, fast = drawn_on_pty(columns, env)
    assert fast == reference
    assert b"\xe2\x94\x8f" in fast  # "┏": a table, not TSV
    assert (b"\x1b[" in fast) is colour
    assert b"SKU-00039" in fast and ("CHEC_" + "7" * 30).encode() in fast
